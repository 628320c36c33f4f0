// `/`: the dispatch board. Map and a list by next deadline with live countdowns; filters; alerts as toasts. The selected
// case's recommended engineers on the map; cases without an engineer that nobody can reach in time marked as a dispatch risk.
// The selected engineer's route for the day (their planned visits in order).
import { getJson } from './api.js';
import { LiveBoard } from './live.js';
import { CandidateCache, isDispatchRisk, riskBadge } from './candidates.js';
import { createMap, CandidateOverlay, CaseMarkers, EngineerMarkers, RouteOverlay } from './map.js';
import { byDeadline, countdown, escapeHtml, localDate, severities, severityBadge, slaBadge, slaState } from './format.js';
import { alertToast, statusBadge, toast } from './toasts.js';

const filters = { region: '', severity: '', state: '' };
const list = document.getElementById('case-list');
const map = await createMap(document.getElementById('map'));
const cases = new CaseMarkers(map);
const engineers = new EngineerMarkers(map, selectEngineer);
const route = new RouteOverlay(map);
const overlay = new CandidateOverlay(map);
const candidates = new CandidateCache({ parallel: 2, onLoaded: () => board.changed() });
let selected = null;
let selectedEngineer = null;

const regions = await getJson('/api/regions').catch(() => []);
fillSelect('filter-region', regions.map(r => [r.id, r.name]));
fillSelect('filter-severity', severities.map(s => [s, s]));
fillSelect('filter-state', ['open', 'claimed', 'dispatched', 'responded', 'onSite', 'breached', 'atRisk'].map(s => [s, s]));
for (const key of Object.keys(filters)) {
  document.getElementById(`filter-${key}`).addEventListener('change', event => { filters[key] = event.target.value; render(board); });
}

const board = new LiveBoard('hq', {
  onChange: render,
  onEvent: event => {
    if (event.type === 'alert') alertToast(event.alert);
    if (event.type === 'scheduleChanged' && (event.schedule ?? event).region === board.engineers.get(selectedEngineer)?.regionId) drawRoute();
  },
  onStatus: statusBadge,
});
await board.start();

function matches(row) {
  return (!filters.region || row.region === filters.region)
    && (!filters.severity || row.severity === filters.severity)
    && (!filters.state || row.state === filters.state || slaState(row) === filters.state);
}

function render(live) {
  const rows = [...live.cases.values()].filter(matches).sort(byDeadline);
  const waiting = rows.filter(row => !row.engineerId && (row.state === 'open' || row.state === 'claimed'));
  candidates.forget(new Set([...waiting.map(row => row.id), selected]));
  const risk = new Map(waiting.map(row => [row.id, candidates.get(row)]));
  cases.show(rows, row => isDispatchRisk(risk.get(row.id)));
  const focused = live.cases.get(selected);
  overlay.show(focused, focused && candidates.get(focused), live.engineers);
  engineers.show([...live.engineers.values()].filter(e => !filters.region || e.regionId === filters.region));
  document.getElementById('case-count').textContent = `${rows.length} cases`;
  list.innerHTML = rows.map(row => `
    <li data-case-id="${escapeHtml(row.id)}" tabindex="0" class="row sla-row-${slaState(row)}${isDispatchRisk(risk.get(row.id)) ? ' at-dispatch-risk' : ''}"${row.id === selected ? ' aria-current="true"' : ''}>
      ${severityBadge(row)} <span class="title">${escapeHtml(row.title)}</span> ${riskBadge(risk.get(row.id))}
      <span class="meta">${escapeHtml(row.id)} · ${escapeHtml(row.region)}${row.branchId ? `/${escapeHtml(row.branchId)}` : ''} · ${row.state} · tier ${row.tier}</span>
      ${slaBadge(row)} <time data-due="${row.nextDueAt ?? ''}">${countdown(row.nextDueAt)}</time>
    </li>`).join('');
}

list.addEventListener('click', event => {
  const item = event.target.closest('li[data-case-id]');
  if (!item) return;
  selected = item.dataset.caseId;
  cases.focus(selected);
  render(board);
});

setInterval(() => document.querySelectorAll('time[data-due]').forEach(t => { t.textContent = countdown(t.dataset.due || null); }), 1000);

function fillSelect(id, options) {
  document.getElementById(id).insertAdjacentHTML('beforeend', options.map(([value, text]) => `<option value="${escapeHtml(value)}">${escapeHtml(text)}</option>`).join(''));
}

/** Selecting an engineer draws their planned day; selecting them again hides it. */
function selectEngineer(id) {
  selectedEngineer = selectedEngineer === id ? null : id;
  drawRoute(true);
}

async function drawRoute(fit = false) {
  const id = selectedEngineer;
  if (!id) { route.show(null); return; }
  try {
    const plan = await getJson(`/api/engineers/${encodeURIComponent(id)}/plan?date=${localDate()}`);
    if (id === selectedEngineer) route.show(board.engineers.get(id), plan, fit);
  } catch (error) {
    toast(`Route of ${id}: ${error.message}`, 'error');
  }
}
