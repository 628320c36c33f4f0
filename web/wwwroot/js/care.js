// What the console and the portal both say about a unit.

const hours = span => {
  if (!span) return '—';
  const [d, rest] = span.includes('.') && span.indexOf('.') < span.indexOf(':') ? span.split('.') : ['0', span];
  const [h, m] = rest.split(':').map(Number);
  const total = Number(d) * 24 + h + m / 60;
  return total >= 24 && total % 24 === 0 ? `${total / 24} d` : `${+total.toFixed(2)} h`;
};

/** "Warranty until …", "Contract … until …, SLA …" or "Chargeable: no warranty or contract". */
export function coverageText(unit) {
  const coverage = unit.coverage;
  const until = coverage.until ? new Date(coverage.until).toLocaleDateString() : '';
  if (coverage.kind === 'warranty') return `Under warranty until ${until}`;
  if (coverage.kind === 'contract') {
    const contract = unit.contracts.find(c => c.contractId === coverage.contractId);
    const targets = Object.entries(contract?.targets ?? {})
      .map(([severity, t]) => `${severity}: response ${hours(t.response)}, on site ${hours(t.onsite)}, resolution ${hours(t.resolution)}`).join('; ');
    return `Maintenance contract ${coverage.contractId ?? ''} until ${until}${targets ? ` · SLA ${targets}` : ' · default SLA'}`;
  }
  return 'Chargeable: no warranty or contract in force';
}
