// `/schedule` (HQ: any region) and `/branch/{id}/schedule` (the branch's region): the region's day as a timeline per
// engineer (issue 18). Visits as bars by severity and SLA state, travel as the gap before each stop, the shift behind;
// unplanned visits beside. Dragging a visit plans it by hand (the server pins it); a refused move snaps back with the
// server's reason. "Re-plan" shows the optimizer's proposal as a diff (moves, figures, ghosts where visits would go)
// before it is applied. Kept live by the board hub's `scheduleChanged` events.
import { ApiError, deleteJson, getJson, postJson, putJson, session } from './api.js';
import { LiveBoard } from './live.js';
import { escapeHtml, localDate, severityStyle } from './format.js';
import { statusBadge, toast } from './toasts.js';
import { fitInButton, fitInTarget } from './fit-in.js';

const minute = 60_000;
// A visit whose planned end is this close to its window's end or its SLA due time is shown at risk.
const atRiskSlack = 30 * minute;

const branchId = location.pathname.match(/^\/branch\/([^/]+)\/schedule/)?.[1];
if (branchId) session.user = `branch-${decodeURIComponent(branchId)}`;
const params = new URLSearchParams(location.search);
const regionSelect = document.getElementById('schedule-region');
const dateInput = document.getElementById('schedule-date');
const unplannedList = document.getElementById('unplanned');
const proposalPanel = document.getElementById('proposal');

const shown = { region: null, date: null, version: -1, visits: new Map() };
let proposal = null;
let proposalRequest = {};
let loading = null;
let loadAgain = false;

const items = new vis.DataSet();
const groups = new vis.DataSet();
const timeline = new vis.Timeline(document.getElementById('timeline'), items, groups, {
  height: '100%',
  stack: false,
  groupOrder: 'order',
  orientation: 'top',
  margin: { item: { vertical: 6 } },
  editable: { add: true, updateTime: true, updateGroup: true, remove: false, overrideItems: false },
  itemsAlwaysDraggable: { item: true, range: true },
  snap: date => new Date(Math.round(date / (5 * minute)) * 5 * minute),
  zoomKey: 'ctrlKey',
  template: itemContent,
  groupTemplate: groupContent,
  onMove: moveVisit,
  // A visit lasts what it lasts: a drag moves it, never stretches it.
  onMoving: (item, callback) => callback({ ...item, end: new Date(new Date(item.start).getTime() + item.visit.durationMinutes * minute) }),
  onAdd: dropVisit,
  tooltip: { followMouse: true },
});

// vis-timeline 8.5.4 sets its item drag's direction to `Hammer.ALL`, which Hammer does not define, so a drag started
// straight down (to another engineer's row) never began; allow every direction.
timeline.itemSet.hammer.get('pan').set({ direction: vis.Hammer.DIRECTION_ALL });

/** The region (HQ picks any, a branch sees its own) and the date, both kept in the address for a reload or a link. */
async function chooseScope() {
  const [regions, branches] = await Promise.all([getJson('/api/regions'), branchId ? getJson('/api/branches') : []]);
  let choices = regions.map(r => [r.id, r.name]);
  if (branchId) {
    const branch = branches.find(b => b.id === decodeURIComponent(branchId));
    choices = choices.filter(([id]) => id === branch?.regionId);
    document.getElementById('branch-tabs').hidden = false;
    document.getElementById('tab-desk').href = `/branch/${branchId}`;
    document.getElementById('tab-schedule').href = location.pathname;
    regionSelect.disabled = true;
  }
  regionSelect.innerHTML = choices.map(([id, name]) => `<option value="${escapeHtml(id)}">${escapeHtml(name)}</option>`).join('');
  if (choices.some(([id]) => id === params.get('region'))) regionSelect.value = params.get('region');
  dateInput.value = /^\d{4}-\d{2}-\d{2}$/.test(params.get('date') ?? '') ? params.get('date') : localDate(new Date());
  showScopeTitle();
  regionSelect.addEventListener('change', changeScope);
  dateInput.addEventListener('change', () => { if (dateInput.value) changeScope(); });
}

