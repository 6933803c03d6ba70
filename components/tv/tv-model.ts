// The wall TV's data model: pure functions over plain maps, so the live feed can
// apply a burst of events cheaply and the view can derive rows and figures.
import type { BoardEventMessage, Direction } from '@/lib/realtime';
import type { Assignment } from '@/lib/schemas/assignments';
import type { TvBoard } from '@/lib/schemas/board';
import type { Load } from '@/lib/schemas/loads';
import type { Ramp } from '@/lib/schemas/ramps';
import type { Status } from '@/lib/schemas/statuses';
import { dayOf } from '@/lib/zoned-time';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
/** Late: PLANNED and this long past eta_in. */
export const LATE_TOLERANCE_MS = 15 * MINUTE;
/** Assignments that ended longer ago than this are dropped (the server sends the same window). */
export const KEEP_ENDED_MS = 12 * HOUR;

export type TvDisplay = TvBoard['display'];

/** What the feed holds: mutable maps, owned by one TvFeed. */
export type TvData = {
  display: TvDisplay;
  timeZone: string;
  ramps: Map<number, Ramp>;
  statuses: Map<number, Status>;
  assignments: Map<number, Assignment>;
};

export function dataFromBoard(board: TvBoard, now: number): TvData {
  const data: TvData = {
    display: board.display,
    timeZone: board.time_zone,
    ramps: new Map(board.ramps.map((r) => [r.id, r])),
    statuses: new Map(board.statuses.map((s) => [s.id, s])),
    assignments: new Map(),
  };
  for (const a of board.assignments) if (keeps(data, a, now)) data.assignments.set(a.id, a);
  return data;
}

const CLOSED = new Set(['COMPLETED', 'CANCELLED']);
/** Not arrived yet: the truck is expected. */
const EXPECTED = new Set(['PLANNED', 'DELAYED']);

export const isOpen = (a: Assignment) => !CLOSED.has(a.status.code);
/** Arrived and waiting to be worked. */
export const isWaiting = (a: Assignment) => a.status.code === 'ARRIVED';
/** At the ramp: anything open that is no longer expected (ARRIVED, IN_PROGRESS, custom statuses). */
export const isOnSite = (a: Assignment) => isOpen(a) && !EXPECTED.has(a.status.code);

export function flagsOf(a: Assignment, now: number): { late: boolean; overdue: boolean } {
  return {
    late: a.status.code === 'PLANNED' && now > Date.parse(a.eta_in) + LATE_TOLERANCE_MS,
    overdue: isOpen(a) && now > Date.parse(a.eta_out),
  };
}

const inScope = (direction: Direction | null, d: string) => !direction || direction === d;

