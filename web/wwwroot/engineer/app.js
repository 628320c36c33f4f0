// The field engineer's app (issue 16): my jobs live over the board hub, ordered by what is due first; the job sheet;
// one-tap actions that go through the offline outbox; the customer's signature; the phone's position.
import * as outbox from './outbox.js';
import * as session from './session.js';

const $ = id => document.getElementById(id);
const activeStates = ['claimed', 'dispatched', 'responded', 'onSite'];
const store = {
  get: name => JSON.parse(localStorage.getItem(`servicegrid.engineer.${name}`) ?? 'null'),
  set: (name, value) => localStorage.setItem(`servicegrid.engineer.${name}`, JSON.stringify(value)),
};

let me = session.last();
let config = { locationIntervalSeconds: 30 };
let jobs = new Map((store.get('jobs') ?? []).map(job => [job.id, job]));
let openJobId = null;
let map = null;
let hub = null;

const escapeHtml = text => String(text ?? '').replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
const time = at => (at ? new Date(at).toLocaleString([], { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }) : '');

// ---- calls ------------------------------------------------------------------------------------------------------

async function authorized() {
  if (!session.current()) me = await session.signIn();
  return session.current().accessToken;
}

async function api(path, init = {}) {
  const response = await fetch(path, {
    ...init, headers: { accept: 'application/json', ...init.headers, authorization: `Bearer ${await authorized()}` },
  });
  if (response.status === 401) {
    session.forget();
    return api(path, init);
  }
  const body = response.headers.get('content-type')?.includes('json') ? await response.json() : null;
  return { ok: response.ok, status: response.status, body };
}

/** One queued action to the server, with its key; what only time cures (503, a twin in flight, sign-in) waits. */
async function send(entry) {
  if (!session.current()) { signInAgain(); return { retryLater: true }; }
  const answer = await api(entry.path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'Idempotency-Key': entry.key },
    body: JSON.stringify(entry.body),
  });
  const inFlight = answer.status === 409 && answer.body?.detail?.includes('still being processed');
  return { ...answer, retryLater: answer.status >= 500 || inFlight };
}

let signingIn = null;
function signInAgain() {
  signingIn ??= session.signIn().then(s => { me = s; signingIn = null; sync(); });
}

/** What the engineer is told about a case whose action was refused: its state now, if they may still see it. */
async function describeCase(caseId) {
  const answer = await api(`/api/cases/${caseId}`);
  if (answer.ok) return `the case is now '${answer.body.state}'${answer.body.engineerId && answer.body.engineerId !== me.engineerId ? `, with ${answer.body.engineerId}` : ''}`;
  if (answer.status === 403) return 'the case is no longer assigned to you';
  return answer.body?.detail ?? `HTTP ${answer.status}`;
}

// ---- outbox -----------------------------------------------------------------------------------------------------

async function queue(caseId, command, body, label) {
  await outbox.enqueue({ caseId, path: command.startsWith('/') ? command : `/api/cases/${caseId}/${command}`, body, label });
  await render();
  sync();
}

async function sync() {
  if (!navigator.onLine) return render();
  await outbox.flush(send, {
    onSent: (entry, body) => { if (body?.timeline && body.id) upsertJob(body); },
    onRefused: () => render(),
    describeCase,
  });
  await render();
}

// ---- jobs -------------------------------------------------------------------------------------------------------

function nextDue(job) {
  const running = ['response', 'onsite', 'resolution'].map(m => job.sla?.[m])
    .filter(m => m && ['pending', 'atRisk'].includes(m.status) && m.dueAt).map(m => Date.parse(m.dueAt));
  return running.length ? Math.min(...running) : Number.POSITIVE_INFINITY;
}

function countdown(due) {
  if (!Number.isFinite(due)) return 'no deadline running';
  const minutes = Math.round((due - Date.now()) / 60_000);
  const span = `${Math.floor(Math.abs(minutes) / 60)}h ${String(Math.abs(minutes) % 60).padStart(2, '0')}m`;
  return minutes >= 0 ? `due in ${span}` : `overdue ${span}`;
}

