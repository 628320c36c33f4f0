// The monthly report page: sign in (or reuse the session's token), pick a month and a region, chart the report.
import { ApiError, getJson, getText, signIn, signOut, token } from './report-api.js';

const Chart = globalThis.Chart;
const $ = id => document.getElementById(id);
const charts = {};
const grades = { 5: 'A · very satisfied', 4: 'B · satisfied', 3: 'C · neutral', 2: 'D · dissatisfied', 1: 'E · very dissatisfied' };
const palette = ['#2f6fde', '#22a06b', '#e2a400', '#e56910', '#c9372c', '#8f7ee7', '#6cc3e0'];

function show(signedIn) {
  $('sign-in').hidden = signedIn;
  $('report').hidden = !signedIn;
  $('sign-out').hidden = !signedIn;
}

function query() {
  const params = new URLSearchParams({ month: $('month').value });
  if ($('region').value) params.set('region', $('region').value);
  return `/api/reports/monthly?${params}`;
}

function draw(id, type, labels, data, options = {}) {
  charts[id]?.destroy();
  charts[id] = new Chart($(id), {
    type,
    data: { labels, datasets: [{ data, backgroundColor: type === 'doughnut' ? palette : palette[0] }] },
    options: { animation: false, plugins: { legend: { display: type === 'doughnut' } }, ...options },
  });
}

const minutes = value => value == null ? '–' : value < 120 ? `${value} min` : `${(value / 60).toFixed(1)} h`;

function render(report) {
  $('kpi-cases').textContent = report.cases;
  $('kpi-complaints').textContent = report.complaints;
  $('kpi-satisfaction').textContent = report.satisfaction.rate == null ? '–' : `${report.satisfaction.rate} %`;
  $('kpi-surveys').textContent = report.satisfaction.surveys;
  $('kpi-parts').textContent = report.partsUsed.total;
  const times = report.meanTimes;
  $('kpi-times').textContent = [times.responseMinutes, times.onsiteMinutes, times.resolutionMinutes].map(minutes).join(' / ');

  draw('chart-kind', 'bar', Object.keys(report.byKind), Object.values(report.byKind));
  draw('chart-severity', 'bar', Object.keys(report.bySeverity), Object.values(report.bySeverity));
  const sla = report.sla;
  draw('chart-sla', 'bar', ['response', 'on site', 'resolution'],
    [sla.response.percent, sla.onsite.percent, sla.resolution.percent], { scales: { y: { min: 0, max: 100 } } });
  const scores = ['5', '4', '3', '2', '1'];
  draw('chart-satisfaction', 'doughnut', scores.map(s => grades[s]), scores.map(s => report.satisfaction.distribution[s] ?? 0));
  draw('chart-parts', 'bar', Object.keys(report.partsUsed.bySku), Object.values(report.partsUsed.bySku));
}

async function guarded(action, errorId) {
  $(errorId).textContent = '';
  try {
    await action();
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) show(false);
    $(errorId).textContent = error.message;
  }
}

async function load() {
  render(await getJson(query()));
  document.body.dataset.loaded = $('month').value;
}

async function downloadCsv() {
  const csv = await getText(query(), 'text/csv');
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
  link.download = `servicegrid-report-${$('month').value}${$('region').value ? `-${$('region').value}` : ''}.csv`;
  link.click();
  URL.revokeObjectURL(link.href);
}

async function start() {
  show(true);
  const regions = await getJson('/api/regions');
  const select = $('region');
  select.length = 1;
  for (const region of regions) select.add(new Option(region.name, region.id));
  await load();
}

$('month').value = new Date().toISOString().slice(0, 7);
$('sign-in').addEventListener('submit', event => {
  event.preventDefault();
  const form = new FormData(event.target);
  guarded(async () => {
    await signIn(form.get('username'), form.get('password'));
    await start();
  }, 'sign-in-error');
});
$('sign-out').addEventListener('click', () => {
  signOut();
  show(false);
});
$('filters').addEventListener('submit', event => {
  event.preventDefault();
  guarded(load, 'report-error');
});
$('download-csv').addEventListener('click', () => guarded(downloadCsv, 'report-error'));

if (token()) guarded(start, 'report-error');
else show(false);
