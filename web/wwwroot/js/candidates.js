// The server's recommended engineers for a case (`GET /api/cases/{id}/candidates`, issue 15), shared by the pages:
// fetched once per case version and at most every `maxAge`, a few at a time, and drawn the same way everywhere.
import { getJson } from './api.js';
import { countdown, escapeHtml } from './format.js';

export class CandidateCache {
  constructor({ limit = 5, maxAge = 20_000, parallel = 4, onLoaded = () => {} } = {}) {
    this.limit = limit;
    this.maxAge = maxAge;
    this.parallel = parallel;
    this.onLoaded = onLoaded;
    this.entries = new Map();
    this.waiting = [];
    this.running = 0;
  }

  /** The last answer for the case (or undefined), asking again when the case changed or the answer is old. */
  get(row) {
    const entry = this.entries.get(row.id);
    const stale = !entry || (entry.version !== row.version && Date.now() - entry.at > 1000) || Date.now() - entry.at > this.maxAge;
    if (stale && !this.waiting.includes(row.id) && !entry?.loading) this.request(row);
    return entry?.list;
  }

  /** Asks now, whatever is cached (after the page changed something the answer depends on). */
  refresh(row) {
    this.request(row);
  }

  request(row) {
    const entry = this.entries.get(row.id) ?? {};
    this.entries.set(row.id, { ...entry, version: row.version, at: Date.now(), loading: true });
    this.waiting.push(row.id);
    this.pump();
  }

  pump() {
    while (this.running < this.parallel && this.waiting.length > 0) {
      const id = this.waiting.shift();
      this.running++;
      getJson(`/api/cases/${encodeURIComponent(id)}/candidates?limit=${this.limit}`)
        .then(list => this.entries.set(id, { ...this.entries.get(id), list, at: Date.now(), loading: false }))
        // A case that left the scope or closed meanwhile: forget it, the next render asks again if it is still shown.
        .catch(() => this.entries.delete(id))
        .finally(() => { this.running--; this.onLoaded(id); this.pump(); });
    }
  }

  forget(keep) {
    for (const id of this.entries.keys()) if (!keep.has(id)) this.entries.delete(id);
  }
}

/** Nobody can be on site in time: no candidate at all, or none that meets the on-site due time. */
export const isDispatchRisk = list => !!list && (list.items.length === 0 || list.items.every(c => !c.meets.onsite));

export const riskBadge = list => isDispatchRisk(list)
  ? `<span class="dispatch-risk" title="${escapeHtml(list.reason ?? 'No engineer can be on site in time')}">⚠ dispatch risk</span>` : '';

/** When a candidate is on site, from now: the server's reasons carry the clock time in the branch's own zone. */
export const etaText = at => `in ${countdown(at)}`;

/** Response, on site, resolution: met or missed, by symbol and word. */
export const slaFit = meets => ['response', 'onsite', 'resolution']
  .map(m => `<span class="fit fit-${meets[m] ? 'met' : 'missed'}">${meets[m] ? '✓' : '✕'} ${m === 'onsite' ? 'on site' : m}</span>`).join(' ');
