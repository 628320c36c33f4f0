// `/csc`: the operator's console, keyboard first. Find the caller as you type, pick the unit, see its coverage and open
// cases (add to one instead of a duplicate), register the request; watch every open case live; call-backs, dissatisfied
// follow-ups and the quarter's follow-up visits.
import { ApiError, getJson, postJson, session } from './api.js';
import { LiveBoard } from './live.js';
import { byDeadline, countdown, escapeHtml, planBadge, severityBadge, slaBadge, slaState } from './format.js';
import { alertToast, statusBadge, toast } from './toasts.js';
import { coverageText } from './care.js';

session.user = 'csc';
const $ = id => document.getElementById(id);
const search = $('caller-search'), results = $('caller-results'), form = $('intake-form');
let found = [], highlighted = -1, customer = null, unit = null, searchSeq = 0;

// ---- Find the caller -------------------------------------------------------------------------------------------
search.addEventListener('input', async () => {
  const q = search.value.trim();
  const seq = ++searchSeq;
  if (!q) { found = []; renderResults(); return; }
  try {
    const answer = await getJson(`/api/customers?q=${encodeURIComponent(q)}&limit=10`);
    if (seq !== searchSeq) return; // a later keystroke already asked
    found = answer;
    highlighted = found.length ? 0 : -1;
    renderResults();
  } catch (error) { toast(error.message, 'error'); }
});

search.addEventListener('keydown', event => {
  if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
    event.preventDefault();
    if (!found.length) return;
    highlighted = (highlighted + (event.key === 'ArrowDown' ? 1 : found.length - 1)) % found.length;
    renderResults();
  } else if (event.key === 'Enter' && highlighted >= 0) {
    event.preventDefault();
    pickCustomer(found[highlighted]);
  }
});

results.addEventListener('click', event => {
  const item = event.target.closest('[data-index]');
  if (item) pickCustomer(found[Number(item.dataset.index)]);
});

function renderResults() {
  results.innerHTML = found.map((c, i) => `<li role="option" data-index="${i}" data-customer-id="${escapeHtml(c.id)}" aria-selected="${i === highlighted}">
    <b>${escapeHtml(c.name)}</b> · ${escapeHtml(c.id)} · ${c.contacts.map(p => `${escapeHtml(p.name)} ${escapeHtml(p.phone)}`).join(', ')}
    · ${c.units.length} unit(s)</li>`).join('') || (search.value.trim() ? '<li class="empty">No customer found.</li>' : '');
}

function pickCustomer(card) {
  customer = card;
  unit = null;
  found = [];
  renderResults();
  $('caller').hidden = false;
  $('unit').hidden = true;
  form.hidden = true;
  $('caller-name').textContent = `${card.name} (${card.id}) · ${card.contacts.map(p => `${p.name} ${p.phone}`).join(' · ')}`;
  $('caller-units').innerHTML = card.units.map(u =>
    `<button type="button" data-serial="${escapeHtml(u.serial)}" aria-pressed="false">${escapeHtml(u.serial)} · ${escapeHtml(u.model)}</button>`).join('');
  $('caller-units').querySelector('button')?.focus();
}

$('caller-units').addEventListener('click', event => {
  const button = event.target.closest('[data-serial]');
  if (button) pickUnit(button.dataset.serial);
});

// ---- The unit: coverage and open cases ---------------------------------------------------------------------------
async function pickUnit(serial) {
  document.querySelectorAll('#caller-units button').forEach(b => b.setAttribute('aria-pressed', String(b.dataset.serial === serial)));
  try {
    unit = await getJson(`/api/equipment/${encodeURIComponent(serial)}`);
  } catch (error) { toast(error.message, 'error'); return; }
  $('unit').hidden = false;
  const coverage = $('coverage');
  coverage.textContent = coverageText(unit);
  coverage.className = `coverage ${unit.coverage.kind === 'none' ? 'chargeable' : ''}`;
  renderOpenCases();
  form.hidden = false;
  $('submit-case').textContent = unit.openCases.length ? 'Open a new case anyway' : 'Open case';
  form.title.focus();
}

function renderOpenCases() {
  const open = unit.openCases;
  $('open-cases').innerHTML = open.length === 0 ? '<p class="count">No open case on this unit.</p>' : `
    <div class="duplicate" role="alert" id="duplicate-warning">
      <b>This unit already has ${open.length} open case${open.length > 1 ? 's' : ''}.</b> Add the call to it instead of opening a duplicate.
      <label>Note for the case <textarea id="add-note" rows="2" maxlength="4000"></textarea></label>
      <ul class="cases">${open.map(c => `<li class="row" data-case-id="${escapeHtml(c.id)}">
        <span class="sev sev-${c.severity.toLowerCase()}">${c.severity}</span> <span class="title">${escapeHtml(c.title)}</span>
        <span class="meta">${escapeHtml(c.id)} · ${c.kind} · ${c.state} · opened ${new Date(c.openedAt).toLocaleString()}</span>
        <button type="button" data-add-to="${escapeHtml(c.id)}">Add to this case</button></li>`).join('')}</ul>
    </div>`;
}

