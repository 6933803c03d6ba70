import { heldOf, isDeletion, mergeEvent } from '@/lib/board-merge';
import { byOrder, inScope, isFreed } from '@/lib/board-rules';
import type { BoardEventMessage } from '@/lib/realtime';
import type { Assignment } from '@/lib/schemas/assignments';
import type { Board } from '@/lib/schemas/board';
import type { Load } from '@/lib/schemas/loads';
import { yardAfter } from '@/components/board/yard-model';

export const SNAP_MINUTES = 15;

export type BoardKey = { date: string; direction: 'IB' | 'OB' | 'all' };
export const boardQueryKey = (k: BoardKey) => ['board', k.date, k.direction] as const;

export function boardUrl(k: BoardKey): string {
  return `/api/board?date=${k.date}${k.direction === 'all' ? '' : `&direction=${k.direction}`}`;
}

/** A declined request (SPEC §9) is off the board: its window is free, and the carrier sees why in the portal. */
export const shownOnBoard = (a: Pick<Assignment, 'status'>) => a.status.code !== 'DECLINED';
/** The statuses that free the window and the load (the database's `cancelled`). */
const freesLoad = isFreed;

const overlapsDay = (a: Assignment, b: Board) => Date.parse(a.eta_out) > Date.parse(b.day_start) && Date.parse(a.eta_in) < Date.parse(b.day_end);
const plannedInDay = (l: Pick<Load, 'planned_arrival'>, b: Board) =>
  l.planned_arrival !== null && Date.parse(l.planned_arrival) >= Date.parse(b.day_start) && Date.parse(l.planned_arrival) < Date.parse(b.day_end);
/**
 * Today's backlog (server/board/get-board.ts, `backlog_from` set on today's board only):
 * no planned time, planned in [backlog_from, day_start) and never given a ramp, or checked in at the gate.
 */
const inBacklog = (l: Pick<Load, 'planned_arrival'> & { arrived_at?: string | null }, b: Board) =>
  b.backlog_from !== null &&
  (l.planned_arrival === null ||
    (Date.parse(l.planned_arrival) >= Date.parse(b.backlog_from) && Date.parse(l.planned_arrival) < Date.parse(b.day_start)) ||
    (l.arrived_at ?? null) !== null);
/** Whether an unassigned load belongs in this board's list. */
export const listsLoad = (l: Pick<Load, 'planned_arrival'> & { arrived_at?: string | null }, b: Board) => plannedInDay(l, b) || inBacklog(l, b);

function upsert<T extends { id: number }>(list: T[], item: T): T[] {
  const i = list.findIndex((x) => x.id === item.id);
  return i >= 0 ? list.map((x, j) => (j === i ? item : x)) : [...list, item];
}
const without = <T extends { id: number }>(list: T[], id: number) => (list.some((x) => x.id === id) ? list.filter((x) => x.id !== id) : list);

/**
 * The day's loads without a ramp after one event: a deleted or cancelled
 * assignment frees its load (if planned that day, in scope), any other
 * assignment takes it; a load event puts the load in or out.
 */
function unassignedAfter(
  loads: Load[],
  e: BoardEventMessage,
  stale: boolean,
  assignments: Iterable<Assignment>,
  board: Board,
  direction: BoardKey['direction'],
): Load[] {
  // The gate time is not in an assignment's embedded load: the yard entry of that load knows it.
  const free = (l: Assignment['load']) => {
    const known = board.yard.find((x) => x.load.id === l.id)?.load;
    const load: Load = { arrived_at: null, created_at: '', updated_at: '', ...known, ...l, carrier: l.carrier ?? known?.carrier ?? null };
    return listsLoad(load, board) && inScope(direction, l.direction) && !loads.some((x) => x.id === l.id) ? [...loads, load] : loads;
  };
  if (e.entity === 'assignment') {
    if (isDeletion(e)) return free(e.data.load);
    if (stale) return loads;
    return freesLoad(e.data) ? free(e.data.load) : without(loads, e.data.load_id);
  }
  if (e.entity === 'load') {
    const l = e.data;
    if (isDeletion(e)) return without(loads, l.id);
    let assigned = false;
    for (const a of assignments) if (a.load_id === l.id && !freesLoad(a)) assigned = true;
    return !assigned && listsLoad(l, board) && inScope(direction, l.direction) ? upsert(loads, l) : without(loads, l.id);
  }
  return loads;
}

/**
 * Applies events (in seq order) to one cached day of the board, through the
 * shared merge (lib/board-merge.ts) with this day and direction as the scope;
 * lists no event touched keep their identity.
 */
export function applyEvents(board: Board, direction: BoardKey['direction'], events: readonly BoardEventMessage[]): Board {
  if (events.length === 0) return board;
  const held = heldOf(board);
  const keeps = (a: Assignment) => overlapsDay(a, board) && inScope(direction, a.load.direction) && shownOnBoard(a);
  const changed = { assignments: false, ramps: false, statuses: false };
  let seq = board.seq;
  let unassigned = board.unassigned_loads;
  let yard = board.yard;
  for (const e of events) {
    seq = Math.max(seq, e.seq);
    const m = mergeEvent(held, e, keeps);
    changed.assignments ||= m.assignments;
    changed.ramps ||= m.ramps;
    changed.statuses ||= m.statuses;
    // The yard first: freeing a load reads its gate time from the yard as it was before this event.
    unassigned = unassignedAfter(unassigned, e, m.stale, held.assignments.values(), { ...board, yard }, direction);
    yard = yardAfter(yard, e, held.assignments.values(), direction);
  }
  return {
    ...board,
    seq,
    assignments: changed.assignments ? [...held.assignments.values()] : board.assignments,
    ramps: changed.ramps ? [...held.ramps.values()].sort(byOrder) : board.ramps,
    statuses: changed.statuses ? [...held.statuses.values()].sort(byOrder) : board.statuses,
    unassigned_loads: unassigned,
    yard,
  };
}

/** One event; assignment events whose version is not newer than the cached one are dropped. */
export const applyEvent = (board: Board, direction: BoardKey['direction'], e: BoardEventMessage): Board => applyEvents(board, direction, [e]);

export function snapMinutes(ms: number): number {
  const step = SNAP_MINUTES * 60_000;
  return Math.round(ms / step) * step;
}
