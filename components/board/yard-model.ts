// The yard queue as the board holds it (Board.yard, from GET /api/yard's
// query): kept live by the same events as the rest of the board.
import { isDeletion } from '@/lib/board-merge';
import { inScope, isFreed } from '@/lib/board-rules';
import type { BoardEventMessage } from '@/lib/realtime';
import type { Assignment } from '@/lib/schemas/assignments';
import type { YardEntry } from '@/lib/schemas/gate';
import type { Load } from '@/lib/schemas/loads';

/** On site, waiting for a door (SPEC §8): checked in, not started, completed or departed, not cancelled. The server's rule in server/yard/list-yard.ts. */
export const isWaitingInYard = (a: Assignment) =>
  a.arrived_at !== null && a.started_at === null && a.completed_at === null && a.departed_at === null && !isFreed(a);

/** Oldest first; equal times by load id (as the server orders them). */
export const byArrival = (x: YardEntry, y: YardEntry) => Date.parse(x.arrived_at) - Date.parse(y.arrived_at) || x.load.id - y.load.id;

/** Whole minutes since the truck arrived, at `now`. */
export const waitingMinutesAt = (e: Pick<YardEntry, 'arrived_at'>, now: number) => Math.max(0, Math.floor((now - Date.parse(e.arrived_at)) / 60_000));

/** An assignment's embedded load as a full Load; what only the load row knows (created_at, the gate time) is taken from `known`. */
function loadOf(embedded: Assignment['load'], known: Load | undefined): Load {
  return { arrived_at: null, created_at: '', updated_at: '', ...known, ...embedded, carrier: embedded.carrier ?? known?.carrier ?? null };
}

const gateEntry = (load: Load): YardEntry => ({ load, assignment: null, arrived_at: load.arrived_at!, waiting_minutes: 0 });
const insert = (yard: YardEntry[], e: YardEntry) => [...yard, e].sort(byArrival);

/**
 * The yard after one event. An assignment that is waiting takes its load's
 * place (a gate load just planned) or its own; one that started, left or was
 * deleted goes; a cancelled one leaves its load in the yard when the load was
 * checked in at the gate (loads.arrived_at), as the server lists it. A load
 * checked in without a live assignment (among `held`) enters.
 */
export function yardAfter(yard: YardEntry[], e: BoardEventMessage, held: Iterable<Assignment>, direction: 'IB' | 'OB' | 'all'): YardEntry[] {
  if (e.entity === 'assignment') {
    const own = yard.find((x) => x.assignment?.id === e.entity_id);
    const a = e.data;
    const gate = yard.find((x) => !x.assignment && x.load.id === a.load_id);
    if (!own && !gate && !isWaitingInYard(a)) return yard;
    if (own?.assignment && !isDeletion(e) && own.assignment.version >= a.version) return yard;
    const rest = yard.filter((x) => x !== own && x !== gate);
    const load = loadOf(a.load, own?.load ?? gate?.load);
    if (!inScope(direction, a.load.direction)) return rest;
    if (!isDeletion(e) && isWaitingInYard(a)) return insert(rest, { load, assignment: a, arrived_at: a.arrived_at!, waiting_minutes: 0 });
    const freed = isDeletion(e) || isFreed(a);
    return freed && load.arrived_at ? insert(rest, gateEntry(load)) : rest;
  }
  if (e.entity !== 'load') return yard;
  const l = e.data;
  if (isDeletion(e)) return yard.some((x) => x.load.id === l.id) ? yard.filter((x) => x.load.id !== l.id) : yard;
  const planned = yard.find((x) => x.assignment && x.load.id === l.id);
  if (planned) return yard.map((x) => (x === planned ? { ...x, load: l } : x));
  const rest = yard.filter((x) => x.load.id !== l.id);
  let live = false;
  for (const a of held) if (a.load_id === l.id && !isFreed(a)) live = true;
  if (l.arrived_at && !live && inScope(direction, l.direction)) return insert(rest, gateEntry(l));
  return rest.length === yard.length ? yard : rest;
}