$('open-cases').addEventListener('click', async event => {
  const button = event.target.closest('[data-add-to]');
  if (!button) return;
  const note = $('add-note').value.trim() || form.description.value.trim() || form.title.value.trim();
  if (!note) { toast('Write what the caller said first.', 'error'); $('add-note').focus(); return; }
  try {
    await postJson(`/api/cases/${button.dataset.addTo}/notes`, { note });
    toast(`Added to ${button.dataset.addTo}`, 'success');
    resetIntake();
  } catch (error) { toast(error.message, 'error'); }
});

// ---- Register the request ----------------------------------------------------------------------------------------
form.addEventListener('change', () => { $('answer-field').hidden = form.kind.value !== 'consultation'; });
form.addEventListener('keydown', event => { if (event.key === 'Enter' && event.ctrlKey) { event.preventDefault(); form.requestSubmit(); } });
form.addEventListener('submit', async event => {
  event.preventDefault();
  const answer = form.kind.value === 'consultation' ? form.answer.value.trim() : '';
  try {
    // One key per submitted form: a retry after a lost answer opens no second case.
    const opened = await postJson('/api/cases', {
      customerId: customer.id, equipmentSerial: unit.serial, kind: form.kind.value, severity: form.severity.value,
      channel: form.channel.value, title: form.title.value, description: form.description.value,
    }, { 'Idempotency-Key': form.dataset.key ??= crypto.randomUUID() });
    if (answer) await postJson(`/api/cases/${opened.id}/answer`, { answer });
    toast(answer ? `${opened.id} answered and closed` : `${opened.id} opened (${opened.severity})`, 'success');
    resetIntake();
  } catch (error) { toast(error instanceof ApiError ? error.message : String(error), 'error'); }
});

function resetIntake() {
  form.reset();
  delete form.dataset.key;
  $('answer-field').hidden = true;
  form.hidden = true;
  $('unit').hidden = true;
  $('caller').hidden = true;
  search.value = '';
  search.focus();
  refreshCallBacks();
}

document.addEventListener('keydown', event => {
  if (event.key === '/' && !['INPUT', 'TEXTAREA', 'SELECT'].includes(document.activeElement.tagName)) { event.preventDefault(); search.focus(); search.select(); }
});

// ---- Watch every open case (live) --------------------------------------------------------------------------------
const filters = ['filter-region', 'filter-severity', 'filter-state', 'filter-risk'].map($);
const regions = await getJson('/api/regions').catch(() => []);
$('filter-region').insertAdjacentHTML('beforeend', regions.map(r => `<option value="${escapeHtml(r.id)}">${escapeHtml(r.name)}</option>`).join(''));
const board = new LiveBoard('hq', {
  onChange: renderWatch,
  onEvent: event => { if (event.type === 'alert') alertToast(event.alert); },
  onStatus: statusBadge,
});
filters.forEach(f => f.addEventListener('change', () => renderWatch(board)));
await board.start();

function renderWatch(live) {
  const [region, severity, state, risk] = filters;
  const rows = [...live.cases.values()].filter(row => (!region.value || row.region === region.value)
    && (!severity.value || row.severity === severity.value) && (!state.value || row.state === state.value)
    && (!risk.checked || ['atRisk', 'breached'].includes(slaState(row)))).sort(byDeadline);
  $('watch-count').textContent = `${rows.length} of ${live.cases.size} open cases`;
  $('watch-list').innerHTML = rows.slice(0, 300).map(row => `<li class="row" data-case-id="${escapeHtml(row.id)}">
    ${severityBadge(row)} <span class="title">${escapeHtml(row.title)}</span>
    <span class="meta">${escapeHtml(row.id)} · ${escapeHtml(row.region)}${row.branchId ? `/${escapeHtml(row.branchId)}` : ''} · ${row.state}${row.customerId ? ` · ${escapeHtml(row.customerId)}` : ''}</span> ${planBadge(row)}
    ${slaBadge(row)} <time data-due="${row.nextDueAt ?? ''}">${countdown(row.nextDueAt)}</time></li>`).join('') || '<li class="empty">No case matches.</li>';
}
setInterval(() => document.querySelectorAll('time[data-due]').forEach(t => { t.textContent = countdown(t.dataset.due || null); }), 1000);

