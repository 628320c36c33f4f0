-- ServiceGrid migration 0005: query tables of our own, beside Orleans' tables in the same database.
-- The grains stay the source of truth; a projection fills these tables from their events so that case lists and
-- monthly reports are SQL queries instead of a fan-out over grains.
-- Writes are idempotent on (case id, version), because a projection may see an event again after a restart:
--   cases:       INSERT ... ON CONFLICT (id) DO UPDATE ... WHERE cases.version < excluded.version
--   case_events: INSERT ... ON CONFLICT (case_id, version) DO NOTHING

-- One row per case: the columns that list filters and reports use, plus the full view as the API returns it.
CREATE TABLE cases
(
    id text NOT NULL,
    region text NOT NULL,
    branch_id text NULL,
    engineer_id text NULL,
    state text NOT NULL,
    severity text NOT NULL,
    kind text NOT NULL,
    tier smallint NOT NULL,
    customer_id text NOT NULL,
    opened_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    version integer NOT NULL,
    view jsonb NOT NULL,

    CONSTRAINT pk_cases PRIMARY KEY (id)
);

-- GET /api/cases?region=&state=&severity=&page= pages newest first.
CREATE INDEX ix_cases_region_state_severity ON cases (region, state, severity, opened_at DESC);
-- GET /api/reports/monthly?month=&region= selects by opening month.
CREATE INDEX ix_cases_opened_at ON cases (opened_at);
CREATE INDEX ix_cases_branch_id ON cases (branch_id) WHERE branch_id IS NOT NULL;
CREATE INDEX ix_cases_engineer_id ON cases (engineer_id) WHERE engineer_id IS NOT NULL;
CREATE INDEX ix_cases_customer_id ON cases (customer_id);

-- Append-only timeline: one row per version of a case. No foreign key to cases, so that the projection may write
-- an event before (or without) the case row it belongs to.
CREATE TABLE case_events
(
    case_id text NOT NULL,
    version integer NOT NULL,
    at timestamptz NOT NULL,
    type text NOT NULL,
    actor text NOT NULL,
    entry jsonb NOT NULL,

    CONSTRAINT pk_case_events PRIMARY KEY (case_id, version)
);

CREATE INDEX ix_case_events_at ON case_events (at);
