import type { Actor } from '@/server/auth/actor';
import { sqlOf, type Queryable } from '@/server/db/client';

export type EventEntity = 'assignment' | 'ramp' | 'load' | 'status' | 'user' | 'display';
export type EventAction = 'created' | 'updated' | 'deleted';

export type NewEvent = {
  entity: EventEntity;
  action: EventAction;
  entityId: number;
  /** IB/OB for events that belong to one direction; null goes to every subscriber. */
  direction: 'IB' | 'OB' | null;
  actor: Actor | null;
  payload: unknown;
  before?: unknown;
};

export const BOARD_EVENTS_CHANNEL = 'board_events';

/**
 * A notification carries the whole event when it fits, so listeners need not
 * read it back; otherwise only its seq. PostgreSQL refuses payloads of 8,000
 * bytes or more, and a refused NOTIFY would fail the write.
 */
export const NOTIFY_EVENT_MAX_BYTES = 7_000;

/**
 * Appends to the event log inside the caller's transaction and returns its seq.
 * Call it last in the transaction: the counter row stays locked until commit,
 * which is what makes seq follow commit order (and NOTIFYs are delivered in
 * commit order). pg_notify is delivered only on commit, so a rolled-back
 * change never reaches a screen.
 */
export async function appendEvent(tx: Queryable, event: NewEvent): Promise<number> {
  return appendEventStatement(tx, event);
}

/**
 * The append as a statement not yet sent, for `commitWith` of a pipelined
 * transaction (server/db/pipelined.ts); it resolves to the event's seq.
 */
export function appendEventStatement(tx: Queryable, event: NewEvent): PromiseLike<number> {
  const type = `${event.entity}_${event.action}`;
  const before = event.before === undefined ? null : JSON.stringify(event.before);
  // A prepared statement: one round trip, planned once per connection.
  const query = sqlOf(tx)<{ seq: string }[]>`
    WITH c AS (UPDATE event_counter SET seq = seq + 1 WHERE id = 1 RETURNING seq),
    e AS (
      INSERT INTO board_events (seq, type, entity, entity_id, direction, actor_id, actor_email, payload, before)
      SELECT c.seq, ${type}, ${event.entity}, ${event.entityId}, ${event.direction}, ${event.actor?.id ?? null},
             ${event.actor?.email ?? null}, ${JSON.stringify(event.payload)}::jsonb, ${before}::jsonb
      FROM c
      RETURNING seq, type, entity, entity_id, direction, actor_id, actor_email, payload, created_at
    ),
    n AS (
      SELECT e.seq, json_build_object('seq', e.seq, 'type', e.type, 'entity', e.entity, 'entityId', e.entity_id, 'direction', e.direction,
             'actorId', e.actor_id, 'actorEmail', e.actor_email, 'payload', e.payload, 'createdAt', e.created_at)::text AS event
      FROM e
    )
    SELECT n.seq, pg_notify(${BOARD_EVENTS_CHANNEL}, CASE WHEN octet_length(n.event) <= ${NOTIFY_EVENT_MAX_BYTES} THEN n.event ELSE n.seq::text END) FROM n`;
  const toSeq = (rows: { seq: string }[]) => {
    const seq = rows[0]?.seq;
    if (seq === undefined) throw new Error('event_counter row is missing');
    return Number(seq);
  };
  // Lazy like the query itself: sent when someone calls `then`.
  return { then: (onDone, onError) => query.then(toSeq).then(onDone, onError) };
}
