import type { BoardEventMessage } from '@/lib/realtime';
import type { Assignment } from '@/lib/schemas/assignments';
import type { Board } from '@/lib/schemas/board';
import type { Load } from '@/lib/schemas/loads';
import type { Ramp } from '@/lib/schemas/ramps';
import type { Status } from '@/lib/schemas/statuses';

export const LATE_TOLERANCE_MS = 15 * 60_000;
export const SNAP_MINUTES = 15;

export type BoardKey = { date: string; direction: 'IB' | 'OB' | 'all' };
export const boardQueryKey = (k: BoardKey) => ['board', k.date, k.direction] as const;

export function boardUrl(k: BoardKey): string {
  return `/api/board?date=${k.date}${k.direction === 'all' ? '' : `&direction=${k.direction}`}`;
}

/** Late: PLANNED and past eta_in plus 15 minutes. Overdue: still open past eta_out. */
export function flagsOf(a: Assignment, now: number): { late: boolean; overdue: boolean } {
  const open = a.status.code !== 'COMPLETED' && a.status.code !== 'CANCELLED';
  return {
    late: a.status.code === 'PLANNED' && now > Date.parse(a.eta_in) + LATE_TOLERANCE_MS,
    overdue: open && now > Date.parse(a.eta_out),
  };
}

const overlapsDay = (a: Assignment, b: Board) => Date.parse(a.eta_out) > Date.parse(b.day_start) && Date.parse(a.eta_in) < Date.parse(b.day_end);
const inScope = (direction: 'IB' | 'OB' | 'all', d: string) => direction === 'all' || direction === d;
const plannedInDay = (l: Load, b: Board) => l.planned_arrival !== null && Date.parse(l.planned_arrival) >= Date.parse(b.day_start) && Date.parse(l.planned_arrival) < Date.parse(b.day_end);

function upsert<T extends { id: number }>(list: T[], item: T, sort?: (a: T, b: T) => number): T[] {
  const i = list.findIndex((x) => x.id === item.id);
  const next = i >= 0 ? list.map((x, j) => (j === i ? item : x)) : [...list, item];
  return sort ? next.sort(sort) : next;
}
const without = <T extends { id: number }>(list: T[], id: number) => (list.some((x) => x.id === id) ? list.filter((x) => x.id !== id) : list);
/** The server's order: sort order, then code (statuses have no code order of their own: id). */
const byOrder = (a: { sort_order: number; id: number; code?: string }, b: { sort_order: number; id: number; code?: string }) =>
  a.sort_order - b.sort_order || (a.code && b.code ? (a.code < b.code ? -1 : a.code > b.code ? 1 : 0) : a.id - b.id);

/**
 * Applies one event to one cached day of the board. Assignment events whose
 * version is not newer than the cached one are dropped (a replay, or our own
 * optimistic write already applied).
 */
export function applyEvent(board: Board, direction: BoardKey['direction'], e: BoardEventMessage): Board {
  const next = { ...board, seq: Math.max(board.seq, e.seq) };
  if (e.type === 'assignment_deleted') {
    const gone = e.data as Assignment;
    next.assignments = without(board.assignments, gone.id);
    if (plannedInDay(gone.load as Load, board) && inScope(direction, gone.load.direction) && !board.unassigned_loads.some((l) => l.id === gone.load_id)) {
      next.unassigned_loads = [...board.unassigned_loads, { ...(gone.load as Load), created_at: '', updated_at: '' }];
    }
    return next;
  }
  if (e.type === 'assignment_created' || e.type === 'assignment_updated') {
    const a = e.data as Assignment;
    const cached = board.assignments.find((x) => x.id === a.id);
    if (cached && cached.version >= a.version) return next;
    const belongs = overlapsDay(a, board) && inScope(direction, a.load.direction);
    next.assignments = belongs ? upsert(board.assignments, a) : without(board.assignments, a.id);
    if (a.status.code === 'CANCELLED') {
      if (plannedInDay(a.load as Load, board) && !board.unassigned_loads.some((l) => l.id === a.load_id) && inScope(direction, a.load.direction)) {
        next.unassigned_loads = [...board.unassigned_loads, { ...(a.load as Load), created_at: '', updated_at: '' }];
      }
    } else {
      next.unassigned_loads = without(board.unassigned_loads, a.load_id);
    }
    return next;
  }
  const entity = e.type.split('_')[0];
  const deleted = e.type.endsWith('_deleted');
  if (entity === 'ramp') {
    const r = e.data as Ramp;
    next.ramps = deleted ? without(board.ramps, r.id) : upsert(board.ramps, r, byOrder);
  } else if (entity === 'status') {
    const s = e.data as Status;
    next.statuses = deleted ? without(board.statuses, s.id) : upsert(board.statuses, s, byOrder);
    if (!deleted) next.assignments = board.assignments.map((a) => (a.status_id === s.id ? { ...a, status: { id: s.id, code: s.code, label: s.label, color: s.color } } : a));
  } else if (entity === 'load') {
    const l = e.data as Load;
    if (deleted) next.unassigned_loads = without(board.unassigned_loads, l.id);
    else {
      const assigned = board.assignments.some((a) => a.load_id === l.id && a.status.code !== 'CANCELLED');
      if (!assigned && plannedInDay(l, board) && inScope(direction, l.direction)) next.unassigned_loads = upsert(board.unassigned_loads, l);
      else next.unassigned_loads = without(board.unassigned_loads, l.id);
      next.assignments = board.assignments.map((a) =>
        a.load_id === l.id ? { ...a, load: { id: l.id, reference: l.reference, direction: l.direction, planned_arrival: l.planned_arrival, planned_departure: l.planned_departure, notes: l.notes } } : a,
      );
    }
  }
  return next;
}

export function snapMinutes(ms: number): number {
  const step = SNAP_MINUTES * 60_000;
  return Math.round(ms / step) * step;
}
