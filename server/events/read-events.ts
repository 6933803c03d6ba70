// Readers of the event log: the fan-out's (after a seq, the head) and the history screens'.
import type postgres from 'postgres';
import type { EventEntity } from '@/lib/realtime';
import { decodeEventRow, eventColumns, type EventRow, type SqlClient } from '@/server/events/event-row';
import type { LoggedChange, StoredEvent } from '@/server/events/event-types';

/** The database (its postgres.js client is drizzle's public `$client`) or a postgres.js client itself. */
type EventSource = SqlClient | { $client: postgres.Sql };

const sqlOfSource = (source: EventSource): SqlClient => (typeof source === 'function' ? source : source.$client);

/** Events after `seq`, in order. Prepared: every instance runs it after every commit. */
export async function readEventsAfter(source: EventSource, seq: number, limit: number): Promise<StoredEvent[]> {
  const sql = sqlOfSource(source);
  const rows = await sql<EventRow[]>`SELECT ${eventColumns(sql)} FROM board_events WHERE seq > ${seq} ORDER BY seq LIMIT ${limit}`;
  return rows.map(decodeEventRow);
}

/** Events after `seq` in order, each with the state before it (e-mail compares the two, server/mail/mail-consumer.ts). */
export async function readChangesAfter(source: EventSource, seq: number, limit: number): Promise<(StoredEvent & { before: unknown })[]> {
  const sql = sqlOfSource(source);
  const rows = await sql<ChangeRow[]>`SELECT ${eventColumns(sql)}, before FROM board_events WHERE seq > ${seq} ORDER BY seq LIMIT ${limit}`;
  return rows.map((row) => ({ ...decodeEventRow(row), before: row.before ?? null }));
}

/** The seq of the last committed event (0 before any). */
export async function latestSeq(source: EventSource): Promise<number> {
  const [row] = await sqlOfSource(source)<{ seq: string }[]>`SELECT seq FROM event_counter WHERE id = 1`;
  return Number(row?.seq ?? 0);
}

type ChangeRow = EventRow & { before: unknown };
const decodeChange = <E extends EventEntity>(row: ChangeRow) => ({ ...decodeEventRow(row), before: row.before ?? null }) as LoggedChange<E>;

/** Every event of one entity, oldest first, with the state before each. */
export async function readEntityChanges<E extends EventEntity>(source: EventSource, entity: E, id: number): Promise<LoggedChange<E>[]> {
  const sql = sqlOfSource(source);
  const rows = await sql<ChangeRow[]>`
    SELECT ${eventColumns(sql)}, before FROM board_events WHERE entity = ${entity} AND entity_id = ${id} ORDER BY seq`;
  return rows.map((row) => decodeChange<E>(row));
}

/** The events of one kind of entity committed in [from, to), newest first, at most `limit`. Instants travel as ISO text (drizzle's client passes Dates through unserialized). */
export async function readChangesBetween<E extends EventEntity>(
  source: EventSource,
  entity: E,
  from: Date,
  to: Date,
  limit: number,
): Promise<LoggedChange<E>[]> {
  const sql = sqlOfSource(source);
  const rows = await sql<ChangeRow[]>`
    SELECT ${eventColumns(sql)}, before FROM board_events
    WHERE entity = ${entity} AND created_at >= ${from.toISOString()}::timestamptz AND created_at < ${to.toISOString()}::timestamptz
    ORDER BY seq DESC LIMIT ${limit}`;
  return rows.map((row) => decodeChange<E>(row));
}

/** The names of the users behind some events' actor ids (history shows "John Operator", not an e-mail). */
export async function readActorNames(source: EventSource, ids: Iterable<number | null>): Promise<Map<number, string>> {
  const wanted = [...new Set([...ids].filter((id): id is number => id !== null))];
  if (wanted.length === 0) return new Map();
  const sql = sqlOfSource(source);
  const rows = await sql<{ id: number; full_name: string }[]>`SELECT id, full_name FROM users WHERE id = ANY(${wanted}::int[])`;
  return new Map(rows.map((r) => [Number(r.id), r.full_name]));
}