function showScopeTitle() {
  const region = regionSelect.selectedOptions[0]?.textContent ?? '';
  document.getElementById('schedule-scope').textContent = `${branchId ? `${decodeURIComponent(branchId)} · ` : ''}${region} · ${dateInput.value}`;
}

function changeScope() {
  const query = new URLSearchParams({ region: regionSelect.value, date: dateInput.value });
  history.replaceState(null, '', `${location.pathname}?${query}`);
  showScopeTitle();
  discardProposal();
  shown.version = -1;
  load();
}

/** Reads the region's day; calls during a read make one more read after it, so the last change is never missed. */
function load() {
  if (loading) { loadAgain = true; return loading; }
  loading = (async () => {
    try {
      do {
        loadAgain = false;
        const region = regionSelect.value, date = dateInput.value;
        if (!region) return;
        const day = await getJson(`/api/regions/${encodeURIComponent(region)}/schedule?date=${date}`);
        if (region === regionSelect.value && date === dateInput.value) show(day);
      } while (loadAgain);
    } catch (error) {
      toast(`Schedule: ${error.message}`, 'error');
      if (!(error instanceof ApiError)) console.error(error);
    } finally {
      loading = null;
    }
  })();
  return loading;
}

function scheduleEvent(event) {
  if (event.type !== 'scheduleChanged') return;
  const change = event.schedule ?? event;
  // Against the chosen region, not the one drawn: an event during the first read makes one more read.
  if (change.region === regionSelect.value && change.version > shown.version) load();
}

function show(day) {
  if (shown.region !== day.region || shown.date !== day.date) {
    const dayStart = localMidnight(day.date).getTime();
    const [from, to] = span(day) ?? [dayStart + 6 * 60 * minute, dayStart + 20 * 60 * minute];
    timeline.setWindow(new Date(from - 30 * minute), new Date(to + 30 * minute), { animation: false });
  }
  shown.region = day.region;
  shown.date = day.date;
  shown.version = day.version;
  shown.visits = new Map([...day.engineers.flatMap(e => e.stops.map(s => s.visit)), ...day.unplanned].map(v => [v.id, v]));
  document.getElementById('schedule-version').textContent = `plan version ${day.version}`;

  const engineers = [...day.engineers].sort((a, b) => (a.name ?? a.engineerId).localeCompare(b.name ?? b.engineerId));
  replace(groups, engineers.map((e, order) => ({
    id: e.engineerId, order, engineer: e, className: e.available === false ? 'engineer-unavailable' : '',
  })));
  replace(items, [
    ...engineers.flatMap(e => [...shiftItems(e), ...e.stops.flatMap(stopItems)]),
    ...(proposal ? ghostItems(proposal) : []),
  ]);
  renderUnplanned(day.unplanned);
  if (proposal) renderProposal();
}

/** The region's day runs in the region's time zone, which the shifts and stops carry: show from the first to the last. */
function span(day) {
  const times = day.engineers.flatMap(e => [e.shiftStart, e.shiftEnd, ...e.stops.flatMap(s => [s.plannedStart, s.visit.plannedEnd])])
    .filter(Boolean).map(t => Date.parse(t));
  return times.length ? [Math.min(...times), Math.max(...times)] : null;
}

/** Updates what changed and drops what is gone, so a redraw does not disturb the rest (or a drag under way). */
function replace(set, rows) {
  const keep = new Set(rows.map(r => r.id));
  set.remove(set.getIds().filter(id => !keep.has(id)));
  set.update(rows);
}

/** The shift as the row's background (without a shift calendar the server answers the whole day). */
function shiftItems(engineer) {
  if (!engineer.shiftStart || !engineer.shiftEnd) return [];
  return [{
    id: `shift:${engineer.engineerId}`, group: engineer.engineerId, type: 'background', className: 'shift', content: '',
    start: engineer.shiftStart, end: engineer.shiftEnd,
  }];
}