/** A case (a view or a board row) as one of my jobs, kept when it is newer than what the app holds. */
function upsertJob(row) {
  const known = jobs.get(row.id);
  if (known && known.version > row.version) return;
  if (row.engineerId === me?.engineerId && activeStates.includes(row.state)) jobs.set(row.id, { ...known, ...row });
  else jobs.delete(row.id);
  store.set('jobs', [...jobs.values()]);
  render();
}

async function refreshJobs() {
  const answer = await api('/api/cases?pageSize=200').catch(() => null);
  if (!answer?.ok) return;
  const mine = answer.body.items.filter(c => c.engineerId === me.engineerId && activeStates.includes(c.state));
  const fresh = new Map(mine.map(c => [c.id, c]));
  // A job the list does not hold yet (its read model is a moment behind the hub) stays until the hub says otherwise.
  for (const [id, job] of jobs) if (!fresh.has(id) && job.liveOnly) fresh.set(id, job);
  jobs = fresh;
  store.set('jobs', [...jobs.values()]);
  render();
}

function startHub() {
  hub = new signalR.HubConnectionBuilder()
    .withUrl('/hubs/board', { accessTokenFactory: () => authorized() })
    .withAutomaticReconnect({ nextRetryDelayInMilliseconds: ctx => Math.min(1000 * 2 ** ctx.previousRetryCount, 10000) })
    // No signal is this app's normal state: the status line says so, the console need not.
    .configureLogging(signalR.LogLevel.None)
    .build();
  hub.on('boardEvent', event => {
    if (event.type === 'caseChanged' && (event.case.engineerId === me.engineerId || jobs.has(event.case.id))) {
      upsertJob({ ...event.case, liveOnly: true });
      if (openJobId === event.case.id) loadSheet(openJobId);
    }
  });
  const subscribe = async () => {
    await hub.invoke('Subscribe', `branch:${me.branchId}`);
    $('live-status').textContent = 'live';
    await refreshJobs();
  };
  hub.onreconnecting(() => { $('live-status').textContent = 'reconnecting…'; });
  hub.onreconnected(subscribe);
  hub.onclose(() => { $('live-status').textContent = 'offline'; setTimeout(startHub, 5000); });
  hub.start().then(subscribe).catch(() => { $('live-status').textContent = 'offline'; setTimeout(startHub, 5000); });
}

// ---- location ---------------------------------------------------------------------------------------------------

function reportLocation() {
  if (!navigator.onLine || !navigator.geolocation || !session.current()) return;
  navigator.geolocation.getCurrentPosition(position => {
    api(`/api/engineers/${me.engineerId}/location`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ lat: position.coords.latitude, lon: position.coords.longitude }),
    }).catch(() => {});
  }, () => {}, { enableHighAccuracy: true, maximumAge: 10_000, timeout: 20_000 });
}

// ---- screens ----------------------------------------------------------------------------------------------------

async function render() {
  const waiting = await outbox.entries();
  $('outbox-count').textContent = `${waiting.length} waiting`;
  $('outbox-count').dataset.count = waiting.length;
  $('network').textContent = navigator.onLine ? 'online' : 'offline';
  $('network').classList.toggle('offline', !navigator.onLine);

  const sorted = [...jobs.values()].sort((a, b) => nextDue(a) - nextDue(b));
  $('jobs').innerHTML = sorted.map(job => `
    <li data-case="${escapeHtml(job.id)}" data-severity="${escapeHtml(job.severity)}" data-state="${escapeHtml(job.state)}">
      <strong>${escapeHtml(job.severity)} · ${escapeHtml(job.title)}</strong><br>
      <span class="muted">${escapeHtml(job.state)}</span> ·
      <span class="countdown" data-due="${nextDue(job)}">${countdown(nextDue(job))}</span>
    </li>`).join('');
  $('no-jobs').hidden = sorted.length > 0;

  const refused = waiting.filter(e => e.status === outbox.Status.refused);
  $('refused').hidden = refused.length === 0;
  $('refused-list').innerHTML = refused.map(e => refusedHtml(e, waiting)).join('');
  if (openJobId) renderPending(waiting);
}

