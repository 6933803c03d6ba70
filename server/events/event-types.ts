// The event log's own types: what a write appends, and what a reader gets back.
import type { Direction, EventAction, EventEntity } from '@/lib/realtime';
import type { Assignment } from '@/lib/schemas/assignments';
import type { DisplayLink } from '@/lib/schemas/displays';
import type { Load } from '@/lib/schemas/loads';
import type { Ramp } from '@/lib/schemas/ramps';
import type { LoadType } from '@/lib/schemas/rules';
import type { Status } from '@/lib/schemas/statuses';
import type { User } from '@/lib/schemas/users';
import type { Actor } from '@/server/auth/actor';

/** A user event (never broadcast): the token version tells sockets of older ones to close. */
type UserEventPayload = User & { token_version: number };
/** A display link event (never broadcast, and never its token): whether it still works, its scope and its paging. */
type DisplayEventPayload = Pick<DisplayLink, 'id' | 'name' | 'direction' | 'page_seconds' | 'hide_free_ramps'> & { revoked: boolean };

/** What each entity's events carry, after the change (for deletions, as it was). */
type EventPayloads = {
  assignment: Assignment;
  ramp: Ramp;
  load: Load;
  status: Status;
  user: UserEventPayload;
  display: DisplayEventPayload;
  /** Never broadcast (history and audit only). */
  load_type: LoadType;
};
/** What each entity's events keep of the state before the change (history and audit). */
type EventBefores = { assignment: Assignment; ramp: Ramp; load: Load; status: Status; user: User; display: never; load_type: LoadType };

type NewEventOf<E extends EventEntity> = {
  entity: E;
  action: EventAction;
  entityId: number;
  /** IB/OB for events that belong to one direction; null goes to every subscriber. */
  direction: Direction | null;
  actor: Actor | null;
  payload: EventPayloads[E];
  before?: EventBefores[E];
};

/** An event to append, typed by entity: a wrong payload for the entity does not compile. */
export type NewEvent = { [E in EventEntity]: NewEventOf<E> }[EventEntity];

export type StoredEventOf<E extends EventEntity> = {
  seq: number;
  entity: E;
  action: EventAction;
  entityId: number;
  direction: Direction | null;
  actorId: number | null;
  actorEmail: string | null;
  payload: EventPayloads[E];
  /** ISO 8601. */
  createdAt: string;
};

/** A committed event as the log (or its notification) gives it back, typed by entity. */
export type StoredEvent = { [E in EventEntity]: StoredEventOf<E> }[EventEntity];

/** A stored event with the state before it, for history readers. */
export type LoggedChange<E extends EventEntity> = StoredEventOf<E> & { before: EventBefores[E] | null };
