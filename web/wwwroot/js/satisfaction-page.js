// The satisfaction report on /reports: per customer, model, kind or region the surveys A–E (stacked) and the rate A+B+C.
import { ApiError, getJson, getText, token } from './report-api.js';

const Chart = globalThis.Chart;
const $ = id => document.getElementById(id);
const grades = ['A', 'B', 'C', 'D', 'E'];
const colours = { A: '#1b7837', B: '#7fbf7b', C: '#d9d9d9', D: '#e08214', E: '#b2182b' };
let chart = null;

function query() {
  const params = new URLSearchParams({ from: $('satisfaction-from').value, to: $('satisfaction-to').value, by: $('satisfaction-by').value });
  return `/api/reports/satisfaction?${params}`;
}

function render(report) {
  const groups = report.groups.slice(0, 40);
  const company = report.company;
  $('satisfaction-company').textContent = `Surveys A–E and the rate A+B+C per ${report.by}; whole company: ${company.surveys} survey(s), ` +
    `rate ${company.rate == null ? '–' : `${company.rate} %`}`;
  chart?.destroy();
  chart = new Chart($('chart-satisfaction-groups'), {
    data: {
      labels: groups.map(g => g.key),
      datasets: [
        ...grades.map(grade => ({ type: 'bar', label: grade, data: groups.map(g => g.distribution[grade] ?? 0), backgroundColor: colours[grade], stack: 'surveys', yAxisID: 'y' })),
        { type: 'line', label: 'rate A+B+C (%)', data: groups.map(g => g.rate), borderColor: '#2166ac', backgroundColor: '#2166ac', yAxisID: 'rate' },
      ],
    },
    options: { animation: false, scales: { y: { stacked: true, title: { display: true, text: 'surveys' } }, rate: { position: 'right', min: 0, max: 100 } } },
  });
  document.body.dataset.satisfaction = `${report.from}..${report.to}:${report.by}`;
}

async function guarded(action) {
  $('satisfaction-error').textContent = '';
  try { await action(); } catch (error) { $('satisfaction-error').textContent = error instanceof ApiError ? error.message : String(error); }
}

async function downloadCsv() {
  const csv = await getText(query(), 'text/csv');
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
  link.download = `servicegrid-satisfaction-${$('satisfaction-from').value}-${$('satisfaction-to').value}-${$('satisfaction-by').value}.csv`;
  link.click();
  URL.revokeObjectURL(link.href);
}

const thisMonth = new Date().toISOString().slice(0, 7);
$('satisfaction-from').value = thisMonth;
$('satisfaction-to').value = thisMonth;
$('satisfaction-filters').addEventListener('submit', event => { event.preventDefault(); guarded(async () => render(await getJson(query()))); });
$('satisfaction-csv').addEventListener('click', () => guarded(downloadCsv));
// The monthly report's script signs in; chart once the report shows.
const shown = () => !$('report').hidden && token();
if (shown()) guarded(async () => render(await getJson(query())));
else new MutationObserver((_, observer) => {
  if (!shown()) return;
  observer.disconnect();
  guarded(async () => render(await getJson(query())));
}).observe($('report'), { attributes: true, attributeFilter: ['hidden'] });