function refusedHtml(entry, waiting) {
  const held = waiting.filter(e => e.caseId === entry.caseId && e.status === outbox.Status.waiting).length;
  return `<li data-case="${escapeHtml(entry.caseId)}" data-action="${escapeHtml(entry.label)}">
    <strong>${escapeHtml(entry.label)}</strong> on ${escapeHtml(entry.caseId)} was refused: <span class="reason">${escapeHtml(entry.reason)}</span>
    <br><span class="case-state">${escapeHtml(entry.caseState ?? '')}</span>${held ? ` · ${held} later action(s) held` : ''}
    <br><button data-decide="retry" data-case="${escapeHtml(entry.caseId)}">Send again</button>
    <button data-decide="discard" data-case="${escapeHtml(entry.caseId)}">Discard</button></li>`;
}

function renderPending(waiting) {
  const mine = waiting.filter(e => e.caseId === openJobId);
  $('job-pending').innerHTML = mine.map(e => `<li data-status="${e.status}">${escapeHtml(e.label)} · done ${time(e.body.occurredAt)} · ${e.status}</li>`).join('')
    || '<li class="muted">nothing</li>';
  const refused = mine.find(e => e.status === outbox.Status.refused);
  $('job-blocked').hidden = !refused;
  $('job-blocked').innerHTML = refused ? refusedHtml(refused, waiting) : '';
}

function showList() {
  openJobId = null;
  $('job-view').hidden = true;
  $('jobs-view').hidden = false;
  $('back').hidden = true;
  $('title').textContent = 'My jobs';
  render();
}

async function showJob(id) {
  openJobId = id;
  $('jobs-view').hidden = true;
  $('job-view').hidden = false;
  $('back').hidden = false;
  const cached = store.get(`sheet.${id}`);
  if (cached) renderSheet(cached);
  else renderSheet({ case: jobs.get(id), reserved: [] });
  render();
  await loadSheet(id);
}

async function loadSheet(id) {
  const answer = await api(`/api/cases/${id}/job`).catch(() => null);
  if (!answer?.ok || openJobId !== id) return;
  store.set(`sheet.${id}`, answer.body);
  renderSheet(answer.body);
}

function renderSheet(sheet) {
  const job = sheet.case;
  if (!job) return;
  $('title').textContent = job.title;
  $('job-title').textContent = `${job.severity} · ${job.title}`;
  $('job-meta').textContent = `${job.id} · ${job.state}${job.pausedAt ? ' (paused)' : ''}`;
  $('job-sla').innerHTML = ['response', 'onsite', 'resolution'].map(m => job.sla?.[m])
    .map((m, i) => m && m.status !== 'notApplicable'
      ? `${['Response', 'On site', 'Resolution'][i]}: ${m.status}${m.metAt ? ` at ${time(m.metAt)}` : m.dueAt ? `, due ${time(m.dueAt)}` : ''}` : '')
    .filter(Boolean).join(' · ');
  $('job-customer').textContent = [sheet.customerName ?? job.customerId, sheet.siteName].filter(Boolean).join(' · ');
  const site = job.site;
  $('job-navigate').hidden = !site;
  if (site) {
    $('job-navigate').href = `geo:${site.lat},${site.lon}?q=${site.lat},${site.lon}`;
    map ??= L.map('job-map', { attributionControl: false, zoomControl: false });
    map.setView([site.lat, site.lon], 14);
    map.eachLayer(layer => map.removeLayer(layer));
    L.marker([site.lat, site.lon]).addTo(map);
  }
  const unit = sheet.unit;
  $('job-unit').textContent = unit
    ? `${unit.model} · ${unit.serial} · ${unit.coverage.kind}${unit.coverage.until ? ` until ${time(unit.coverage.until)}` : ''}`
    : job.equipmentSerial ?? 'no unit on record';
  $('job-unit-cases').innerHTML = (unit?.cases ?? []).filter(c => c.caseId !== job.id)
    .map(c => `<li>${escapeHtml(c.caseId)} · ${escapeHtml(c.kind ?? '')} ${time(c.openedAt)}</li>`).join('') || '<li class="muted">no past cases</li>';
  const draft = store.get(`draft.${job.id}`) ?? {};
  $('job-parts').innerHTML = [
    ...(sheet.reserved ?? []).map(r => `<li>reserved: ${escapeHtml(r.sku)} × ${r.qty} at ${escapeHtml(r.depotId)}</li>`),
    ...(draft.parts ?? []).map(p => `<li>used: ${escapeHtml(p.sku)} × ${p.qty}, taken out ${escapeHtml(p.serial)}</li>`),
  ].join('') || '<li class="muted">none</li>';
  $('job-timeline').innerHTML = (job.timeline ?? []).map(e => `<li data-type="${escapeHtml(e.type)}">${escapeHtml(e.type)} · ${escapeHtml(e.actor)}
    · ${e.occurredAt ? `done ${time(e.occurredAt)}, recorded ${time(e.at)}` : time(e.at)}${e.note ? ` · ${escapeHtml(e.note)}` : ''}</li>`).join('');
}