// ---- Call-backs, follow-ups, visits ------------------------------------------------------------------------------
const closedRow = (c, controls) => `<li class="row" data-case-id="${escapeHtml(c.caseId)}">
  <span class="sev sev-${c.severity.toLowerCase()}">${c.severity}</span> <span class="title">${escapeHtml(c.title)}</span>
  <span class="meta">${escapeHtml(c.caseId)} · ${escapeHtml(c.customerId)} · ${escapeHtml(c.region)} · ${c.kind}${c.model ? ` · ${escapeHtml(c.model)}` : ''} · closed ${new Date(c.closedAt).toLocaleString()}${c.survey ? ` · score ${c.survey.score}${c.survey.comment ? `: “${escapeHtml(c.survey.comment)}”` : ''}` : ''}</span>
  ${controls}</li>`;

async function refreshCallBacks() {
  try {
    const [callBacks, followUps] = await Promise.all([getJson('/api/surveys/call-backs'), getJson('/api/surveys/follow-ups')]);
    $('call-back-list').innerHTML = callBacks.slice(-100).reverse().map(c => closedRow(c, `
      <label class="visually-hidden" for="score-${escapeHtml(c.caseId)}">Score</label>
      <select id="score-${escapeHtml(c.caseId)}"><option value="">score…</option>${[5, 4, 3, 2, 1].map(s => `<option value="${s}">${s} (${'ABCDE'[5 - s]})</option>`).join('')}</select>
      <input type="text" id="comment-${escapeHtml(c.caseId)}" placeholder="comment from the call" aria-label="Comment">
      <button data-survey="${escapeHtml(c.caseId)}">Record survey</button>`)).join('') || '<li class="empty">Nobody to call back.</li>';
    $('follow-up-list').innerHTML = followUps.map(c => closedRow(c, `
      <input type="text" id="investigation-${escapeHtml(c.caseId)}" placeholder="investigation's outcome" aria-label="Outcome">
      <button data-investigation="${escapeHtml(c.caseId)}">Record outcome</button>`)).join('') || '<li class="empty">No dissatisfied customer waiting.</li>';
  } catch (error) { toast(error.message, 'error'); }
}

const quarterInput = $('visit-quarter');
quarterInput.value = `${new Date().getUTCFullYear()}-Q${Math.floor(new Date().getUTCMonth() / 3) + 1}`;
quarterInput.addEventListener('change', refreshVisits);
async function refreshVisits() {
  try {
    const answer = await getJson(`/api/follow-up-visits?quarter=${encodeURIComponent(quarterInput.value)}`);
    $('visit-summary').textContent = `${answer.visits.length} visit(s) drawn from ${answer.closedCases} closed case(s), ${Math.round(answer.share * 100)} % and at least one per region`;
    $('visit-list').innerHTML = answer.visits.map(c => closedRow(c, c.visit
      ? `<span class="meta">visited: ${escapeHtml(c.visit.outcome)} (${escapeHtml(c.visit.actor)})</span>`
      : `<input type="text" id="visit-${escapeHtml(c.caseId)}" placeholder="visit's outcome" aria-label="Outcome">
         <button data-visit="${escapeHtml(c.caseId)}">Record visit</button>`)).join('') || '<li class="empty">No closed case this quarter.</li>';
  } catch (error) { toast(error.message, 'error'); }
}

document.addEventListener('click', async event => {
  const survey = event.target.closest('[data-survey]'), investigation = event.target.closest('[data-investigation]'), visit = event.target.closest('[data-visit]');
  try {
    if (survey) {
      const id = survey.dataset.survey, score = Number($(`score-${id}`).value);
      if (!score) { toast('Choose the score the customer gave.', 'error'); return; }
      await postJson(`/api/cases/${id}/survey`, { score, comment: $(`comment-${id}`).value || null });
      toast(score <= 2 ? `${id}: score ${score}, on the follow-up list` : `${id}: score ${score} recorded`, score <= 2 ? 'warning' : 'success');
      // The follow-up list follows the case's event: wait until it shows the case before redrawing.
      await waitFor(() => getJson('/api/surveys/call-backs').then(list => !list.some(c => c.caseId === id)));
      if (score <= 2) await waitFor(() => getJson('/api/surveys/follow-ups').then(list => list.some(c => c.caseId === id)));
      refreshCallBacks();
    } else if (investigation) {
      const id = investigation.dataset.investigation;
      await postJson(`/api/surveys/follow-ups/${id}/outcome`, { outcome: $(`investigation-${id}`).value });
      toast(`${id}: outcome recorded`, 'success');
      refreshCallBacks();
    } else if (visit) {
      const id = visit.dataset.visit;
      await postJson(`/api/follow-up-visits/${id}/outcome`, { outcome: $(`visit-${id}`).value });
      refreshVisits();
    }
  } catch (error) { toast(error.message, 'error'); }
});

async function waitFor(check, tries = 40) {
  for (let i = 0; i < tries; i++) {
    if (await check()) return;
    await new Promise(resolve => setTimeout(resolve, 250));
  }
}

refreshCallBacks();
refreshVisits();
setInterval(refreshCallBacks, 15000);
