import { BOARD_EVENTS_CHANNEL, eventColumns, NOTIFY_EVENT_MAX_BYTES, type SqlClient } from '@/server/events/event-row';
import type { NewEvent } from '@/server/events/event-types';

/**
 * Appends to the event log inside the caller's transaction and returns its seq.
 * `sql` is the postgres.js client of that transaction (a reserved connection or `begin`'s). Call it last in the
 * transaction: the counter row stays locked until commit, which is what makes
 * seq follow commit order (and NOTIFYs are delivered in commit order).
 * pg_notify is delivered only on commit, so a rolled-back change never reaches a screen.
 */
export async function appendEvent(sql: SqlClient, event: NewEvent): Promise<number> {
  return appendEventStatement(sql, event);
}

/**
 * The append as a statement not yet sent, for `commitWith` of a pipelined
 * transaction (server/db/pipelined.ts); it resolves to the event's seq.
 */
export function appendEventStatement(sql: SqlClient, event: NewEvent): PromiseLike<number> {
  const type = `${event.entity}_${event.action}`;
  const before = event.before === undefined ? null : JSON.stringify(event.before);
  const columns = eventColumns(sql);
  // A prepared statement: one round trip, planned once per connection. The notification is the
  // inserted row as every reader selects it (server/events/event-row.ts), or only its seq when too large.
  const query = sql<{ seq: string }[]>`
    WITH c AS (UPDATE event_counter SET seq = seq + 1 WHERE id = 1 RETURNING seq),
    e AS (
      INSERT INTO board_events (seq, type, entity, entity_id, direction, actor_id, actor_email, payload, before)
      SELECT c.seq, ${type}, ${event.entity}, ${event.entityId}, ${event.direction}, ${event.actor?.id ?? null},
             ${event.actor?.email ?? null}, ${JSON.stringify(event.payload)}::jsonb, ${before}::jsonb
      FROM c
      RETURNING ${columns}
    ),
    n AS (SELECT e.seq, row_to_json(e)::text AS event FROM e)
    SELECT n.seq, pg_notify(${BOARD_EVENTS_CHANNEL}, CASE WHEN octet_length(n.event) <= ${NOTIFY_EVENT_MAX_BYTES} THEN n.event ELSE n.seq::text END) FROM n`;
  const toSeq = (rows: { seq: string }[]) => {
    const seq = rows[0]?.seq;
    if (seq === undefined) throw new Error('event_counter row is missing');
    return Number(seq);
  };
  // Lazy like the query itself: sent when someone calls `then`.
  // biome-ignore lint/suspicious/noThenProperty: a PromiseLike on purpose, so the statement is sent only when commitWith calls it
  return { then: (onDone, onError) => query.then(toSeq).then(onDone, onError) };
}