// ---- actions ----------------------------------------------------------------------------------------------------

function sheetDialog(title, fields, okLabel = 'Save') {
  const dialog = $('sheet');
  $('sheet-title').textContent = title;
  $('sheet-fields').innerHTML = fields;
  $('sheet-ok').textContent = okLabel;
  dialog.querySelector('.error').textContent = '';
  dialog.showModal();
  return dialog;
}

function ask(title, fields, okLabel, accept) {
  const dialog = sheetDialog(title, fields, okLabel);
  const form = $('sheet-form');
  form.onsubmit = async event => {
    if (event.submitter?.value !== 'ok') return;
    event.preventDefault();
    try {
      if (await accept(Object.fromEntries(new FormData(form)), dialog) !== false) dialog.close();
    } catch (failure) {
      dialog.querySelector('.error').textContent = failure.message;
    }
  };
}

const draftOf = id => store.get(`draft.${id}`) ?? { parts: [] };
const saveDraft = (id, draft) => store.set(`draft.${id}`, draft);

const actions = {
  respond: id => queue(id, 'respond', { note: 'Accepted on the phone' }, 'respond'),
  travel: id => queue(id, 'travel', {}, 'start travel'),
  arrive: id => queue(id, 'arrive', {}, 'arrive'),
  pause: id => queue(id, 'pause', { reason: 'Waiting on the customer' }, 'pause'),
  resume: id => queue(id, 'resume', { reason: 'The customer is ready' }, 'resume'),
  part: id => ask('Part used', `
      <label>SKU <input name="sku" required></label>
      <label>Quantity <input name="qty" type="number" min="1" value="1" required></label>
      <label>Serial of the part taken out <input name="serial" required></label>`, 'Record', async values => {
    const part = { sku: values.sku.trim(), qty: Number(values.qty), serial: values.serial.trim() };
    const draft = draftOf(id);
    saveDraft(id, { ...draft, parts: [...(draft.parts ?? []), part] });
    // The faulty part goes back for repair (service plan 4.5); it is consumed from the depot with the resolution.
    await queue(id, '/api/returns', { caseId: id, sku: part.sku, serial: part.serial }, `part taken out ${part.serial}`);
  }),
  fault: id => {
    const report = draftOf(id).faultReport ?? {};
    ask('Fault report', ['diagnosis', 'rootCause', 'actions', 'result'].map(name =>
      `<label>${{ diagnosis: 'Diagnosis', rootCause: 'Root cause', actions: 'Actions', result: 'Result' }[name]}
        <textarea name="${name}" required>${escapeHtml(report[name])}</textarea></label>`).join(''), 'Save', values => {
      saveDraft(id, { ...draftOf(id), faultReport: values });
    });
  },
  report: id => ask('Service report', `<label>What was done <textarea name="summary" required>${escapeHtml(draftOf(id).summary)}</textarea></label>`,
    'Save', values => { saveDraft(id, { ...draftOf(id), summary: values.summary }); }),
  escalate: id => ask('Ask for escalation', '<label>Why <textarea name="reason" required></textarea></label>', 'Escalate',
    values => queue(id, 'escalate', { reason: values.reason }, 'escalate')),
  resolve: async id => {
    const draft = draftOf(id);
    const job = jobs.get(id) ?? store.get(`sheet.${id}`)?.case;
    if (!draft.summary) return actions.report(id);
    if (['P1', 'P2'].includes(job?.severity) && !draft.faultReport) return actions.fault(id);
    const depotId = store.get(`sheet.${id}`)?.depotId ?? `depot-${me.branchId}`;
    await queue(id, 'resolve', {
      summary: draft.summary, faultReport: draft.faultReport ?? null,
      partsUsed: (draft.parts ?? []).map(p => ({ depotId, sku: p.sku, qty: p.qty })),
    }, 'resolve');
  },
};

