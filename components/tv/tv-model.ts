// The wall TV's data model: pure functions over plain maps, so the live feed can
// apply a burst of events cheaply and the view can derive rows and figures.
import { changedAny, heldOf, mergeEvent, type HeldBoard } from '@/lib/board-merge';
import { byOrder, flagsOf, inScope, isExpected, isOpen } from '@/lib/board-rules';
import type { BoardEventMessage } from '@/lib/realtime';
import type { Assignment } from '@/lib/schemas/assignments';
import type { TvBoard } from '@/lib/schemas/board';
import type { Ramp } from '@/lib/schemas/ramps';
import { dayOf } from '@/lib/zoned-time';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
/** Assignments that ended longer ago than this are dropped (the server sends the same window). */
export const KEEP_ENDED_MS = 12 * HOUR;

export type TvDisplay = TvBoard['display'];
export type TvPaging = TvBoard['paging'];
/** What a TV does when the server sent no paging options (one from before they existed). */
const DEFAULT_PAGING: TvPaging = { page_seconds: 10, hide_free_ramps: false };

/** What the feed holds: mutable maps, owned by one TvFeed. */
export type TvData = HeldBoard & {
  display: TvDisplay;
  paging: TvPaging;
  timeZone: string;
};

export function dataFromBoard(board: TvBoard, now: number): TvData {
  const data: TvData = { display: board.display, paging: board.paging ?? DEFAULT_PAGING, timeZone: board.time_zone, ...heldOf({ ...board, assignments: [] }) };
  for (const a of board.assignments) if (keeps(data, a, now)) data.assignments.set(a.id, a);
  return data;
}

/** Not arrived yet: the truck is expected (a requested booking too, until the site decides: SPEC §9). */
const EXPECTED = new Set(['PLANNED', 'DELAYED', 'REQUESTED']);

/** Arrived and waiting to be worked. */
export const isWaiting = (a: Assignment) => a.status.code === 'ARRIVED';
/** At the ramp: anything open that is no longer expected (ARRIVED, IN_PROGRESS, custom statuses). */
export const isOnSite = (a: Assignment) => isOpen(a) && !EXPECTED.has(a.status.code);

/** This display's direction, not ended more than 12 hours ago, and not a declined request (no truck is coming). */
function keeps(data: TvData, a: Assignment, now: number): boolean {
  return inScope(data.display.direction, a.load.direction) && Date.parse(a.eta_out) >= now - KEEP_ENDED_MS && a.status.code !== 'DECLINED';
}

/** Drops assignments that ended more than 12 hours ago; true when something went. */
export function prune(data: TvData, now: number): boolean {
  let changed = false;
  for (const [id, a] of data.assignments) {
    if (!keeps(data, a, now)) {
      data.assignments.delete(id);
      changed = true;
    }
  }
  return changed;
}

/** Applies one board event in place (lib/board-merge.ts, in this display's scope); true when the data changed. */
export function applyTvEvent(data: TvData, e: BoardEventMessage, now: number): boolean {
  return changedAny(mergeEvent(data, e, (a) => keeps(data, a, now)));
}

// ---------------------------------------------------------------- derived view

export type Slot = { assignment: Assignment; late: boolean; overdue: boolean };
export type RampRow = {
  ramp: Ramp;
  current: Slot | null;
  next: Slot | null;
  /** Open assignments after `next`. */
  later: number;
};

const byEta = (a: Assignment, b: Assignment) => Date.parse(a.eta_in) - Date.parse(b.eta_in) || a.id - b.id;

/** The ramps this display shows: active, of its direction (or both), in their order. */
export function visibleRamps(data: TvData): Ramp[] {
  const direction = data.display.direction;
  return [...data.ramps.values()].filter((r) => r.is_active && (!direction || r.kind === 'BOTH' || r.kind === direction)).sort(byOrder);
}

/**
 * Per ramp: `current` is the truck on site (arrived, in progress), else the
 * open one that is due (eta_in passed); `next` is the following open one.
 */
export function rampRows(ramps: Ramp[], assignments: Iterable<Assignment>, now: number): RampRow[] {
  const open = new Map<number, Assignment[]>();
  for (const a of assignments) {
    if (!isOpen(a)) continue;
    const list = open.get(a.ramp_id);
    if (list) list.push(a);
    else open.set(a.ramp_id, [a]);
  }
  const slot = (a: Assignment | undefined): Slot | null => (a ? { assignment: a, ...flagsOf(a, now) } : null);
  return ramps.map((ramp) => {
    const queue = (open.get(ramp.id) ?? []).sort(byEta);
    const current = queue.find(isOnSite) ?? queue.find((a) => Date.parse(a.eta_in) <= now);
    const rest = current ? queue.filter((a) => a !== current) : queue;
    return { ramp, current: slot(current), next: slot(rest[0]), later: Math.max(0, rest.length - 1) };
  });
}

export type Figures = {
  onDock: number;
  waiting: number;
  completedToday: number;
  /** Of today's assignments due by now (not cancelled): the share neither late nor overdue; null when none is due. */
  onTimePct: number | null;
  late: number;
  overdue: number;
};

export function figuresOf(assignments: Iterable<Assignment>, now: number, timeZone: string): Figures {
  const today = dayOf(new Date(now), timeZone);
  const f: Figures = { onDock: 0, waiting: 0, completedToday: 0, onTimePct: null, late: 0, overdue: 0 };
  let due = 0;
  let slipped = 0;
  for (const a of assignments) {
    const code = a.status.code;
    // The shift's figures count trucks expected at the dock: not freed, not a request waiting for approval (as /api/kpis).
    if (!isExpected(a)) continue;
    const { late, overdue } = flagsOf(a, now);
    if (late) f.late++;
    if (overdue) f.overdue++;
    if (isWaiting(a)) f.waiting++;
    else if (isOnSite(a)) f.onDock++;
    // completed_at when recorded; rows from before the actual times have only their last change.
    if (code === 'COMPLETED' && dayOf(new Date(a.completed_at ?? a.updated_at), timeZone) === today) f.completedToday++;
    const etaIn = Date.parse(a.eta_in);
    if (etaIn <= now && dayOf(new Date(etaIn), timeZone) === today) {
      due++;
      if (late || overdue) slipped++;
    }
  }
  f.onTimePct = due ? Math.round(((due - slipped) / due) * 100) : null;
  return f;
}

// ---------------------------------------------------------------- presentation helpers

/** "25 min", "1 h 05", "2 h" */
export function formatSpan(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / MINUTE));
  if (minutes < 60) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m ? `${h} h ${String(m).padStart(2, '0')}` : `${h} h`;
}
