// Where a dragged or keyboard-moved block or load would land, and whether the ramp takes it there: the board's
// checks before a drop, in plain words. The server checks again (other days, changes not seen yet).
import { isFreed } from '@/lib/board-rules';
import { closedRefusal } from '@/lib/ramp-hours';
import { directionRefusal } from '@/lib/ramp-refusal';
import type { Assignment } from '@/lib/schemas/assignments';
import type { Load } from '@/lib/schemas/loads';
import type { Ramp } from '@/lib/schemas/ramps';
import { DEFAULT_LOCALE, formatClock } from '@/lib/zoned-time';
import { snapMinutes } from '@/components/board/board-model';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** A load without planned times gets this long a slot. */
export const DEFAULT_SLOT_MS = 2 * HOUR;
/** A card dropped within this of its planned arrival lands exactly on it. */
export const PLANNED_PULL_MS = 30 * MINUTE;

/** Where a move or plan would land: ramp, window, and the reason it is refused (null: it is taken). */
export type DropTarget = { rampId: number; rampCode: string; start: number; end: number; reason: string | null; reference: string };

/** The planned slot length of a load (at least 15 minutes), or two hours without planned times. */
export function plannedDuration(load: Pick<Load, 'planned_arrival' | 'planned_departure'>): number {
  if (!load.planned_arrival || !load.planned_departure) return DEFAULT_SLOT_MS;
  return Math.max(Date.parse(load.planned_departure) - Date.parse(load.planned_arrival), 15 * MINUTE);
}

/**
 * Where a card dropped at `at` starts: its planned arrival when dropped within half an hour of it
 * (the plan is the default), else the pointer's time on the 15-minute grid of the day.
 */
export function cardStart(at: number, load: Pick<Load, 'planned_arrival'>, dayStart: number): number {
  const planned = load.planned_arrival ? Date.parse(load.planned_arrival) : null;
  if (planned !== null && Math.abs(at - planned) <= PLANNED_PULL_MS) return planned;
  return dayStart + snapMinutes(at - dayStart);
}

/** The open assignment of `items` (other than `selfId`) that overlaps [start, end), if any. */
export function overlapping(items: readonly Assignment[], start: number, end: number, selfId: number | null): Assignment | null {
  for (const a of items) {
    if (a.id === selfId || isFreed(a)) continue;
    if (Date.parse(a.eta_in) < end && Date.parse(a.eta_out) > start) return a;
  }
  return null;
}

/**
 * Why `ramp` refuses a load of `direction` in [start, end), in the server's order: the direction, then closed
 * time (hours and closures, "R3 is closed 12:00–13:00 on Mondays"), then an occupied window; null if it takes it.
 */
export function refusalOf(
  ramp: Pick<Ramp, 'code' | 'kind' | 'rules'>,
  items: readonly Assignment[],
  direction: 'IB' | 'OB',
  start: number,
  end: number,
  selfId: number | null,
  timeZone: string,
  locale: string = DEFAULT_LOCALE,
): string | null {
  const wrong = directionRefusal(ramp, direction);
  if (wrong) return wrong;
  const closed = closedRefusal(ramp.code, ramp.rules, start, end);
  if (closed) return closed;
  const other = overlapping(items, start, end, selfId);
  if (!other) return null;
  return `${ramp.code} is already occupied then by ${other.load.reference} (${formatClock(other.eta_in, timeZone, locale)}–${formatClock(other.eta_out, timeZone, locale)})`;
}

/** "R5 · 10:30–12:30": the ghost's line. */
export const slotText = (t: Pick<DropTarget, 'rampCode' | 'start' | 'end'>, timeZone: string, locale: string = DEFAULT_LOCALE) =>
  `${t.rampCode} · ${formatClock(new Date(t.start), timeZone, locale)}–${formatClock(new Date(t.end), timeZone, locale)}`;

/** "IB-2026-007 to R5 at 10:30", with the refusal after it: what a screen reader hears at each step. */
export function stepText(t: DropTarget, timeZone: string, locale: string = DEFAULT_LOCALE): string {
  const place = `${t.reference} to ${t.rampCode} at ${formatClock(new Date(t.start), timeZone, locale)}`;
  return t.reason ? `${place}. Not possible: ${t.reason}.` : place;
}
