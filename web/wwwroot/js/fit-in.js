// Issue 18's P1 insertion on the schedule page: an unplanned P1/P2 visit in the side list gets a "Fit in" button that asks
// the optimizer to place it by moving only the few engineers nearest it (POST /replan with visitId); the answer is shown as
// the page's usual proposal diff.
import { escapeHtml } from './format.js';

const urgent = new Set(['P1', 'P2']);

/** The button for a listed visit, or nothing when the visit is not urgent. */
export function fitInButton(visit) {
  return urgent.has(visit.severity)
    ? ` <button type="button" class="fit-in" data-fit-in="${escapeHtml(visit.id)}" title="Place it, moving only the nearest engineers' routes">Fit in</button>`
    : '';
}

/** The visit whose "Fit in" button an event came from, or null. */
export function fitInTarget(event) {
  return event.target.closest('button[data-fit-in]')?.dataset.fitIn ?? null;
}
