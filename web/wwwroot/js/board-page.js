// `/`: the dispatch board. Map and a list by next deadline with live countdowns; filters; alerts as toasts.
import { getJson } from './api.js';
import { LiveBoard } from './live.js';
import { createMap, CaseMarkers, EngineerMarkers } from './map.js';
import { byDeadline, countdown, escapeHtml, severities, severityBadge, slaBadge, slaState } from './format.js';
import { alertToast, statusBadge } from './toasts.js';

const filters = { region: '', severity: '', state: '' };
const list = document.getElementById('case-list');
const map = await createMap(document.getElementById('map'));
const cases = new CaseMarkers(map);
const engineers = new EngineerMarkers(map);

const regions = await getJson('/api/regions').catch(() => []);
fillSelect('filter-region', regions.map(r => [r.id, r.name]));
fillSelect('filter-severity', severities.map(s => [s, s]));
fillSelect('filter-state', ['open', 'claimed', 'dispatched', 'responded', 'onSite', 'breached', 'atRisk'].map(s => [s, s]));
for (const key of Object.keys(filters)) {
  document.getElementById(`filter-${key}`).addEventListener('change', event => { filters[key] = event.target.value; render(board); });
}

const board = new LiveBoard('hq', {
  onChange: render,
  onEvent: event => { if (event.type === 'alert') alertToast(event.alert); },
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
  cases.show(rows);
  engineers.show([...live.engineers.values()].filter(e => !filters.region || e.regionId === filters.region));
  document.getElementById('case-count').textContent = `${rows.length} cases`;
  list.innerHTML = rows.map(row => `
    <li data-case-id="${escapeHtml(row.id)}" tabindex="0" class="row sla-row-${slaState(row)}">
      ${severityBadge(row)} <span class="title">${escapeHtml(row.title)}</span>
      <span class="meta">${escapeHtml(row.id)} · ${escapeHtml(row.region)}${row.branchId ? `/${escapeHtml(row.branchId)}` : ''} · ${row.state} · tier ${row.tier}</span>
      ${slaBadge(row)} <time data-due="${row.nextDueAt ?? ''}">${countdown(row.nextDueAt)}</time>
    </li>`).join('');
}

list.addEventListener('click', event => {
  const item = event.target.closest('li[data-case-id]');
  if (item) cases.focus(item.dataset.caseId);
});

setInterval(() => document.querySelectorAll('time[data-due]').forEach(t => { t.textContent = countdown(t.dataset.due || null); }), 1000);

function fillSelect(id, options) {
  document.getElementById(id).insertAdjacentHTML('beforeend', options.map(([value, text]) => `<option value="${escapeHtml(value)}">${escapeHtml(text)}</option>`).join(''));
}
