// `/branch/{id}`: the branch center's claim queue. The region's pool with Claim, the branch's own cases with
// dispatch to one of its engineers (nearest free first). A claim lost to the other branch shows who won, at once.
import { postJson, session } from './api.js';
import { LiveBoard } from './live.js';
import { byDeadline, countdown, distanceKm, escapeHtml, severityBadge, slaBadge } from './format.js';
import { alertToast, statusBadge, toast } from './toasts.js';

const branchId = decodeURIComponent(location.pathname.split('/').pop());
session.user = `branch-${branchId}`;
document.getElementById('branch-name').textContent = branchId;
document.title = `${branchId} · ServiceGrid claim queue`;
const pool = document.getElementById('pool');
const own = document.getElementById('own');

const board = new LiveBoard(`branch:${branchId}`, { onChange: render, onEvent: announce, onStatus: statusBadge });
const seenInPool = new Set();
await board.start();

function announce(event) {
  if (event.type === 'alert') alertToast(event.alert);
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
  own.innerHTML = rows.filter(r => r.branchId === branchId).map(row => item(row, dispatchControls(row, live))).join('')
    || '<li class="empty">No cases held by this branch.</li>';
}

function item(row, controls) {
  return `<li data-case-id="${escapeHtml(row.id)}" class="row">
    ${severityBadge(row)} <span class="title">${escapeHtml(row.title)}</span>
    <span class="meta">${escapeHtml(row.id)} · ${row.state}${row.engineerId ? ` · ${escapeHtml(row.engineerId)}` : ''}</span>
    ${slaBadge(row)} <time data-due="${row.nextDueAt ?? ''}">${countdown(row.nextDueAt)}</time> ${controls}</li>`;
}

/** The branch's engineers for a case: free ones first, each group nearest first, with the distance. */
function dispatchControls(row, live) {
  if (row.engineerId || row.state !== 'claimed') return '';
  const ranked = [...live.engineers.values()]
    .map(e => ({ e, km: row.site ? distanceKm(e.location, row.site) : null }))
    .sort((a, b) => (a.e.status !== 'available') - (b.e.status !== 'available') || (a.km ?? 0) - (b.km ?? 0));
  const options = ranked.map(({ e, km }) =>
    `<option value="${escapeHtml(e.id)}">${escapeHtml(e.name)} · ${e.status}${km === null ? '' : ` · ${km.toFixed(1)} km`}</option>`).join('');
  return `<label class="visually-hidden" for="eng-${escapeHtml(row.id)}">Engineer for ${escapeHtml(row.id)}</label>
    <select id="eng-${escapeHtml(row.id)}">${options}</select> <button data-dispatch="${escapeHtml(row.id)}">Dispatch</button>`;
}

document.addEventListener('click', async event => {
  const claim = event.target.closest('[data-claim]');
  const dispatch = event.target.closest('[data-dispatch]');
  try {
    if (claim) {
      claim.disabled = true;
      await postJson(`/api/cases/${claim.dataset.claim}/claim`, { branchId });
      toast(`${claim.dataset.claim} claimed`, 'success');
    } else if (dispatch) {
      const engineerId = document.getElementById(`eng-${dispatch.dataset.dispatch}`).value;
      await postJson(`/api/cases/${dispatch.dataset.dispatch}/dispatch`, { engineerId });
      toast(`${dispatch.dataset.dispatch} dispatched to ${engineerId}`, 'success');
    }
  } catch (error) {
    // A lost race answers 409 with the winner in its detail.
    toast(error.message, 'error');
    if (claim) claim.disabled = false;
  }
});

setInterval(() => document.querySelectorAll('time[data-due]').forEach(t => { t.textContent = countdown(t.dataset.due || null); }), 1000);
