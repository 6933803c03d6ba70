// The real-time protocol, shared by the server and both browser clients: the
// event model every socket kind carries, and the typed Socket.IO event maps.
import type { Assignment } from '@/lib/schemas/assignments';
import type { Load } from '@/lib/schemas/loads';
import type { Ramp } from '@/lib/schemas/ramps';
import type { Status } from '@/lib/schemas/statuses';

export type Direction = 'IB' | 'OB';

/** Entities whose changes screens see. User and display link events stay inside the server. */
export type BoardEntity = 'assignment' | 'ramp' | 'load' | 'status';
export type EventEntity = BoardEntity | 'user' | 'display';
export type EventAction = 'created' | 'updated' | 'deleted';
export type BoardEventType = `${BoardEntity}_${EventAction}`;

/** The seed's action words. */
export const ACTION_WORDS = { created: 'CREATE', updated: 'UPDATE', deleted: 'DELETE' } as const satisfies Record<EventAction, string>;
export type ActionWord = (typeof ACTION_WORDS)[EventAction];

type DataOf = { assignment: Assignment; ramp: Ramp; load: Load; status: Status };

type MessageOf<E extends BoardEntity> = {
  type: `${E}_${EventAction}`;
  seq: number;
  timestamp: string;
  action: ActionWord;
  user_id: number | null;
  user_email: string | null;
  /** On every event: which kind of thing changed, and its id. */
  entity: E;
  entity_id: number;
  /** For assignment events, as in the seed (same as `entity_id`). */
  assignment_id?: number;
  /** The entity after the change; for deletions, as it was. */
  data: DataOf[E];
};

/** What every board event looks like on both socket kinds: the seed's fields plus `seq`, `entity` and `entity_id`. */
export type BoardEventMessage = { [E in BoardEntity]: MessageOf<E> }[BoardEntity];
export type AssignmentEventMessage = MessageOf<'assignment'>;

export type ConflictMessage = {
  type: 'conflict_detected';
  timestamp: string;
  assignment_id: number;
  current_version: number;
  attempted_version: number;
  current_data: Assignment;
  message: string;
};

/** Socket.IO event names on the /board namespace. */
export const BOARD_NAMESPACE = '/board';
export const RESYNC_EVENT = 'resync';
export const CAUGHT_UP_EVENT = 'caught_up';

export type SubscribeRequest = { direction?: Direction | null };
export type SubscribeAnswer = { filters: { direction?: Direction } };

/** What the server emits on /board (socket.io's `Server<ClientEvents, ServerEvents>`). */
export type ServerEvents = { [T in BoardEventType]: (event: Extract<BoardEventMessage, { type: T }>) => void } & {
  [CAUGHT_UP_EVENT]: (m: { seq: number }) => void;
  [RESYNC_EVENT]: (m: { seq: number }) => void;
  conflict_detected: (m: ConflictMessage) => void;
  rate_limited: (m: { message: string }) => void;
  display_changed: (m: { id: number }) => void;
  display_revoked: (m: { id: number }) => void;
};

/** What a client may emit on /board. */
export type ClientEvents = {
  subscribe: (request: SubscribeRequest, ack?: (answer: SubscribeAnswer) => void) => void;
};

/** Handshake `auth` of a /board socket: `since` asks for the events after that seq first. */
export type BoardHandshakeAuth = { token?: string; display?: string; since?: number };
