// `/portal`: a customer's self-service portal. Their units with coverage and inspections; a request (channel portal)
// with a clear answer when the unit already has an open case; their cases live (own feed on the board hub), with the
// engineer's name, and while the engineer travels to them an arrival estimate and a coarse position; the survey, the
// relocation plan, the service reports and signed dispatch forms.
import { ApiError, getJson, postJson, session } from './api.js';
import { forget, token } from './auth.js';
import { escapeHtml } from './format.js';
import { statusBadge, toast } from './toasts.js';
import { coverageText } from './care.js';
import { LiveBoard } from './live.js';

session.user = 'cust-1';
const $ = id => document.getElementById(id);
const form = $('request-form');

/** The customer the token names; another role is asked to sign in as a customer. */
async function signedInCustomer() {
  for (;;) {
    const claims = JSON.parse(atob((await token(session.user)).split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    if (claims.customer) return claims.customer;
    forget();
    toast('The portal is for customers: sign in as one (cust-{n}).', 'error');
  }
}

const customerId = await signedInCustomer();
const customer = await getJson(`/api/customers/${encodeURIComponent(customerId)}`);
$('portal-title').textContent = `${customer.name} · customer portal`;
$('sign-out').addEventListener('click', () => { forget(); location.reload(); });
let units = [], cases = [], tracking = new Map();

async function loadUnits() {
  units = await Promise.all(customer.equipment.map(u => getJson(`/api/equipment/${encodeURIComponent(u.serial)}`)));
  $('units').innerHTML = units.map(u => `<div class="unit-card" data-serial="${escapeHtml(u.serial)}">
    <b>${escapeHtml(u.model)}</b> · ${escapeHtml(u.serial)}<br>
    <span class="coverage ${u.coverage.kind === 'none' ? 'chargeable' : ''}">${escapeHtml(coverageText(u))}</span><br>
    Next inspection: ${u.nextInspectionAt ? new Date(u.nextInspectionAt).toLocaleDateString() : 'none scheduled'}<br>
    ${u.openCases.length ? `${u.openCases.length} open case(s)` : 'No open case'}</div>`).join('');
  const chosen = form.serial.value;
  form.serial.innerHTML = units.map(u => `<option value="${escapeHtml(u.serial)}">${escapeHtml(u.serial)} · ${escapeHtml(u.model)}</option>`).join('');
  if (chosen) form.serial.value = chosen;
  showOpenCase();
}

// ---- Submit a request --------------------------------------------------------------------------------------------
const openCaseOf = serial => units.find(u => u.serial === serial)?.openCases[0];

function showOpenCase() {
  const open = openCaseOf(form.serial.value);
  const box = $('request-open-case');
  box.hidden = !open;
  if (!open) { $('submit-request').textContent = 'Submit request'; return; }
  box.innerHTML = `This unit already has an open case: <b>${escapeHtml(open.id)}</b> “${escapeHtml(open.title)}”, ${open.state}.
    We will add your message to it, so that the engineer working on it sees it.`;
  $('submit-request').textContent = `Add to case ${open.id}`;
}
form.serial.addEventListener('change', showOpenCase);

form.addEventListener('submit', async event => {
  event.preventDefault();
  const open = openCaseOf(form.serial.value);
  try {
    if (open) {
      await postJson(`/api/cases/${open.id}/notes`, { note: `${form.title.value}: ${form.description.value}` });
      toast(`Your message was added to case ${open.id}.`, 'success');
    } else {
      const opened = await postJson('/api/cases', {
        customerId, equipmentSerial: form.serial.value, kind: form.kind.value, severity: form.severity.value, channel: 'portal',
        title: form.title.value, description: form.description.value,
      }, { 'Idempotency-Key': form.dataset.key ??= crypto.randomUUID() });
      toast(`Request ${opened.id} received.`, 'success');
      upsert(opened);
    }
    form.reset();
    delete form.dataset.key;
    await loadUnits();
  } catch (error) { toast(error instanceof ApiError ? error.message : String(error), 'error'); }
});

// ---- My cases, live ----------------------------------------------------------------------------------------------
// The feed (`customer:{id}`, numbered by the hq sequencer) brings each change of these cases in order: the changed case
// is read again alone. Everything is read again only after a snapshot (start, a gap, a new epoch, a reconnect).
const hasEngineer = c => c.engineerId && ['dispatched', 'responded', 'onSite', 'resolved'].includes(c.state);
const trackingOf = async c => [c.id, await getJson(`/api/cases/${c.id}/tracking`)];

async function loadCases(feed) {
  const listed = (await getJson('/api/cases?pageSize=100')).items;
  // The list comes from the query tables, which may trail the feed's snapshot: a case it holds newer is read itself.
  const behind = [...(feed?.cases.values() ?? [])].filter(row => (listed.find(c => c.id === row.id)?.version ?? 0) < row.version);
  const read = await Promise.all(behind.map(row => getJson(`/api/cases/${row.id}`)));
  const known = new Map(cases.map(c => [c.id, c]));
  cases = [...listed.filter(c => !read.some(r => r.id === c.id)), ...read].map(c => (known.get(c.id)?.version ?? 0) > c.version ? known.get(c.id) : c);
  for (const c of known.values()) if (!cases.some(x => x.id === c.id)) cases.push(c);
  cases.sort((a, b) => b.openedAt.localeCompare(a.openedAt));
  tracking = new Map(await Promise.all(cases.filter(hasEngineer).map(trackingOf)));
  renderCases();
}

/** One case as the service answered it (a command's answer or a read after an event); an older version never wins. */
function upsert(view) {
  const at = cases.findIndex(c => c.id === view.id);
  if (at >= 0 && cases[at].version >= view.version) return false;
  if (at >= 0) cases[at] = view; else cases.unshift(view);
  renderCases();
  return true;
}

async function caseChanged(event) {
  if (event.type !== 'caseChanged') return;
  const known = cases.find(c => c.id === event.case.id);
  if (known && known.version >= event.case.version) return;
  const view = await getJson(`/api/cases/${event.case.id}`);
  if (hasEngineer(view)) tracking.set(view.id, (await trackingOf(view))[1]); else tracking.delete(view.id);
  upsert(view);
  // A case that opens or changes state changes the units' open cases (and the warning before a request).
  if (!known || known.state !== view.state) await loadUnits();
}

function renderCases() {
  $('my-cases').innerHTML = cases.map(c => {
    const t = tracking.get(c.id);
    const signed = c.timeline.filter(e => e.type === 'signed');
    return `<li class="row" data-case-id="${escapeHtml(c.id)}" data-state="${c.state}">
      <span class="sev sev-${c.severity.toLowerCase()}">${c.severity}</span> <span class="title">${escapeHtml(c.title)}</span>
      <span class="state" data-field="state">${c.state}</span>
      <span class="meta">${escapeHtml(c.id)} · ${c.kind} · ${escapeHtml(c.equipmentSerial ?? '')} · opened ${new Date(c.openedAt).toLocaleString()}</span>
      ${t?.engineerName ? `<div class="tracking" data-field="tracking">Engineer: <b data-field="engineer">${escapeHtml(t.engineerName)}</b>${t.travelling
        ? ` · on the way, arriving about <b data-field="eta">${new Date(t.eta).toLocaleTimeString()}</b> (${t.distanceKm} km)${t.position ? ` · near ${t.position.lat.toFixed(2)}, ${t.position.lon.toFixed(2)}` : ''}`
        : ''}</div>` : ''}
      ${relocation(c)}${report(c)}${signed.map(e => `<button type="button" data-attachment="${escapeHtml(c.id)}/${escapeHtml(e.attachmentId ?? '')}">Signed dispatch form</button>`).join('')}
      ${c.state === 'closed' && !c.survey ? survey(c) : c.survey ? `<span class="meta">Your rating: ${c.survey.score} of 5</span>` : ''}</li>`;
  }).join('') || '<li class="empty">No cases yet.</li>';
}

const survey = c => `<span class="survey">How satisfied are you?
  <label class="visually-hidden" for="score-${escapeHtml(c.id)}">Score</label>
  <select id="score-${escapeHtml(c.id)}">${[5, 4, 3, 2, 1].map(s => `<option value="${s}">${s} ${['', 'very dissatisfied', 'dissatisfied', 'neutral', 'satisfied', 'very satisfied'][s]}</option>`).join('')}</select>
  <input type="text" id="comment-${escapeHtml(c.id)}" aria-label="Comment" placeholder="comment (optional)">
  <button data-survey="${escapeHtml(c.id)}">Send</button></span>`;

const relocation = c => !c.relocationPlan ? '' : `<div class="meta">Relocation plan: move on ${new Date(c.relocationPlan.date).toLocaleDateString()},
  route ${escapeHtml(c.relocationPlan.route)}; equipment ${escapeHtml(c.relocationPlan.equipment)}.
  ${c.relocationPlan.approvedAt ? `Approved by ${escapeHtml(c.relocationPlan.approvedBy)}.`
    : c.relocationPlan.rejectedAt ? `<span data-field="plan-rejected">Rejected by ${escapeHtml(c.relocationPlan.rejectedBy)} on
       ${new Date(c.relocationPlan.rejectedAt).toLocaleString()}: “${escapeHtml(c.relocationPlan.rejectionReason)}”. The branch will propose a new plan.</span>`
    : `<button data-approve="${escapeHtml(c.id)}">Approve plan</button> <input type="text" id="reject-${escapeHtml(c.id)}" aria-label="Why reject" placeholder="why not">
       <button data-reject="${escapeHtml(c.id)}">Reject</button>`}</div>`;

const report = c => !c.resolution ? '' : `<details><summary>Service report</summary><pre>${escapeHtml(reportText(c))}</pre>
  <button data-download="${escapeHtml(c.id)}">Download</button></details>`;

function reportText(c) {
  const r = c.resolution, f = r.faultReport;
  return [`Service report for case ${c.id}: ${c.title}`, `Unit: ${c.equipmentSerial ?? '—'}`, `Resolved: ${new Date(r.at).toLocaleString()}`,
    `Summary: ${r.summary}`, ...(f ? [`Diagnosis: ${f.diagnosis}`, `Root cause: ${f.rootCause}`, `Actions: ${f.actions}`, `Result: ${f.result}`] : []),
    ...(r.partsUsed.length ? [`Parts: ${r.partsUsed.map(p => `${p.qty} × ${p.sku}`).join(', ')}`] : [])].join('\n');
}

function download(name, blob) {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

document.addEventListener('click', async event => {
  const target = event.target.closest('[data-survey],[data-approve],[data-reject],[data-download],[data-attachment]');
  if (!target) return;
  try {
    if (target.dataset.survey) {
      const id = target.dataset.survey;
      upsert(await postJson(`/api/cases/${id}/survey`, { score: Number($(`score-${id}`).value), comment: $(`comment-${id}`).value || null },
        { 'Idempotency-Key': crypto.randomUUID() }));
      toast('Thank you for your answer.', 'success');
    } else if (target.dataset.approve) {
      upsert(await postJson(`/api/cases/${target.dataset.approve}/relocation-plan/approve`, {}, { 'Idempotency-Key': crypto.randomUUID() }));
      toast('Plan approved.', 'success');
    } else if (target.dataset.reject) {
      // The branch sees the rejection with its reason and files a new plan; nobody is sent on the rejected one.
      const id = target.dataset.reject, reason = $(`reject-${id}`);
      if (!reason.value.trim()) { reason.focus(); toast('Tell us why, so the branch can propose a better plan.', 'error'); return; }
      upsert(await postJson(`/api/cases/${id}/relocation-plan/reject`, { reason: reason.value }, { 'Idempotency-Key': crypto.randomUUID() }));
      toast('We told the branch; they will propose a new plan.', 'success');
    } else if (target.dataset.download) {
      const c = cases.find(x => x.id === target.dataset.download);
      download(`service-report-${c.id}.txt`, new Blob([reportText(c)], { type: 'text/plain' }));
    } else if (target.dataset.attachment) {
      const response = await fetch(`/api/cases/${target.dataset.attachment}`, { headers: { authorization: `Bearer ${await token(session.user)}` } });
      if (!response.ok) throw new ApiError(response.status, 'The signed form could not be fetched.');
      download(`dispatch-form-${target.dataset.attachment.replace('/', '-')}`, await response.blob());
    }
  } catch (error) { toast(error.message, 'error'); }
});

// Only this customer's cases reach this feed (BoardScopes.Customer), with a seq of its own: in order, one case is read.
const feed = new LiveBoard(`customer:${customerId}`, {
  onSync: live => Promise.all([loadCases(live), loadUnits()]).catch(error => toast(error.message, 'error')),
  onEvent: event => { caseChanged(event).catch(error => toast(error.message, 'error')); },
  onStatus: statusBadge,
});
await feed.start();
// The engineer's position changes without a case event: while one travels here, ask again every few seconds.
setInterval(async () => {
  const travelling = [...tracking.entries()].filter(([, t]) => t.travelling).map(([id]) => cases.find(c => c.id === id)).filter(Boolean);
  if (!travelling.length) return;
  for (const [id, t] of await Promise.all(travelling.map(trackingOf)).catch(() => [])) tracking.set(id, t);
  renderCases();
}, 5000);