function stopItems(stop) {
  const visit = stop.visit;
  const start = new Date(stop.plannedStart ?? visit.plannedStart);
  const end = visit.plannedEnd ? new Date(visit.plannedEnd) : new Date(start.getTime() + visit.durationMinutes * minute);
  const sla = slaState(stop, end);
  const movable = visit.state === 'planned';
  const moving = proposal?.moves.some(m => m.visitId === visit.id);
  const result = [{
    id: visit.id, group: visit.engineerId, start, end, type: 'range', visit, sla,
    editable: { updateTime: movable, updateGroup: movable, remove: false },
    className: ['visit', `sev-${visit.severity.toLowerCase()}`, `sla-${sla}`, `state-${visit.state}`,
      visit.pinned ? 'pinned' : '', moving ? 'moving' : ''].filter(Boolean).join(' '),
    title: escapeHtml(`${visit.severity} ${visit.title} · ${visit.caseId} · ${clock(start)}–${clock(end)} · window ${clock(visit.windowStart)}–${clock(visit.windowEnd)}`
      + `${stop.travelMinutesBefore ? ` · ${Math.round(stop.travelMinutesBefore)} min / ${stop.travelKmBefore?.toFixed(1)} km travel before` : ''}`
      + `${visit.pinned ? ' · pinned' : ''} · ${slaText[sla]}`),
  }];
  if (stop.travelMinutesBefore > 0) {
    result.push({
      id: `travel:${visit.id}`, group: visit.engineerId, type: 'background', className: 'travel', content: '',
      start: new Date(start.getTime() - stop.travelMinutesBefore * minute), end: start,
    });
  }
  return result;
}

const slaText = { late: 'late', atRisk: 'at risk', ok: 'in time' };

/** Late when it misses its window or its case's SLA; at risk when it ends close to either. */
function slaState(stop, end) {
  if (stop.fitsWindow === false || stop.meetsSla === false || stop.visit.late) return 'late';
  const limits = [stop.visit.windowEnd, stop.visit.slaDueAt].filter(Boolean).map(t => Date.parse(t));
  return limits.some(limit => limit - end.getTime() < atRiskSlack) ? 'atRisk' : 'ok';
}

/** Where the proposal would put each visit of the shown day: dashed ghosts beside the bars that stand now. */
function ghostItems(p) {
  return p.moves.filter(m => m.to).map(m => {
    const visit = shown.visits.get(m.visitId);
    const start = new Date(m.to.plannedStart);
    return {
      id: `ghost:${m.visitId}`, group: m.to.engineerId, type: 'range', editable: false, selectable: false, ghost: true,
      start, end: new Date(start.getTime() + (visit?.durationMinutes ?? 60) * minute), visit, visitId: m.visitId,
      className: `visit ghost${visit ? ` sev-${visit.severity.toLowerCase()}` : ''}`,
      title: escapeHtml(`proposed: ${visit?.title ?? m.visitId} to ${m.to.engineerId} at ${clock(start)}`),
    };
  });
}

function itemContent(item) {
  const element = document.createElement('div');
  if (item.type === 'background') return element;
  const visit = item.visit;
  element.className = 'visit-label';
  element.dataset.visitId = visit?.id ?? item.visitId;
  element.dataset.engineerId = item.group ?? '';
  if (item.ghost) element.dataset.ghost = 'true';
  if (visit?.pinned && !item.ghost) element.dataset.pinned = 'true';
  const badge = document.createElement('b');
  badge.textContent = visit?.severity ?? '';
  element.append(badge);
  // Marks before the title, which a short bar cuts off.
  if (visit?.pinned && !item.ghost) element.append(mark('pin-mark', '⚑', 'pinned by a dispatcher'));
  if (item.sla === 'late') element.append(mark('sla-mark', '✕', 'late'));
  if (item.sla === 'atRisk') element.append(mark('sla-mark', '!', 'at risk'));
  element.append(` ${visit?.title ?? item.visitId ?? ''}`);
  return element;
}

