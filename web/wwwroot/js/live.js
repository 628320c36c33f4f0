// The live board of one scope: subscribe, take the snapshot, apply events with seq above its version, and take a
// new snapshot on a gap, a new epoch or a reconnect (API.md "Live board"). Pages get the whole board on every change.
import { getJson, session } from './api.js';
import { token } from './auth.js';

export class LiveBoard {
  constructor(scope, { onChange, onEvent, onStatus, onSync }) {
    this.scope = scope;
    this.cases = new Map();
    this.engineers = new Map();
    this.alerts = [];
    this.version = 0;
    this.epoch = null;
    this.onChange = onChange ?? (() => {});
    this.onEvent = onEvent ?? (() => {});
    this.onStatus = onStatus ?? (() => {});
    // After each snapshot (start, gap, new epoch, reconnect), before the events that waited for it.
    this.onSync = onSync ?? (() => {});
    this.queue = [];
    this.syncing = null;
    this.redraw = null;
  }

  async start() {
    this.connection = new signalR.HubConnectionBuilder()
      .withUrl('/hubs/board', { accessTokenFactory: () => token(session.user) })
      .withAutomaticReconnect({ nextRetryDelayInMilliseconds: ctx => Math.min(1000 * 2 ** ctx.previousRetryCount, 10000) })
      .build();
    this.connection.on('boardEvent', event => this.receive(event));
    this.connection.onreconnecting(() => this.onStatus('reconnecting'));
    // A new connection is in no group yet, and events may have been missed: subscribe and re-sync.
    this.connection.onreconnected(() => this.subscribe());
    this.connection.onclose(() => { this.onStatus('offline'); setTimeout(() => this.start(), 5000); });
    try {
      await this.connection.start();
      await this.subscribe();
    } catch {
      this.onStatus('offline');
      setTimeout(() => this.start(), 5000);
    }
  }

  async subscribe() {
    // Subscribe before the snapshot, so that no event can fall between the two.
    await this.connection.invoke('Subscribe', this.scope);
    await this.resync();
    this.onStatus('live');
  }

  resync() {
    this.syncing ??= (async () => {
      try {
        const snapshot = await getJson(`/api/board?scope=${encodeURIComponent(this.scope)}`);
        this.cases = new Map(snapshot.cases.map(c => [c.id, c]));
        this.engineers = new Map(snapshot.engineers.map(e => [e.id, e]));
        this.alerts = snapshot.alerts;
        this.version = snapshot.version;
        this.epoch = snapshot.epoch;
      } finally {
        this.syncing = null;
      }
      await this.onSync(this);
      // Events of an older epoch than the snapshot's are already in it or gone with that sequencer.
      const waiting = this.queue.splice(0).filter(event => event.epoch === this.epoch);
      this.changed();
      waiting.forEach(event => this.receive(event));
    })();
    return this.syncing;
  }

  receive(event) {
    if (this.syncing) { this.queue.push(event); return; }
    if (event.epoch !== this.epoch) { this.queue.push(event); this.resync(); return; }
    if (event.seq <= this.version) return;
    if (event.seq > this.version + 1) { this.queue.push(event); this.resync(); return; }
    this.version = event.seq;
    this.apply(event);
    this.onEvent(event, this);
    this.changed();
  }

  // A storm of events redraws once per frame, not once per event.
  changed() {
    if (this.redraw) return;
    this.redraw = requestAnimationFrame(() => { this.redraw = null; this.onChange(this); });
  }

  apply(event) {
    switch (event.type) {
      case 'caseChanged': {
        const known = this.cases.get(event.case.id);
        if (known && known.version >= event.case.version) return;
        if (this.isOnBoard(event.case)) this.cases.set(event.case.id, event.case);
        else this.cases.delete(event.case.id);
        break;
      }
      case 'engineerMoved': this.engineers.set(event.engineer.id, event.engineer); break;
      case 'alert': this.alerts = [...this.alerts.slice(-49), event.alert]; break;
    }
  }

  // The server sends a case that leaves this scope once more, so that the board drops it.
  isOnBoard(row) {
    if (['resolved', 'closed', 'cancelled'].includes(row.state)) return false;
    const branch = this.scope.startsWith('branch:') ? this.scope.slice(7) : null;
    return branch === null || row.state === 'open' || row.branchId === branch;
  }
}