// The signature pad needs its canvas sized once the dialog shows, so it has a form handler of its own.
actions.sign = id => {
  const dialog = sheetDialog('Customer signature', `
    <label>Signer's name <input name="signerName" required></label>
    <canvas class="signature" id="signature-canvas" aria-label="Sign here"></canvas>
    <button type="button" id="signature-clear">Clear</button>`, 'Save signature');
  const canvas = $('signature-canvas');
  const ratio = Math.max(window.devicePixelRatio || 1, 1);
  canvas.width = canvas.offsetWidth * ratio;
  canvas.height = canvas.offsetHeight * ratio;
  canvas.getContext('2d').scale(ratio, ratio);
  const pad = new SignaturePad(canvas, { backgroundColor: 'rgb(255, 255, 255)' });
  $('signature-clear').onclick = () => pad.clear();
  $('sheet-form').onsubmit = async event => {
    if (event.submitter?.value !== 'ok') return;
    event.preventDefault();
    const signerName = $('sheet-form').signerName.value.trim();
    if (!signerName || pad.isEmpty()) {
      dialog.querySelector('.error').textContent = 'The signer\'s name and the signature are both needed.';
      return;
    }
    dialog.close();
    await queue(id, 'signature', { signerName, imagePng: pad.toDataURL('image/png').split(',')[1] }, 'signature');
  };
};

// ---- start ------------------------------------------------------------------------------------------------------

document.addEventListener('click', async event => {
  const job = event.target.closest('#jobs li[data-case]');
  if (job) return showJob(job.dataset.case);
  const action = event.target.closest('.actions button[data-action]');
  if (action && openJobId) return actions[action.dataset.action](openJobId);
  const decide = event.target.closest('button[data-decide]');
  if (decide) {
    await (decide.dataset.decide === 'retry' ? outbox.retry(decide.dataset.case) : outbox.discard(decide.dataset.case));
    await render();
    sync();
  }
});
$('back').onclick = showList;
window.addEventListener('online', () => { sync(); refreshJobs(); });
window.addEventListener('offline', render);

async function start() {
  if ('serviceWorker' in navigator) navigator.serviceWorker.register('/engineer-sw.js', { scope: '/engineer' }).catch(() => {});
  config = await fetch('/engineer/config').then(r => r.json()).catch(() => config);
  showList();
  if (!session.current()) {
    // Offline with an expired token: show what the phone holds; sign-in waits for a signal.
    if (me && !navigator.onLine) {
      window.addEventListener('online', () => signInAgain(), { once: true });
    } else {
      me = await session.signIn();
    }
  }
  $('jobs-view').hidden = false;
  startHub();
  sync();
  setInterval(sync, 15_000);
  setInterval(() => document.querySelectorAll('.countdown').forEach(c => { c.textContent = countdown(Number(c.dataset.due)); }), 1_000);
  reportLocation();
  setInterval(reportLocation, config.locationIntervalSeconds * 1000);
}

start();
