// Alerts and outcomes as toasts: announced to screen readers (role=status), gone after a while.
const area = () => document.getElementById('toasts');

export function toast(text, kind = 'info', ms = 6000) {
  const item = document.createElement('div');
  item.className = `toast toast-${kind}`;
  item.setAttribute('role', kind === 'error' ? 'alert' : 'status');
  item.textContent = text;
  area().append(item);
  setTimeout(() => item.remove(), ms);
}

export function alertToast(alert) {
  const kind = ['slaBreached', 'majorCaseOpened', 'escalated'].includes(alert.type) ? 'error' : 'warning';
  toast(alert.message, kind, 8000);
}

export function statusBadge(status) {
  const badge = document.getElementById('live-status');
  badge.textContent = status;
  badge.className = `live-${status}`;
}
