// The map: offline province outlines shipped with the app, an optional tile server, cases and engineers as markers.
import { getPublic } from './api.js';
import { countdown, severityStyle, slaState, slaLabel, escapeHtml } from './format.js';

export async function createMap(element) {
  const map = L.map(element, { zoomSnap: 0.5 }).setView([35.5, 106], 4);
  const config = await getPublic('/board/config').catch(() => ({}));
  if (config.tileUrl) L.tileLayer(config.tileUrl, { maxZoom: 18 }).addTo(map);
  const provinces = await getPublic('/lib/china/provinces.json');
  L.geoJSON(provinces, {
    style: { color: '#ffffff', weight: 1, fillColor: '#d9dee4', fillOpacity: config.tileUrl ? 0.2 : 1 },
    onEachFeature: (feature, layer) => layer.bindTooltip(feature.properties.name, { sticky: true }),
  }).addTo(map);
  return map;
}

/** Keeps one marker per case in step with the board. */
export class CaseMarkers {
  constructor(map) {
    this.map = map;
    this.markers = new Map();
  }

  /** `atRisk(row)`: nobody can be on site in time (issue 15's dispatch risk), marked beside the SLA state. */
  show(rows, atRisk = () => false) {
    const seen = new Set();
    for (const row of rows) {
      if (!row.site) continue;
      seen.add(row.id);
      const icon = caseIcon(row, atRisk(row));
      const marker = this.markers.get(row.id);
      if (marker) {
        marker.setLatLng([row.site.lat, row.site.lon]);
        if (marker.options.icon.options.html !== icon.options.html) marker.setIcon(icon);
      } else {
        this.markers.set(row.id, L.marker([row.site.lat, row.site.lon], { icon, title: `${row.severity} ${row.title}`, keyboard: true })
          .bindPopup(() => popup(row)).addTo(this.map));
      }
    }
    for (const [id, marker] of this.markers) {
      if (!seen.has(id)) { marker.remove(); this.markers.delete(id); }
    }
  }

  focus(id) {
    const marker = this.markers.get(id);
    if (marker) { this.map.panTo(marker.getLatLng()); marker.openPopup(); }
  }
}

function caseIcon(row, dispatchRisk) {
  const sla = slaState(row);
  const style = severityStyle[row.severity];
  return L.divIcon({
    // The marker's own shape clips whatever is drawn on it; the risk sign goes on its container.
    className: dispatchRisk ? 'case-icon case-icon-dispatch-risk' : 'case-icon',
    iconSize: [30, 30],
    iconAnchor: [15, 15],
    html: `<div class="case-marker sev-${row.severity.toLowerCase()} shape-${style.shape} sla-${sla}${dispatchRisk ? ' at-dispatch-risk' : ''}" data-case-id="${escapeHtml(row.id)}"
      aria-label="${row.severity} ${escapeHtml(row.title)}, SLA ${slaLabel[sla]}${dispatchRisk ? ', dispatch risk' : ''}"><span>${row.severity}</span>${sla === 'pending' || sla === 'none' ? '' : `<b>${sla === 'breached' ? '✕' : '!'}</b>`}</div>`,
  });
}

const popup = row => `<strong>${row.severity} · ${escapeHtml(row.title)}</strong><br>${escapeHtml(row.id)} · ${row.state} · tier ${row.tier}
  <br>${escapeHtml(row.region)}${row.branchId ? ` / ${escapeHtml(row.branchId)}` : ''}${row.engineerId ? ` · ${escapeHtml(row.engineerId)}` : ''}
  <br>SLA: ${slaLabel[slaState(row)]}`;

/** Engineers as small labelled dots that glide to their latest position. */
export class EngineerMarkers {
  /** `onSelect(id)`: a click on an engineer, or Enter on a focused one (markers take the keyboard focus). */
  constructor(map, onSelect = () => {}) {
    this.map = map;
    this.markers = new Map();
    this.onSelect = onSelect;
  }