function mark(className, text, label) {
  const span = document.createElement('span');
  span.className = className;
  span.textContent = text;
  span.title = label;
  span.setAttribute('aria-label', label);
  return span;
}

function groupContent(group) {
  const element = document.createElement('div');
  if (!group) return element;
  element.className = 'engineer-label';
  element.dataset.engineerId = group.id;
  const engineer = group.engineer;
  const name = document.createElement('strong');
  name.textContent = engineer?.name ?? group.id;
  const detail = document.createElement('small');
  const allDay = engineer?.shiftStart && Date.parse(engineer.shiftEnd) - Date.parse(engineer.shiftStart) >= 24 * 60 * minute;
  const shift = !engineer?.shiftStart ? 'off shift today' : allDay ? 'on shift all day' : `shift ${clock(engineer.shiftStart)}–${clock(engineer.shiftEnd)}`;
  detail.textContent = `${group.id} · ${shift}${engineer?.available === false ? ' · unavailable' : ''}`;
  element.append(name, document.createElement('br'), detail);
  return element;
}

function renderUnplanned(visits) {
  const moved = new Set(proposal?.moves.filter(m => m.to).map(m => m.visitId));
  unplannedList.innerHTML = [...visits].sort((a, b) => a.windowStart.localeCompare(b.windowStart)).map(v => `
    <li class="row visit-row${moved.has(v.id) ? ' moving' : ''}" draggable="true" tabindex="0" data-visit-id="${escapeHtml(v.id)}" data-case-id="${escapeHtml(v.caseId)}">
      <span class="sev sev-${v.severity.toLowerCase()} shape-${severityStyle[v.severity].shape}">${v.severity}</span>
      <span class="title">${escapeHtml(v.title)}</span>${v.late ? ' <span class="sla sla-breached">✕ late</span>' : ''}${fitInButton(v)}
      <span class="meta">${escapeHtml(v.caseId)} · window ${clock(v.windowStart)}–${clock(v.windowEnd)} · ${v.durationMinutes} min${v.requiredSkill ? ` · needs ${escapeHtml(v.requiredSkill)}` : ''}</span>
    </li>`).join('') || '<li class="empty">Every visit of the day is planned.</li>';
}

// Dragging from the side list hands the timeline an item to drop (vis-timeline reads it from the drag data).
unplannedList.addEventListener('dragstart', event => {
  const row = event.target.closest('li[data-visit-id]');
  if (!row) return;
  const visit = shown.visits.get(row.dataset.visitId);
  event.dataTransfer.effectAllowed = 'move';
  event.dataTransfer.setData('text', JSON.stringify({ id: `drop:${visit.id}`, visitId: visit.id, type: 'range', content: visit.title }));
});

/** A visit dropped from the list: plan it where it fell; the timeline draws it from the server's answer. */
function dropVisit(item, callback) {
  callback(null);
  const visit = shown.visits.get(item.visitId);
  if (!visit) return;
  if (!item.group) { toast('Drop the visit on an engineer’s row.', 'error'); return; }
  plan(visit, item.group, item.start);
}

/** A bar dragged to another time or engineer: kept there when the server agrees, snapped back when it refuses. */
async function moveVisit(item, callback) {
  const visit = shown.visits.get(item.id);
  if (!visit || item.ghost) { callback(null); return; }
  const planned = await plan(visit, item.group, item.start);
  callback(planned ? { ...item, className: `${item.className} pinned`, visit: planned } : null);
}

