// One board event merged into what a screen holds: the operators' board (a
// cached day, rebuilt into new arrays) and the wall TV (maps kept in place)
// both go through mergeEvent, each with its own idea of what belongs on it.
import { ACTION_WORDS, type BoardEntity, type BoardEventMessage, type BoardEventType, type EventAction } from '@/lib/realtime';
import type { Assignment } from '@/lib/schemas/assignments';
import type { Load } from '@/lib/schemas/loads';
import type { Ramp } from '@/lib/schemas/ramps';
import type { Status } from '@/lib/schemas/statuses';

const ENTITIES = { assignment: true, ramp: true, load: true, status: true } as const satisfies Record<BoardEntity, true>;

/** Every board event name a screen listens to (the typed keys of ServerEvents). */
export const BOARD_EVENT_TYPES: readonly BoardEventType[] = (Object.keys(ENTITIES) as BoardEntity[]).flatMap((entity) =>
  (Object.keys(ACTION_WORDS) as EventAction[]).map((action) => `${entity}_${action}` as const),
);

export const isBoardEntity = (v: unknown): v is BoardEntity => typeof v === 'string' && Object.hasOwn(ENTITIES, v);

/** What a screen holds, by id. Map order is arrival order: a replaced entry keeps its place, a new one goes last. */
export type HeldBoard = {
  ramps: Map<number, Ramp>;
  statuses: Map<number, Status>;
  assignments: Map<number, Assignment>;
};

/** What one event did, so a caller rebuilds only the lists that changed. */
export type Merged = {
  /** Not applied: an assignment whose version is not newer than the held one, or a ramp older than the held one. */
  stale: boolean;
  assignments: boolean;
  ramps: boolean;
  statuses: boolean;
};

const merged = (changed: Partial<Merged> = {}): Merged => ({ stale: false, assignments: false, ramps: false, statuses: false, ...changed });

export const changedAny = (m: Merged) => m.assignments || m.ramps || m.statuses;

export const isDeletion = (e: BoardEventMessage) => e.type === `${e.entity}_deleted`;

/** Maps keyed by id, from the lists a snapshot carries. */
export function heldOf(lists: { ramps: Ramp[]; statuses: Status[]; assignments: Assignment[] }): HeldBoard {
  const byId = <T extends { id: number }>(list: T[]) => new Map(list.map((x) => [x.id, x]));
  return { ramps: byId(lists.ramps), statuses: byId(lists.statuses), assignments: byId(lists.assignments) };
}

/** Master data carries no version: a newer-or-equal `updated_at` wins, a missing one always does. */
const notOlder = (incoming: { updated_at?: string }, held: { updated_at?: string } | undefined) =>
  !held?.updated_at || !incoming.updated_at || Date.parse(incoming.updated_at) >= Date.parse(held.updated_at);

const embeddedStatus = (s: Status): Assignment['status'] => ({ id: s.id, code: s.code, label: s.label, color: s.color });
const embeddedLoad = (l: Load): Assignment['load'] => ({
  id: l.id,
  reference: l.reference,
  direction: l.direction,
  planned_arrival: l.planned_arrival,
  planned_departure: l.planned_departure,
  notes: l.notes,
  // Only when set: the embedded shape stays the one it was for loads without a carrier.
  ...(l.carrier ? { carrier: l.carrier } : {}),
});

/**
 * Merges one event into `held` in place. An assignment event whose version is
 * not newer than the held one is dropped (a replay, or our own optimistic
 * write); an assignment `keeps` rejects (another day, another direction) is
 * removed; statuses and loads refresh what the assignments embed. Deleted
 * loads are the caller's business (the board's unassigned list).
 */
export function mergeEvent(held: HeldBoard, e: BoardEventMessage, keeps: (a: Assignment) => boolean): Merged {
  const deleted = isDeletion(e);
  switch (e.entity) {
    case 'assignment': {
      if (deleted) return merged({ assignments: held.assignments.delete(e.entity_id) });
      const a = e.data;
      const cached = held.assignments.get(a.id);
      if (cached && cached.version >= a.version) return merged({ stale: true });
      if (!keeps(a)) return merged({ assignments: held.assignments.delete(a.id) });
      held.assignments.set(a.id, a);
      return merged({ assignments: true });
    }
    case 'ramp': {
      if (deleted) return merged({ ramps: held.ramps.delete(e.entity_id) });
      if (!notOlder(e.data, held.ramps.get(e.entity_id))) return merged({ stale: true });
      // A ramp edit carries no rules (SPEC §9): the hours and closures held stay.
      const rules = e.data.rules ?? held.ramps.get(e.entity_id)?.rules;
      held.ramps.set(e.entity_id, rules ? { ...e.data, rules } : e.data);
      return merged({ ramps: true });
    }
    case 'status': {
      if (deleted) return merged({ statuses: held.statuses.delete(e.entity_id) });
      const s = e.data;
      held.statuses.set(e.entity_id, s);
      let assignments = false;
      for (const [id, a] of held.assignments) {
        if (a.status_id !== e.entity_id) continue;
        held.assignments.set(id, { ...a, status: embeddedStatus(s) });
        assignments = true;
      }
      return merged({ statuses: true, assignments });
    }
    case 'load': {
      if (deleted) return merged();
      const l = e.data;
      let assignments = false;
      for (const [id, a] of held.assignments) {
        if (a.load_id !== l.id) continue;
        const next = { ...a, load: embeddedLoad(l) };
        if (keeps(next)) held.assignments.set(id, next);
        else held.assignments.delete(id);
        assignments = true;
      }
      return merged({ assignments });
    }
  }
}
