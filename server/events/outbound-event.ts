// A committed event as the fan-out hands it on: a board event ready to send (its texts built once and shared
// by every client), or an internal event with its effect on open sockets. Never sent: user, display link and load type events.
import { ACTION_WORDS, type BoardEventMessage, type Direction, type SeedEventMessage } from '@/lib/realtime';
import type { StoredEvent, StoredEventOf } from '@/server/events/event-types';

/** What an internal event does to open sockets, read from its typed payload. */
export type SocketEffect =
  /** Deactivated or deleted: every socket of the user closes. */
  | { kind: 'user_deactivated'; userId: number }
  /** The user's token version now: sockets opened with an older one (revoked sessions) close. */
  | { kind: 'user_token_version'; userId: number; tokenVersion: number }
  /** Revoked: the link's sockets are told so and close. */
  | { kind: 'display_revoked'; displayId: number }
  /** Renamed or rescoped: the link's sockets are told to reconnect, which re-reads its direction. */
  | { kind: 'display_changed'; displayId: number; direction: Direction | null };

export type BoardOutbound = {
  broadcast: true;
  seq: number;
  direction: Direction | null;
  message: BoardEventMessage;
  /** The raw /api/ws text (the seed's fields plus seq), built once; null for what raw sockets never get (ramps, loads, statuses). */
  seedJson: string | null;
};

export type ControlOutbound = { broadcast: false; seq: number; effect: SocketEffect | null };

export type OutboundEvent = BoardOutbound | ControlOutbound;

type BoardStored = Exclude<StoredEvent, { entity: 'user' | 'display' | 'load_type' }>;

export function toOutbound(event: StoredEvent): OutboundEvent {
  if (event.entity === 'user') return { broadcast: false, seq: event.seq, effect: userEffect(event) };
  if (event.entity === 'display') return { broadcast: false, seq: event.seq, effect: displayEffect(event) };
  // Screens re-read load types with their query (components/admin/load-type-queries.ts); no socket is affected.
  if (event.entity === 'load_type') return { broadcast: false, seq: event.seq, effect: null };
  return boardOutbound(event);
}

function boardOutbound(event: BoardStored): BoardOutbound {
  const assignmentId = event.entity === 'assignment' ? event.entityId : undefined;
  // `type`, `seq` and `timestamp` first: bench/lib-sio-lean.ts finds seq in the first bytes of a large event.
  const message = {
    type: `${event.entity}_${event.action}`,
    seq: event.seq,
    timestamp: event.createdAt,
    entity: event.entity,
    entity_id: event.entityId,
    ...(assignmentId === undefined ? {} : { assignment_id: assignmentId }),
    action: ACTION_WORDS[event.action],
    user_id: event.actorId,
    user_email: event.actorEmail,
    data: event.payload,
  } as BoardEventMessage;
  return {
    broadcast: true,
    seq: event.seq,
    direction: event.direction,
    message,
    seedJson: assignmentId === undefined ? null : JSON.stringify(seedMessage(message, assignmentId)),
  };
}

/** The seed's message for an assignment event: the same fields without `entity`/`entity_id`, which its clients do not expect. */
function seedMessage(m: BoardEventMessage, assignmentId: number): SeedEventMessage {
  return {
    type: m.type,
    seq: m.seq,
    timestamp: m.timestamp,
    assignment_id: assignmentId,
    action: m.action,
    user_id: m.user_id,
    user_email: m.user_email,
    data: m.data,
  } as SeedEventMessage;
}

function userEffect(event: StoredEventOf<'user'>): SocketEffect {
  if (event.action === 'deleted' || !event.payload.is_active) return { kind: 'user_deactivated', userId: event.entityId };
  return { kind: 'user_token_version', userId: event.entityId, tokenVersion: event.payload.token_version };
}

function displayEffect(event: StoredEventOf<'display'>): SocketEffect | null {
  if (event.action === 'deleted' || event.payload.revoked) return { kind: 'display_revoked', displayId: event.entityId };
  // A new link has no sockets yet.
  if (event.action === 'created') return null;
  return { kind: 'display_changed', displayId: event.entityId, direction: event.payload.direction };
}
