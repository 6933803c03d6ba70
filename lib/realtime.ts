// The real-time protocol, shared by the server and both browser clients: the
// event model every socket kind carries, and the typed Socket.IO event maps.
import type { Assignment } from '@/lib/schemas/assignments';
import type { Load } from '@/lib/schemas/loads';
import type { Ramp } from '@/lib/schemas/ramps';
import type { Status } from '@/lib/schemas/statuses';

export type Direction = 'IB' | 'OB';

/**
 * Entities whose changes screens see. User, display link and load type events stay inside the server
 * (a load type's change reaches screens through their load-types query, not a socket: server/rules/load-types.ts).
 */
export type BoardEntity = 'assignment' | 'ramp' | 'load' | 'status';
export type EventEntity = BoardEntity | 'user' | 'display' | 'load_type';
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

/** What every board event looks like on Socket.IO: the seed's fields plus `seq`, `entity` and `entity_id`. */
export type BoardEventMessage = { [E in BoardEntity]: MessageOf<E> }[BoardEntity];
export type AssignmentEventMessage = MessageOf<'assignment'>;
/** The entity of an event type: `assignment_created` → `assignment`. */
type EntityOfType<T extends BoardEventType> = T extends `${infer E extends BoardEntity}_${EventAction}` ? E : never;

/**
 * An assignment event on the raw /api/ws socket: the seed's fields plus `seq`, exactly (its clients
 * and tests pin the key set). Built from the same BoardEventMessage; raw sockets get assignment events only.
 */
export type SeedEventMessage = Omit<AssignmentEventMessage, 'entity' | 'entity_id'> & { assignment_id: number };

export type ConflictMessage = {
  type: 'conflict_detected';
  timestamp: string;
  assignment_id: number;
  current_version: number;
  attempted_version: number;
  current_data: Assignment;
  message: string;
};

/** Socket.IO event names on the /board namespace (board events are named by their `type`). */
export const BOARD_NAMESPACE = '/board';
export const RESYNC_EVENT = 'resync';
export const CAUGHT_UP_EVENT = 'caught_up';
export const CONFLICT_EVENT = 'conflict_detected';
export const RATE_LIMITED_EVENT = 'rate_limited';
/** To a display link's sockets: rescoped (reconnect and refetch) or revoked (stop). */
export const DISPLAY_CHANGED_EVENT = 'display_changed';
export const DISPLAY_REVOKED_EVENT = 'display_revoked';
export const SUBSCRIBE_EVENT = 'subscribe';
/**
 * To a carrier user's /board socket (SPEC §9): some other carrier's assignment or a ramp changed, so free
 * windows may have too; refetch availability. It carries the event's seq only, nothing of the change itself.
 */
export const AVAILABILITY_CHANGED_EVENT = 'availability_changed';

export type SubscribeRequest = { direction?: Direction | null };
export type SubscribeAnswer = { filters: { direction?: Direction } };

/** What the server emits on /board (socket.io's `Server<ClientEvents, ServerEvents>`). */
export type ServerEvents = { [T in BoardEventType]: (event: MessageOf<EntityOfType<T>>) => void } & {
  [CAUGHT_UP_EVENT]: (m: { seq: number }) => void;
  [RESYNC_EVENT]: (m: { seq: number }) => void;
  [CONFLICT_EVENT]: (m: ConflictMessage) => void;
  [RATE_LIMITED_EVENT]: (m: { message: string }) => void;
  [DISPLAY_CHANGED_EVENT]: (m: { id: number }) => void;
  [DISPLAY_REVOKED_EVENT]: (m: { id: number }) => void;
  [AVAILABILITY_CHANGED_EVENT]: (m: { seq: number }) => void;
};

/** What a client may emit on /board. */
export type ClientEvents = {
  [SUBSCRIBE_EVENT]: (request: SubscribeRequest, ack?: (answer: SubscribeAnswer) => void) => void;
};

/** Handshake `auth` of a /board socket: `since` asks for the events after that seq first. */
export type BoardHandshakeAuth = { token?: string; display?: string; since?: number };

/** Everything the raw /api/ws socket sends: the seed's protocol, plus `seq` on events and the ack, and `resync`. */
export type RawServerMessage =
  | SeedEventMessage
  | ConflictMessage
  | { type: 'connection_ack'; timestamp: string; client_id: string; message: string; seq: number }
  | { type: 'subscribe_ack'; timestamp: string; filters: SubscribeAnswer['filters'] }
  | { type: 'unsubscribe_ack'; timestamp: string }
  | { type: 'pong'; timestamp: string }
  | { type: 'error'; timestamp: string; message: string; details: string }
  | { type: typeof RESYNC_EVENT; timestamp: string; seq: number; message: string };

/** What a raw /api/ws client may send. */
export type RawClientMessage = { type: 'subscribe'; filters?: { direction?: Direction } } | { type: 'unsubscribe' } | { type: 'ping' };
