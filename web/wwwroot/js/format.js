// How a case looks everywhere: severity by colour AND shape AND label, SLA state by word and symbol, never colour alone.
export const severities = ['P1', 'P2', 'P3', 'P4', 'P5'];

// Colours from ColorBrewer's colour-blind-safe diverging schemes, dark enough for white labels (WCAG AA).
export const severityStyle = {
  P1: { colour: '#b2182b', shape: 'triangle', name: 'critical' },
  P2: { colour: '#b35806', shape: 'diamond', name: 'major' },
  P3: { colour: '#542788', shape: 'square', name: 'moderate' },
  P4: { colour: '#2166ac', shape: 'circle', name: 'minor' },
  P5: { colour: '#4d4d4d', shape: 'circle', name: 'request' },
};

const milestones = ['response', 'onsite', 'resolution'];

/** The worst running state of a case's SLA: breached, atRisk, pending or none. */
export function slaState(row) {
  const statuses = milestones.map(m => row.sla[m].status);
  if (statuses.includes('breached')) return 'breached';
  if (statuses.includes('atRisk')) return 'atRisk';
  return statuses.includes('pending') ? 'pending' : 'none';
}

export const slaLabel = { breached: '✕ breached', atRisk: '! at risk', pending: '◷ pending', none: '– no SLA' };

export function countdown(dueAt, now = Date.now()) {
  if (!dueAt) return '—';
  const ms = Date.parse(dueAt) - now;
  const total = Math.abs(Math.round(ms / 1000));
  const h = Math.floor(total / 3600), m = Math.floor(total / 60) % 60, s = total % 60;
  const text = h > 0 ? `${h}h ${String(m).padStart(2, '0')}m` : `${m}m ${String(s).padStart(2, '0')}s`;
  return ms < 0 ? `overdue ${text}` : text;
}

export function distanceKm(a, b) {
  const rad = d => d * Math.PI / 180;
  const h = Math.sin(rad(b.lat - a.lat) / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(rad(b.lon - a.lon) / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}

export const byDeadline = (a, b) =>
  (a.nextDueAt ? Date.parse(a.nextDueAt) : Infinity) - (b.nextDueAt ? Date.parse(b.nextDueAt) : Infinity) || a.id.localeCompare(b.id);

export function escapeHtml(text) {
  return String(text ?? '').replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

/** A severity badge: shape, colour and label together. */
export const severityBadge = row =>
  `<span class="sev sev-${row.severity.toLowerCase()} shape-${severityStyle[row.severity].shape}" title="${severityStyle[row.severity].name}">${row.severity}</span>`;

/** A relocation's plan on a board row: waiting for the customer, approved, or rejected with the customer's reason. */
export const planBadge = ({ relocationPlan: plan }) => !plan ? ''
  : plan.rejectedAt ? `<span class="plan plan-rejected" data-field="plan-rejected" title="Rejected by ${escapeHtml(plan.rejectedBy)} ${new Date(plan.rejectedAt).toLocaleString()}">plan rejected: “${escapeHtml(plan.rejectionReason)}”</span>`
  : `<span class="plan">${plan.approvedAt ? 'plan approved' : 'plan awaits the customer'}</span>`;

export const slaBadge = row => `<span class="sla sla-${slaState(row)}">${slaLabel[slaState(row)]}</span>`;

/** The browser's own calendar day as YYYY-MM-DD (the API's `date`). */
export const localDate = (at = new Date()) =>
  `${at.getFullYear()}-${String(at.getMonth() + 1).padStart(2, '0')}-${String(at.getDate()).padStart(2, '0')}`;
