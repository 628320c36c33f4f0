// `/hq`: escalations and breaches first; reassign a case to another branch or to one of the engineers the grid
// recommends for it (of every branch for an escalated case), seen by every board at once.
import { getJson, postJson } from './api.js';
import { LiveBoard } from './live.js';
import { CandidateCache, etaText } from './candidates.js';
import { byDeadline, countdown, escapeHtml, severityBadge, slaBadge, slaState } from './format.js';
import { alertToast, statusBadge, toast } from './toasts.js';

const list = document.getElementById('hq-list');
const branches = await getJson('/api/branches').catch(() => []);
const urgent = row => row.tier === 1 || slaState(row) === 'breached';
// Asked for when a reassign control is opened, not for every case on the board.
const candidates = new CandidateCache({ limit: 10, parallel: 2, onLoaded: fillEngineers });

const board = new LiveBoard('hq', {
  onChange: render,
  onEvent: event => {
    if (event.type === 'alert') alertToast(event.alert);
    if (event.type === 'escalated') toast(`${event.case.id} escalated to tier ${event.tier}: ${event.note ?? ''}`, 'warning');
  },
  onStatus: statusBadge,
});
await board.start();

function render(live) {
  // Keep an open reassign form as it is while events redraw the rest.
  if (list.contains(document.activeElement) && document.activeElement.tagName === 'SELECT') return;
  const rows = [...live.cases.values()].sort((a, b) => urgent(b) - urgent(a) || byDeadline(a, b));
  list.innerHTML = rows.map(row => `<li data-case-id="${escapeHtml(row.id)}" class="row ${urgent(row) ? 'urgent' : ''}">
    ${severityBadge(row)} <span class="title">${escapeHtml(row.title)}</span>
    <span class="meta">${escapeHtml(row.id)} · ${escapeHtml(row.region)}${row.branchId ? `/${escapeHtml(row.branchId)}` : ''} · ${row.state} · tier ${row.tier}${row.engineerId ? ` · ${escapeHtml(row.engineerId)}` : ''}</span>
    ${slaBadge(row)} <time data-due="${row.nextDueAt ?? ''}">${countdown(row.nextDueAt)}</time>
    ${reassignControls(row)}</li>`).join('') || '<li class="empty">No active cases.</li>';
}

function reassignControls(row) {
  const branchOptions = branches.map(b => `<option value="${escapeHtml(b.id)}">${escapeHtml(b.regionId)} / ${escapeHtml(b.name)}</option>`).join('');
  const id = escapeHtml(row.id);
  return `<span class="reassign">
    <label class="visually-hidden" for="branch-${id}">Branch for ${id}</label>
    <select id="branch-${id}"><option value="">branch…</option>${branchOptions}</select>
    <label class="visually-hidden" for="engineer-${id}">Engineer for ${id}</label>
    <select id="engineer-${id}" data-candidates-for="${id}">${engineerOptions(candidates.entries.get(row.id)?.list)}</select>
    <button data-reassign="${id}">Reassign</button></span>`;
}

/** The recommended engineers, best first, with their branch, ETA and whether they are on site in time. */
function engineerOptions(list) {
  if (!list) return '<option value="">engineer…</option>';
  const head = list.items.length === 0 ? `no engineer: ${list.reason ?? ''}` : 'engineer…';
  return `<option value="">${escapeHtml(head)}</option>` + list.items.map(c =>
    `<option value="${escapeHtml(c.engineerId)}" data-branch="${escapeHtml(c.branchId)}">${escapeHtml(c.engineerId)} · ${escapeHtml(c.branchId)} · on site ${etaText(c.etaOnSite)}${c.meets.onsite ? '' : ' (late)'}</option>`).join('');
}

function fillEngineers(id) {
  const select = document.querySelector(`select[data-candidates-for="${CSS.escape(id)}"]`);
  if (!select) return;
  const chosen = select.value;
  select.innerHTML = engineerOptions(candidates.entries.get(id)?.list);
  select.value = chosen;
}

list.addEventListener('focusin', event => {
  const select = event.target.closest('select[data-candidates-for]');
  const row = select && board.cases.get(select.dataset.candidatesFor);
  if (row) candidates.get(row);
});

document.addEventListener('click', async event => {
  const button = event.target.closest('[data-reassign]');
  if (!button) return;
  const id = button.dataset.reassign;
  const branchId = document.getElementById(`branch-${id}`).value || null;
  const engineerId = document.getElementById(`engineer-${id}`).value || null;
  if (!branchId && !engineerId) { toast('Choose a branch or an engineer first.', 'error'); return; }
  try {
    await postJson(`/api/cases/${id}/reassign`, { branchId, engineerId });
    toast(`${id} reassigned`, 'success');
  } catch (error) {
    toast(error.message, 'error');
  }
});

setInterval(() => document.querySelectorAll('time[data-due]').forEach(t => { t.textContent = countdown(t.dataset.due || null); }), 1000);
