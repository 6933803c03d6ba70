// The board's rules as every screen shows them (the operators' board, the wall
// TV): which assignments are late or overdue, which a view of one direction
// shows, and the order ramps and statuses come in.
import type { Direction } from '@/lib/realtime';
import type { Assignment } from '@/lib/schemas/assignments';

// Constants the browser needs without the zod schemas (zod's eval check breaks the page's CSP and weighs ~34 kB).

/** The actual times in the order the database enforces (SPEC §8): arrived ≤ started ≤ completed ≤ departed. */
export const ACTUAL_FIELDS = ['arrived_at', 'started_at', 'completed_at', 'departed_at'] as const;
export type ActualField = (typeof ACTUAL_FIELDS)[number];

/** How long a call to the door stays on the TVs. */
export const CALL_SHOW_MS = 10 * 60_000;

/** Late: not arrived and this long past eta_in (SPEC §8). */
export const LATE_TOLERANCE_MS = 15 * 60_000;

/** Cancelled or declined (SPEC §9): holds neither its window nor its load, as the database's `cancelled` says (0012_carriers.sql). */
const FREED = new Set(['CANCELLED', 'DECLINED']);
const CLOSED = new Set(['COMPLETED', ...FREED]);
/** Statuses that say the truck is on site even with no time recorded (rows from before the actual times, an arrival cleared by a correction). */
const ON_SITE = new Set(['ARRIVED', 'IN_PROGRESS']);

/** What the rules read of an assignment; the actual times may be missing from older payloads. */
export type Timed = Pick<Assignment, 'status' | 'eta_in' | 'eta_out'> & Partial<Pick<Assignment, 'arrived_at' | 'started_at' | 'completed_at' | 'departed_at'>>;

type HasStatus = { status: { code: string } };

export const isFreed = (a: HasStatus) => FREED.has(a.status.code);

/** Expected at the dock: neither freed nor a carrier's request still waiting for approval. */
export const isExpected = (a: HasStatus) => !isFreed(a) && a.status.code !== 'REQUESTED';

/** Not completed, cancelled nor declined. */
export const isOpen = (a: Pick<Assignment, 'status'>) => !CLOSED.has(a.status.code);

/** When the truck was first seen on site (ms): arrived_at, else the first later fact recorded (a truck that started was there); null if none. */
export function arrivalOf(a: Timed): number | null {
  const at = a.arrived_at ?? a.started_at ?? a.completed_at ?? a.departed_at;
  return at ? Date.parse(at) : null;
}

/** Arrived by `now`: a recorded arrival at or before it, or, with none recorded, a status that says the truck is here. */
export function hasArrived(a: Timed, now: number): boolean {
  const at = arrivalOf(a);
  return at === null ? ON_SITE.has(a.status.code) || a.status.code === 'COMPLETED' : at <= now;
}

/** Finished by `now`: COMPLETED, or completed or departed at a recorded time not after it. */
function isDone(a: Timed, now: number): boolean {
  const end = [a.completed_at, a.departed_at].filter((t): t is string => !!t).map(Date.parse);
  return a.status.code === 'COMPLETED' || end.some((t) => t <= now);
}

/**
 * SPEC §8. Late: not arrived and past eta_in plus 15 minutes, whatever the
 * status (DELAYED too); never once completed, cancelled or declined, nor while
 * a request waits for approval. Overdue: the same, and past eta_out.
 */
export function flagsOf(a: Timed, now: number): { late: boolean; overdue: boolean } {
  const live = isExpected(a) && !isDone(a, now);
  return {
    late: live && !hasArrived(a, now) && now > Date.parse(a.eta_in) + LATE_TOLERANCE_MS,
    overdue: live && now > Date.parse(a.eta_out),
  };
}

/**
 * SPEC §8. No-show: eta_out has passed and the truck had not arrived by then
 * (no arrival recorded, or one after eta_out). A cancelled, declined or still requested slot is not a
 * no-show, nor one whose status says the truck came though no time was recorded.
 */
export function isNoShow(a: Timed, now: number): boolean {
  const etaOut = Date.parse(a.eta_out);
  if (!isExpected(a) || now <= etaOut) return false;
  const at = arrivalOf(a);
  return at === null ? !hasArrived(a, now) : at > etaOut;
}

/** Minutes between the planned and the actual arrival (positive: later than planned); null when none is recorded. */
export function arrivalDelayMinutes(a: Timed): number | null {
  const at = arrivalOf(a);
  return at === null ? null : Math.round((at - Date.parse(a.eta_in)) / 60_000);
}

/** Whether a view of `scope` (one direction, or all: 'all' on the board, null on a TV) shows something of direction `d`. */
export const inScope = (scope: Direction | 'all' | null, d: string) => !scope || scope === 'all' || scope === d;

type Ordered = { id: number; sort_order: number; code: string };

/** The server's order of ramps and statuses: sort order, then code, then id. */
export function byOrder(a: Ordered, b: Ordered): number {
  return a.sort_order - b.sort_order || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0) || a.id - b.id;
}

/**
 * The board's search on the day shown: part of the load reference, carrier or
 * notes, any case (as GET /api/search, which also finds other days); `needle`
 * is trimmed and lower-cased by the caller.
 */
export const loadMatches = (l: { reference: string; carrier?: string | null; notes?: string | null }, needle: string) =>
  l.reference.toLowerCase().includes(needle) || !!l.carrier?.toLowerCase().includes(needle) || !!l.notes?.toLowerCase().includes(needle);
