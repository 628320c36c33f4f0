// Every action goes here first (IndexedDB, through the vendored `idb`), with its Idempotency-Key and the time the
// engineer did it, and is sent in order: on open, when the browser comes back online, after each new action and on a
// timer (Safari has no Background Sync). The server answers a replay with its first outcome, so a lost answer is
// simply sent again. A refused action is kept, with the server's reason, and the same case's later actions wait
// until the engineer decides: no silent last-write-wins.
const database = idb.openDB('servicegrid-engineer', 1, {
  upgrade(db) { db.createObjectStore('outbox', { keyPath: 'seq', autoIncrement: true }); },
});

export const Status = { waiting: 'waiting', refused: 'refused' };

export function newKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), b => b.toString(16).padStart(2, '0')).join('');
}

/** Queues one action: `path` and `body` of its POST (the body gets `occurredAt`), a label for the screen. */
export async function enqueue({ caseId, path, body, label }) {
  const entry = {
    caseId, path, label, key: newKey(), status: Status.waiting,
    body: { ...body, occurredAt: new Date().toISOString() },
  };
  entry.seq = await (await database).add('outbox', entry);
  return entry;
}

export const entries = async () => (await database).getAll('outbox');

const remove = async seq => (await database).delete('outbox', seq);
const save = async entry => (await database).put('outbox', entry);

/** The engineer discards a refused action and everything queued after it for its case. */
export async function discard(caseId) {
  for (const entry of await entries()) if (entry.caseId === caseId) await remove(entry.seq);
}

/** The engineer sends a refused action again, as a new command (a new key: the old one answers its refusal). */
export async function retry(caseId) {
  for (const entry of await entries()) {
    if (entry.caseId === caseId && entry.status === Status.refused) {
      await save({ ...entry, key: newKey(), status: Status.waiting, reason: undefined, caseState: undefined });
    }
  }
}

let running = null;

/**
 * Sends what waits, in order. `send(entry)` answers `{ ok, status, body }` or throws when there is no network;
 * `onSent(entry, body)` and `onRefused(entry)` tell the page. Stops at the first network failure.
 */
export function flush(send, { onSent, onRefused, describeCase }) {
  running ??= (async () => {
    try {
      const blocked = new Set();
      for (const entry of await entries()) {
        if (entry.status === Status.refused) { blocked.add(entry.caseId); continue; }
        if (blocked.has(entry.caseId)) continue;
        let answer;
        try {
          answer = await send(entry);
        } catch {
          return;
        }
        if (answer.ok) {
          await remove(entry.seq);
          onSent(entry, answer.body);
        } else if (answer.retryLater) {
          return;
        } else {
          const refused = { ...entry, status: Status.refused, reason: answer.body?.detail ?? `HTTP ${answer.status}` };
          refused.caseState = await describeCase(entry.caseId).catch(() => null);
          await save(refused);
          blocked.add(entry.caseId);
          onRefused(refused);
        }
      }
    } finally {
      running = null;
    }
  })();
  return running;
}