function keeps(data: TvData, a: Assignment, now: number): boolean {
  return inScope(data.display.direction, a.load.direction) && Date.parse(a.eta_out) >= now - KEEP_ENDED_MS;
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

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const looksLikeAssignment = (v: unknown): v is Assignment =>
  isObject(v) && typeof v.id === 'number' && typeof v.version === 'number' && isObject(v.load) && isObject(v.status) && typeof v.eta_in === 'string' && typeof v.eta_out === 'string';
const hasId = (v: unknown): v is { id: number } => isObject(v) && typeof v.id === 'number';

/** A newer-or-equal `updated_at` wins; a missing one always does. */
const notOlder = (incoming: { updated_at?: string }, held: { updated_at?: string } | undefined) =>
  !held?.updated_at || !incoming.updated_at || Date.parse(incoming.updated_at) >= Date.parse(held.updated_at);

/**
 * Applies one board event in place; true when the data changed. Assignment
 * events whose version is not newer than the held one are ignored; a deleted
 * assignment is removed; ramps, statuses and loads refresh what the
 * assignments embed. Events of other kinds are ignored.
 */
export function applyTvEvent(data: TvData, e: BoardEventMessage, now: number): boolean {
  const kind = e.type.slice(0, e.type.lastIndexOf('_'));
  const deleted = e.action === 'DELETE' || e.type.endsWith('_deleted');
  if (kind === 'assignment') {
    const id = typeof e.assignment_id === 'number' ? e.assignment_id : hasId(e.data) ? e.data.id : undefined;
    if (id === undefined) return false;
    if (deleted) return data.assignments.delete(id);
    if (!looksLikeAssignment(e.data)) return false;
    const a = e.data;
    const held = data.assignments.get(a.id);
    if (held && held.version >= a.version) return false;
    if (!keeps(data, a, now)) return data.assignments.delete(a.id);
    data.assignments.set(a.id, a);
    return true;
  }
  if (kind === 'ramp') {
    const id = e.entity_id ?? (hasId(e.data) ? e.data.id : undefined);
    if (id === undefined) return false;
    if (deleted) return data.ramps.delete(id);
    if (!hasId(e.data)) return false;
    const r = e.data as Ramp;
    if (!notOlder(r, data.ramps.get(id))) return false;
    data.ramps.set(id, r);
    return true;
  }
  if (kind === 'status') {
    const id = e.entity_id ?? (hasId(e.data) ? e.data.id : undefined);
    if (id === undefined) return false;
    if (deleted) return data.statuses.delete(id);
    if (!hasId(e.data)) return false;
    const s = e.data as Status;
    data.statuses.set(id, s);
    for (const [aid, a] of data.assignments) {
      if (a.status_id === id) data.assignments.set(aid, { ...a, status: { id, code: s.code, label: s.label, color: s.color } });
    }
    return true;
  }
  if (kind === 'load' && !deleted && hasId(e.data)) {
    const l = e.data as Load;
    let changed = false;
    for (const [aid, a] of data.assignments) {
      if (a.load_id !== l.id) continue;
      const next = { ...a, load: { id: l.id, reference: l.reference, direction: l.direction, planned_arrival: l.planned_arrival, planned_departure: l.planned_departure, notes: l.notes } };
      if (keeps(data, next, now)) data.assignments.set(aid, next);
      else data.assignments.delete(aid);
      changed = true;
    }
    return changed;
  }
  return false;
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
const byOrder = (a: Ramp, b: Ramp) => a.sort_order - b.sort_order || a.code.localeCompare(b.code) || a.id - b.id;

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
    if (code === 'CANCELLED') continue;
    const { late, overdue } = flagsOf(a, now);
    if (late) f.late++;
    if (overdue) f.overdue++;
    if (isWaiting(a)) f.waiting++;
    else if (isOnSite(a)) f.onDock++;
    // The moment it was marked completed is the last change (the API keeps no completed_at).
    if (code === 'COMPLETED' && dayOf(new Date(a.updated_at), timeZone) === today) f.completedToday++;
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

export type Tone = { fg: string; bg: string; ring: string };

/** Status colours as the database names them, for a dark screen (the label is always shown too). */
const DARK: Record<string, Tone> = {
  blue: { fg: '#bfdbfe', bg: 'rgba(59,130,246,0.20)', ring: '#3b82f6' },
  cyan: { fg: '#a5f3fc', bg: 'rgba(6,182,212,0.20)', ring: '#06b6d4' },
  yellow: { fg: '#fef08a', bg: 'rgba(234,179,8,0.20)', ring: '#eab308' },
  orange: { fg: '#fed7aa', bg: 'rgba(249,115,22,0.22)', ring: '#f97316' },
  green: { fg: '#bbf7d0', bg: 'rgba(34,197,94,0.20)', ring: '#22c55e' },
  red: { fg: '#fecaca', bg: 'rgba(239,68,68,0.22)', ring: '#ef4444' },
  purple: { fg: '#e9d5ff', bg: 'rgba(168,85,247,0.22)', ring: '#a855f7' },
  gray: { fg: '#e2e8f0', bg: 'rgba(148,163,184,0.18)', ring: '#94a3b8' },
};

export function statusTone(color: string): Tone {
  const named = DARK[color.toLowerCase()];
  if (named) return named;
  if (/^#[0-9a-f]{6}$/i.test(color)) return { fg: '#f8fafc', bg: `${color}40`, ring: color };
  return DARK.gray!;
}