async function plan(visit, engineerId, start, force = false) {
  try {
    const planned = await putJson(`/api/cases/${encodeURIComponent(visit.caseId)}/visits/${encodeURIComponent(visit.id)}/plan`,
      { engineerId, plannedStart: new Date(start).toISOString(), force });
    toast(`${visit.title}: ${engineerId} at ${clock(planned.plannedStart)}, pinned${force ? ' (forced)' : ''}`, 'success');
    load();
    return planned;
  } catch (error) {
    // A full day or a drive that does not fit (409) is the dispatcher's to override, knowingly: the day then shows it late.
    if (!force && error instanceof ApiError && error.status === 409 && error.message.includes('"force"')
        && window.confirm(`${error.message}\n\nPlan it there anyway?`)) return plan(visit, engineerId, start, true);
    toast(error instanceof ApiError ? error.message : `Could not plan the visit: ${error.message}`, 'error');
    return null;
  }
}

// The keyboard's way to do what a drag does: select a bar or a listed visit, choose engineer and start, plan and pin.
const planForm = document.getElementById('plan-form');
let planning = null;

timeline.on('select', ({ items: selected }) => {
  const visit = shown.visits.get(selected[0]);
  if (visit) openPlanForm(visit);
});
unplannedList.addEventListener('click', event => {
  const fitting = fitInTarget(event);
  if (fitting) { replan({ visitId: fitting }); return; }
  const row = event.target.closest('li[data-visit-id]');
  if (row) openPlanForm(shown.visits.get(row.dataset.visitId));
});
unplannedList.addEventListener('keydown', event => {
  if (fitInTarget(event)) return;
  const row = event.target.closest('li[data-visit-id]');
  if (row && event.key === 'Enter') openPlanForm(shown.visits.get(row.dataset.visitId));
});

function openPlanForm(visit) {
  if (!visit) return;
  planning = visit;
  const engineers = groups.get({ order: 'order' });
  document.getElementById('plan-visit').textContent = `${visit.severity} ${visit.title}`;
  document.getElementById('plan-detail').textContent =
    `${visit.caseId} · ${visit.state} · window ${clock(visit.windowStart)}–${clock(visit.windowEnd)} · ${visit.durationMinutes} min${visit.pinned ? ' · pinned' : ''}`;
  const select = document.getElementById('plan-engineer');
  select.innerHTML = engineers.map(g => `<option value="${escapeHtml(g.id)}">${escapeHtml(g.engineer?.name ?? g.id)}</option>`).join('');
  select.value = visit.engineerId ?? engineers[0]?.id ?? '';
  document.getElementById('plan-start').value = clock(visit.plannedStart ?? visit.windowStart);
  document.getElementById('plan-unpin').hidden = !visit.pinned;
  const editable = visit.state === 'planned' || visit.state === 'unplanned';
  planForm.querySelectorAll('select, input, #plan-submit').forEach(control => { control.disabled = !editable; });
  planForm.hidden = false;
}

planForm.addEventListener('submit', async event => {
  event.preventDefault();
  const [hours, minutes] = document.getElementById('plan-start').value.split(':').map(Number);
  const start = localMidnight(shown.date);
  start.setHours(hours, minutes);
  if (await plan(planning, document.getElementById('plan-engineer').value, start)) planForm.hidden = true;
});
document.getElementById('plan-close').addEventListener('click', () => { planForm.hidden = true; timeline.setSelection([]); });
document.getElementById('plan-unpin').addEventListener('click', async () => {
  try {
    await postJson(`/api/cases/${encodeURIComponent(planning.caseId)}/visits/${encodeURIComponent(planning.id)}/unpin`, {});
    toast(`${planning.title}: unpinned, a re-plan may move it`, 'success');
    planForm.hidden = true;
    load();
  } catch (error) {
    toast(error.message, 'error');
  }
});

// The optimizer's proposal: listed and drawn before anything changes; applied only if nothing it touches moved since.
const replanButton = document.getElementById('replan');
replanButton.addEventListener('click', () => replan({}));
document.getElementById('proposal-again').addEventListener('click', () => replan(proposalRequest));
document.getElementById('proposal-apply').addEventListener('click', applyProposal);
document.getElementById('proposal-discard').addEventListener('click', () => { discardProposal(); load(); });

