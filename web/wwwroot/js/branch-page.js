// `/branch/{id}`: the branch center's dispatch desk. The region's pool with Claim; the branch's own cases with the
// server's recommended engineers (ETA, SLA fit, reasons) and one click to dispatch; its engineers' load and
// availability; the planner's standing proposals with one click to accept; the branch's dispatch policy.
// A claim lost to the other branch shows who won, at once.
import { getJson, postJson, putJson, session } from './api.js';
import { LiveBoard } from './live.js';
import { CandidateCache, etaText, isDispatchRisk, riskBadge, slaFit } from './candidates.js';
import { byDeadline, countdown, escapeHtml, planBadge, severityBadge, slaBadge } from './format.js';
import { alertToast, statusBadge, toast } from './toasts.js';

const branchId = decodeURIComponent(location.pathname.split('/').pop());
session.user = `branch-${branchId}`;
document.getElementById('branch-name').textContent = branchId;
document.title = `${branchId} · ServiceGrid dispatch desk`;
document.getElementById('tab-desk').href = location.pathname;
document.getElementById('tab-schedule').href = `${location.pathname}/schedule`;
const pool = document.getElementById('pool');
const own = document.getElementById('own');
const engineers = document.getElementById('engineers');
const proposals = document.getElementById('proposals');
const mode = document.getElementById('dispatch-mode');

const candidates = new CandidateCache({ onLoaded: () => board.changed() });
const board = new LiveBoard(`branch:${branchId}`, { onChange: render, onEvent: announce, onStatus: statusBadge });
const seenInPool = new Set();
let policy = { mode: null, proposals: [] };
await Promise.all([board.start(), loadPolicy()]);

async function loadPolicy() {
  try {
    policy = await getJson(`/api/branches/${encodeURIComponent(branchId)}/dispatch-policy`);
  } catch (error) {
    toast(`Dispatch policy: ${error.message}`, 'error');
  }
  mode.value = policy.mode ?? '';
  renderProposals();
}

function announce(event) {
  if (event.type === 'alert') alertToast(event.alert);
  if (event.type === 'dispatchProposed') loadPolicy();
  const row = event.case;
  if (event.type !== 'caseChanged' || !row) return;
  if (seenInPool.has(row.id) && row.branchId && row.branchId !== branchId)
    toast(`${row.id} was claimed by ${row.branchId}`, 'warning');
}

function render(live) {
  const rows = [...live.cases.values()].sort(byDeadline);
  const open = rows.filter(r => r.state === 'open');
  open.forEach(r => seenInPool.add(r.id));
  pool.innerHTML = open.map(row => item(row, `<button class="claim" data-claim="${escapeHtml(row.id)}">Claim</button>`)).join('')
    || '<li class="empty">The pool is empty.</li>';
  const held = rows.filter(r => r.branchId === branchId);
  candidates.forget(new Set(held.map(r => r.id)));
  own.innerHTML = held.map(row => item(row, recommendation(row))).join('')
    || '<li class="empty">No cases held by this branch.</li>';
  renderEngineers(live);
  renderProposals();
}

function item(row, controls) {
  const waiting = needsEngineer(row) ? candidates.entries.get(row.id)?.list : null;
  return `<li data-case-id="${escapeHtml(row.id)}" class="row${isDispatchRisk(waiting) ? ' at-dispatch-risk' : ''}">
    ${severityBadge(row)} <span class="title">${escapeHtml(row.title)}</span>
    <span class="meta">${escapeHtml(row.id)} · ${row.state}${row.engineerId ? ` · ${escapeHtml(row.engineerId)}` : ''}</span> ${planBadge(row)}
    ${slaBadge(row)} <time data-due="${row.nextDueAt ?? ''}">${countdown(row.nextDueAt)}</time> ${controls}</li>`;
}

const needsEngineer = row => row.state === 'claimed' && !row.engineerId;

/** The server's best engineers for a case the branch holds without one, each with one click to dispatch. */
function recommendation(row) {
  if (!needsEngineer(row)) return '';
  const list = candidates.get(row);
  if (!list) return '<p class="candidates-loading">finding engineers…</p>';
  const id = escapeHtml(row.id);
  const items = list.items.map((c, rank) => `<li class="candidate" data-engineer-id="${escapeHtml(c.engineerId)}">
      <strong>${escapeHtml(c.engineerId)}</strong> on site ${etaText(c.etaOnSite)} · ${c.distanceKm.toFixed(1)} km · ${c.load} open
      ${slaFit(c.meets)}
      <button data-dispatch="${id}" data-engineer="${escapeHtml(c.engineerId)}"${rank === 0 ? ' class="best"' : ''}>Dispatch</button>
      <ul class="reasons">${c.reasons.map(r => `<li>${escapeHtml(r)}</li>`).join('')}</ul></li>`).join('');
  return `${riskBadge(list)}${list.reason ? ` <span class="risk-reason">${escapeHtml(list.reason)}</span>` : ''}
    <ol class="candidates" aria-label="Recommended engineers for ${id}">${items}</ol>`;
}

