// The one shape of a stored event outside PostgreSQL: the columns every reader selects are also the keys of
// the notification the append sends (row_to_json over the same list), so one decoder reads both.
import type postgres from 'postgres';
import type { EventAction, EventEntity } from '@/lib/realtime';
import { toIso } from '@/lib/time';
import type { StoredEvent } from '@/server/events/event-types';

export const BOARD_EVENTS_CHANNEL = 'board_events';

/**
 * A notification carries the whole event when it fits, so listeners need not
 * read it back; otherwise only its seq. PostgreSQL refuses payloads of 8,000
 * bytes or more, and a refused NOTIFY would fail the write.
 */
export const NOTIFY_EVENT_MAX_BYTES = 7_000;

/** The select list (and RETURNING list) of an event; aliased to the keys of EventRow. */
const EVENT_COLUMNS =
  'seq, type, entity, entity_id AS "entityId", direction, actor_id AS "actorId", actor_email AS "actorEmail", payload, created_at AS "createdAt"';

/** A postgres.js client: the pool, a reserved connection, or the `sql` of a `begin` transaction. */
export type SqlClient = postgres.Sql | postgres.TransactionSql;

/** EVENT_COLUMNS as a fragment of a prepared statement: the statement's text stays the same on every call. */
export const eventColumns = (sql: SqlClient) => sql.unsafe(EVENT_COLUMNS);

/** A row as EVENT_COLUMNS selects it, or the notification's JSON (seq is a number there, text in a row). */
export type EventRow = {
  seq: number | string;
  type: string;
  entity: string;
  entityId: number;
  direction: string | null;
  actorId: number | null;
  actorEmail: string | null;
  payload: unknown;
  // The drizzle-configured client hands timestamps over as text; JSON has them as text too.
  createdAt: Date | string;
};

const ACTIONS: Record<string, EventAction> = { created: 'created', updated: 'updated', deleted: 'deleted' };

/**
 * A row as a typed event. The payload is trusted as what its entity's events
 * carry: only appendEvent writes the log, and it takes a typed NewEvent.
 */
export function decodeEventRow(row: EventRow): StoredEvent {
  return {
    seq: Number(row.seq),
    entity: row.entity as EventEntity,
    action: ACTIONS[row.type.slice(row.entity.length + 1)] ?? 'updated',
    entityId: row.entityId,
    direction: row.direction === 'IB' || row.direction === 'OB' ? row.direction : null,
    actorId: row.actorId,
    actorEmail: row.actorEmail,
    payload: row.payload,
    createdAt: toIso(row.createdAt)!,
  } as StoredEvent;
}

/** The event a notification carries, or null when it carries only a seq (the event was too large). */
export function decodeNotification(payload: string): StoredEvent | null {
  if (!payload.startsWith('{')) return null;
  return decodeEventRow(JSON.parse(payload) as EventRow);
}