/** Asks for a proposal: of the whole region, or ({ visitId }) fitting one visit in among the engineers nearest it. */
async function replan(request) {
  replanButton.disabled = true;
  replanButton.textContent = 'Re-planning…';
  try {
    const previous = proposal;
    proposal = await postJson(`/api/regions/${encodeURIComponent(regionSelect.value)}/replan`, request);
    proposalRequest = request;
    if (previous) deleteJson(replanPath(previous)).catch(() => {});
    proposalPanel.hidden = false;
    document.getElementById('proposal-conflict').hidden = true;
    await load();
  } catch (error) {
    toast(`Re-plan: ${error.message}`, 'error');
  } finally {
    replanButton.disabled = false;
    replanButton.textContent = 'Re-plan';
  }
}

const replanPath = p => `/api/regions/${encodeURIComponent(p.region)}/replan/${encodeURIComponent(p.id)}`;
const figureNames = { travelKm: 'travel km', visitsLate: 'visits late', slaBreachesForecast: 'SLA breaches forecast', unplanned: 'unplanned visits' };

function renderProposal() {
  proposalPanel.dataset.proposalId = proposal.id;
  document.getElementById('proposal-figures').innerHTML = Object.entries(figureNames).map(([key, name]) => {
    const before = proposal.before[key], after = proposal.after[key];
    const better = after < before ? 'better' : after > before ? 'worse' : 'same';
    return `<tr class="figure-${better}" data-figure="${key}"><th scope="row">${name}</th><td>${figure(before)}</td><td>${figure(after)}</td></tr>`;
  }).join('');
  document.getElementById('proposal-moves').innerHTML = proposal.moves.map(m => {
    const visit = shown.visits.get(m.visitId);
    return `<li data-visit-id="${escapeHtml(m.visitId)}"><strong>${escapeHtml(visit?.title ?? m.visitId)}</strong>
      <span class="meta">${escapeHtml(m.caseId)}</span><br>${place(m.from)} → ${place(m.to)}</li>`;
  }).join('') || '<li class="empty">The plan is as good as it gets: no moves.</li>';
  document.getElementById('proposal-apply').disabled = proposal.moves.length === 0;
}

const figure = value => typeof value === 'number' && !Number.isInteger(value) ? value.toFixed(1) : String(value ?? '—');
const place = at => at ? `${escapeHtml(at.engineerId)} ${clock(at.plannedStart)}${localDate(new Date(at.plannedStart)) === dateInput.value ? '' : ` (${localDate(new Date(at.plannedStart))})`}` : 'unplanned';

async function applyProposal() {
  const button = document.getElementById('proposal-apply');
  button.disabled = true;
  try {
    await postJson(`${replanPath(proposal)}/apply`, {});
    toast(`Re-plan applied: ${proposal.moves.length} visits moved`, 'success');
    proposal = null;
    proposalPanel.hidden = true;
    await load();
  } catch (error) {
    if (error instanceof ApiError && error.status === 409) {
      // Someone changed a visit the proposal moves: never applied over their edit; a new proposal starts from it.
      document.getElementById('proposal-conflict').hidden = false;
      toast(`The plan changed meanwhile: ${error.message}`, 'warning');
    } else {
      toast(`Apply: ${error.message}`, 'error');
      button.disabled = false;
    }
  }
}

/** Forgets the proposal here and on the server (which would otherwise keep it until it expires). */
function discardProposal() {
  const discarded = proposal;
  proposal = null;
  proposalPanel.hidden = true;
  if (discarded) deleteJson(replanPath(discarded)).catch(error => toast(`Discard: ${error.message}`, 'error'));
}

function clock(at) {
  return at ? new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }) : '—';
}

function localMidnight(date) {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(y, m - 1, d);
}

// Last: the module's awaits would otherwise hold back the declarations below them.
await chooseScope();
const board = new LiveBoard(branchId ? `branch:${decodeURIComponent(branchId)}` : 'hq', { onEvent: scheduleEvent, onStatus: statusBadge });
await Promise.all([board.start(), load()]);