  show(engineers) {
    for (const engineer of engineers) {
      const at = [engineer.location.lat, engineer.location.lon];
      const html = `<div class="engineer-marker engineer-${engineer.status}" data-engineer-id="${escapeHtml(engineer.id)}">E</div>`;
      const marker = this.markers.get(engineer.id);
      if (marker) {
        marker.setLatLng(at);
        if (marker.options.icon.options.html !== html) marker.setIcon(engineerIcon(html));
      } else {
        this.markers.set(engineer.id, L.marker(at, { icon: engineerIcon(html), title: `${engineer.name} (${engineer.status})`, zIndexOffset: -100 })
          .on('click', () => this.onSelect(engineer.id))
          .on('keypress', event => { if (event.originalEvent.key === 'Enter') this.onSelect(engineer.id); }).addTo(this.map));
      }
    }
  }
}

const engineerIcon = html => L.divIcon({ className: 'engineer-icon', iconSize: [18, 18], iconAnchor: [9, 9], html });

/** The recommended engineers of the selected case: numbered by rank at their position, each with a line to the site and its ETA. */
export class CandidateOverlay {
  constructor(map) {
    this.layer = L.layerGroup().addTo(map);
  }

  show(row, list, engineers) {
    this.layer.clearLayers();
    if (!row?.site || !list) return;
    list.items.forEach((candidate, rank) => {
      const engineer = engineers.get(candidate.engineerId);
      if (!engineer) return;
      const at = [engineer.location.lat, engineer.location.lon];
      const label = `${candidate.engineerId}: on site in ${countdown(candidate.etaOnSite)}, ${candidate.travelMinutes} min drive${candidate.meets.onsite ? '' : ', late'}`;
      L.polyline([at, [row.site.lat, row.site.lon]], { color: candidate.meets.onsite ? '#1b7837' : '#b2182b', weight: 2, dashArray: candidate.meets.onsite ? null : '6 4' })
        .bindTooltip(label).addTo(this.layer);
      L.marker(at, {
        icon: L.divIcon({ className: 'candidate-icon', iconSize: [22, 22], iconAnchor: [11, 11],
          html: `<div class="candidate-marker" data-engineer-id="${escapeHtml(candidate.engineerId)}" aria-label="${escapeHtml(label)}">${rank + 1}</div>` }),
        title: label, zIndexOffset: 500,
      }).bindTooltip(label).addTo(this.layer);
    });
  }
}

/** An engineer's planned day (issue 18): a line from where they are through their stops in order, each stop numbered. */
export class RouteOverlay {
  constructor(map) {
    this.map = map;
    this.layer = L.layerGroup().addTo(map);
  }

  /** `fit`: bring the whole route into view (on selection, not on every live update). */
  show(engineer, plan, fit = false) {
    this.layer.clearLayers();
    if (!engineer || !plan) return;
    const stops = plan.stops.filter(s => s.visit.location);
    const points = [[engineer.location.lat, engineer.location.lon], ...stops.map(s => [s.visit.location.lat, s.visit.location.lon])];
    const label = `${engineer.name}: ${stops.length} stops today, ${plan.travelKm.toFixed(1)} km`;
    const line = L.polyline(points, { className: 'route-line', color: '#22303c', weight: 3, opacity: .8 }).bindTooltip(label).addTo(this.layer);
    if (fit && stops.length > 0) this.map.fitBounds(line.getBounds(), { padding: [40, 40], maxZoom: 11 });
    stops.forEach((stop, n) => {
      const at = new Date(stop.plannedStart).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
      const text = `${n + 1}. ${at} ${stop.visit.severity} ${stop.visit.title}${stop.fitsWindow && stop.meetsSla ? '' : ' (late)'}`;
      L.marker([stop.visit.location.lat, stop.visit.location.lon], {
        icon: L.divIcon({ className: 'route-icon', iconSize: [20, 20], iconAnchor: [10, 10],
          html: `<div class="route-stop" data-visit-id="${escapeHtml(stop.visit.id)}" data-engineer-id="${escapeHtml(engineer.id)}" aria-label="${escapeHtml(text)}">${n + 1}</div>` }),
        title: text, zIndexOffset: 400,
      }).bindTooltip(escapeHtml(text)).addTo(this.layer);
    });
  }
}