function renderEngineers(live) {
  const rows = [...live.engineers.values()].filter(e => e.branchId === branchId).sort((a, b) => a.id.localeCompare(b.id));
  engineers.innerHTML = rows.map(e => {
    const away = e.status === 'unavailable' || e.status === 'offShift' || e.status === 'offDuty';
    const availability = away
      ? `${e.status}${e.availabilityReason ? `: ${escapeHtml(e.availabilityReason)}` : ''}${e.availableAgainAt ? ` until ${new Date(e.availableAgainAt).toLocaleString()}` : ''}`
      : 'available';
    return `<tr data-engineer-id="${escapeHtml(e.id)}" class="engineer-${e.status}">
      <th scope="row">${escapeHtml(e.name)}<br><small>${escapeHtml(e.id)}</small></th>
      <td class="status">${e.status}</td>
      <td>${escapeHtml(e.jobs?.[0] ?? '—')}</td><td>${escapeHtml(e.jobs?.[1] ?? '—')}</td>
      <td class="load">${e.jobs?.length ?? 0} / ${e.resource?.capacity ?? 1}</td>
      <td>${shiftEnd(e.resource?.shifts)}</td>
      <td class="availability">${availability}</td></tr>`;
  }).join('') || '<tr><td colspan="7" class="empty">No engineers.</td></tr>';
}

/** When today's shift ends, in the calendar's own time zone; no calendar means always on shift. */
function shiftEnd(shifts, now = new Date()) {
  if (!shifts) return 'always';
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', { timeZone: shifts.timeZone, weekday: 'long', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    .formatToParts(now).map(p => [p.type, p.value]));
  const day = parts.weekday.toLowerCase();
  const time = `${parts.hour}:${parts.minute}`;
  const period = shifts.periods.find(p => p.day === day && p.start.slice(0, 5) <= time && time < p.end.slice(0, 5));
  if (period) return `until ${period.end.slice(0, 5)}`;
  return shifts.onCall ? 'off shift (on call)' : 'off shift';
}

/** The planner's list trails the board by a stream delivery: a proposal whose job moved or ended is gone already. */
function standing(proposal) {
  const row = board.cases.get(proposal.caseId);
  return !!row && (proposal.kind === 'moved' || row.engineerId === proposal.fromEngineerId);
}

function renderProposals() {
  proposals.innerHTML = policy.proposals.filter(standing).map(p => `<li class="row" data-proposal="${escapeHtml(p.caseId)}">
      <span class="title">${escapeHtml(p.caseId)} (${p.severity}) · ${p.kind}: ${escapeHtml(p.fromEngineerId)} → ${escapeHtml(p.engineerId ?? 'nobody in time')}</span>
      ${p.kind === 'proposed' && p.engineerId ? `<button data-accept="${escapeHtml(p.caseId)}" data-engineer="${escapeHtml(p.engineerId)}">Accept</button>` : ''}
      <span class="meta">${p.reasons.map(escapeHtml).join(' · ')}</span></li>`).join('')
    || '<li class="empty">No standing proposals.</li>';
}

mode.addEventListener('change', async () => {
  try {
    policy = await putJson(`/api/branches/${encodeURIComponent(branchId)}/dispatch-policy`, { mode: mode.value });
    toast(`Dispatch policy: ${policy.mode}`, 'success');
  } catch (error) {
    toast(error.message, 'error');
  }
  mode.value = policy.mode ?? '';
  renderProposals();
});

document.addEventListener('click', async event => {
  const claim = event.target.closest('[data-claim]');
  const dispatch = event.target.closest('[data-dispatch]');
  const accept = event.target.closest('[data-accept]');
  const button = claim ?? dispatch ?? accept;
  if (!button) return;
  button.disabled = true;
  try {
    if (claim) {
      await postJson(`/api/cases/${claim.dataset.claim}/claim`, { branchId });
      toast(`${claim.dataset.claim} claimed`, 'success');
    } else if (dispatch) {
      await postJson(`/api/cases/${dispatch.dataset.dispatch}/dispatch`, { engineerId: dispatch.dataset.engineer });
      toast(`${dispatch.dataset.dispatch} dispatched to ${dispatch.dataset.engineer}`, 'success');
    } else {
      await postJson(`/api/cases/${accept.dataset.accept}/reassign`, { branchId, engineerId: accept.dataset.engineer });
      toast(`${accept.dataset.accept} moved to ${accept.dataset.engineer}`, 'success');
      await loadPolicy();
    }
  } catch (error) {
    // A lost race answers 409 with the winner in its detail; the recommendation may be stale, so ask again.
    toast(error.message, 'error');
    button.disabled = false;
    if (dispatch) { const row = board.cases.get(dispatch.dataset.dispatch); if (row) candidates.refresh(row); }
  }
});

setInterval(() => document.querySelectorAll('time[data-due]').forEach(t => { t.textContent = countdown(t.dataset.due || null); }), 1000);
