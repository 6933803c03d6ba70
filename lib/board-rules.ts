// The board's rules as every screen shows them (the operators' board, the wall
// TV): which assignments are late or overdue, which a view of one direction
// shows, and the order ramps and statuses come in.
import type { Direction } from '@/lib/realtime';
import type { Assignment } from '@/lib/schemas/assignments';

/** Late: PLANNED and this long past eta_in. */
export const LATE_TOLERANCE_MS = 15 * 60_000;

const CLOSED = new Set(['COMPLETED', 'CANCELLED']);

/** Not completed nor cancelled. */
export const isOpen = (a: Pick<Assignment, 'status'>) => !CLOSED.has(a.status.code);

/** Late: PLANNED and past eta_in plus 15 minutes. Overdue: still open past eta_out. */
export function flagsOf(a: Pick<Assignment, 'status' | 'eta_in' | 'eta_out'>, now: number): { late: boolean; overdue: boolean } {
  return {
    late: a.status.code === 'PLANNED' && now > Date.parse(a.eta_in) + LATE_TOLERANCE_MS,
    overdue: isOpen(a) && now > Date.parse(a.eta_out),
  };
}

/** Whether a view of `scope` (one direction, or all: 'all' on the board, null on a TV) shows something of direction `d`. */
export const inScope = (scope: Direction | 'all' | null, d: string) => !scope || scope === 'all' || scope === d;

type Ordered = { id: number; sort_order: number; code: string };

/** The server's order of ramps and statuses: sort order, then code, then id. */
export function byOrder(a: Ordered, b: Ordered): number {
  return a.sort_order - b.sort_order || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0) || a.id - b.id;
}
