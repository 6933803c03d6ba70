import { toIso } from '@/lib/time';
import type { BoardEventMessage } from '@/lib/realtime';
import { sqlOf, type Tx } from '@/server/db/client';

const ACTIONS = { created: 'CREATE', updated: 'UPDATE', deleted: 'DELETE' } as const;

/** One committed event, ready to send: the JSON text is built once and shared by every client. */
export type OutboundEvent = {
  seq: number;
  type: string;
  entity: string;
  entityId: number;
  direction: 'IB' | 'OB' | null;
  /** Present for user events: the user's state after the change (never broadcast); sockets of an older token version close. */
  userState?: { id: number; is_active: boolean; tokenVersion?: number };
  /** Present for display link events: whether the link still works (never broadcast). */
  displayState?: { id: number; revoked: boolean; direction: 'IB' | 'OB' | null };
  /** Whether clients see it at all (user and display link events are internal). */
  broadcast: boolean;
  message: BoardEventMessage;
  json: string;
};

export type EventRow = {
  seq: number;
  type: string;
  entity: string;
  entityId: number;
  direction: string | null;
  actorId: number | null;
  actorEmail: string | null;
  payload: unknown;
  // The drizzle-wrapped client hands timestamps over as text.
  createdAt: Date | string;
};

export function toOutbound(row: EventRow): OutboundEvent {
  const action = ACTIONS[row.type.slice(row.entity.length + 1) as keyof typeof ACTIONS] ?? 'UPDATE';
  const message: BoardEventMessage = {
    type: row.type,
    seq: row.seq,
    timestamp: toIso(row.createdAt)!,
    ...(row.entity === 'assignment' ? { assignment_id: row.entityId } : { entity: row.entity as 'ramp', entity_id: row.entityId }),
    action,
    user_id: row.actorId,
    user_email: row.actorEmail,
    data: row.payload,
  };
  const direction = row.direction === 'IB' || row.direction === 'OB' ? row.direction : null;
  const isUser = row.entity === 'user';
  const isDisplay = row.entity === 'display';
  const display = row.payload as { revoked?: boolean; direction?: 'IB' | 'OB' | null };
  return {
    seq: row.seq,
    type: row.type,
    entity: row.entity,
    entityId: row.entityId,
    direction,
    broadcast: !isUser && !isDisplay,
    userState: isUser ? userStateOf(row) : undefined,
    displayState: isDisplay ? { id: row.entityId, revoked: row.type === 'display_deleted' || display.revoked === true, direction: display.direction ?? null } : undefined,
    message,
    json: isUser || isDisplay ? '' : JSON.stringify(message),
  };
}

function userStateOf(row: EventRow): NonNullable<OutboundEvent['userState']> {
  const user = row.payload as { is_active?: boolean; token_version?: unknown };
  const tokenVersion = typeof user.token_version === 'number' ? user.token_version : undefined;
  return { id: row.entityId, is_active: row.type !== 'user_deleted' && user.is_active !== false, ...(tokenVersion === undefined ? {} : { tokenVersion }) };
}

/** The event a notification carries, or null when it carries only a seq (the event was too large). */
export function eventFromNotification(payload: string): OutboundEvent | null {
  if (!payload.startsWith('{')) return null;
  return toOutbound(JSON.parse(payload) as EventRow);
}

/** Events after `seq`, in order. Prepared: every instance runs it after every commit. */
export async function readEventsAfter(db: Tx, seq: number, limit: number): Promise<OutboundEvent[]> {
  const rows = await sqlOf(db)<(Omit<EventRow, 'seq'> & { seq: string })[]>`
    SELECT seq, type, entity, entity_id AS "entityId", direction, actor_id AS "actorId", actor_email AS "actorEmail", payload, created_at AS "createdAt"
    FROM board_events WHERE seq > ${seq} ORDER BY seq LIMIT ${limit}`;
  return rows.map((r) => toOutbound({ ...r, seq: Number(r.seq) }));
}

export async function latestSeq(db: Tx): Promise<number> {
  const [row] = await sqlOf(db)<{ seq: string }[]>`SELECT seq FROM event_counter WHERE id = 1`;
  return Number(row?.seq ?? 0);
}
