-- Issue 16, the engineer's app.
-- The outcome of every case command sent with an Idempotency-Key, per user; a row without an outcome is a command in
-- flight, held until lease_until (then a retry may take it over). Rows older than the retention are deleted.
CREATE TABLE idempotency_keys
(
    user_name text NOT NULL,
    key text NOT NULL,
    fingerprint text NOT NULL,
    created_at timestamptz NOT NULL,
    lease_until timestamptz NOT NULL,
    outcome jsonb,

    CONSTRAINT pk_idempotency_keys PRIMARY KEY (user_name, key)
);

CREATE INDEX ix_idempotency_keys_created_at ON idempotency_keys (created_at);

-- Files of a case (the customer's signature on the dispatch form), outside the case's grain state.
CREATE TABLE case_attachments
(
    case_id text NOT NULL,
    id text NOT NULL,
    content_type text NOT NULL,
    content bytea NOT NULL,
    created_by text NOT NULL,
    created_at timestamptz NOT NULL,

    CONSTRAINT pk_case_attachments PRIMARY KEY (case_id, id)
);
