import { AsyncLocalStorage } from 'node:async_hooks';
import type postgres from 'postgres';

/**
 * The write a request with an `Idempotency-Key` is making. The route layer
 * (server/http/idempotency.ts) sets it; the write helpers record the answer
 * in the write's own transaction, sent with its COMMIT (server/db/pipelined.ts,
 * which server/db/write.ts runs on), so the record exists exactly when the write
 * committed. Domain functions never see it.
 */
export type IdempotencyScope = {
  actorId: number;
  key: string;
  method: string;
  path: string;
  requestHash: string;
  /** The status the route answers on success (201, 200, 204). */
  status: number;
  /** Set once a helper has queued the record in a transaction. */
  recorded?: boolean;
};

/** A stored answer. `body` is the exact JSON text sent, or null for an empty answer. */
export type StoredAnswer = { requestHash: string; status: number; body: string | null };

/** How long an answer is replayed; older records are ignored and pruned. */
export const IDEMPOTENCY_TTL_HOURS = 24;

/** Another request with the same key committed first: the caller replays its answer. */
export class IdempotencyRace extends Error {
  constructor() {
    super('A concurrent request with the same Idempotency-Key committed first');
  }
}

const storage = new AsyncLocalStorage<IdempotencyScope>();

export function runWithIdempotency<T>(scope: IdempotencyScope, fn: () => Promise<T>): Promise<T> {
  return storage.run(scope, fn);
}

export function currentIdempotency(): IdempotencyScope | undefined {
  return storage.getStore();
}

/** The answer's text as the HTTP layer sends it (server/http/app.ts sendJson). */
export function answerText(status: number, body: unknown): string | null {
  return status === 204 || body === undefined ? null : JSON.stringify(body);
}

/**
 * The INSERT of the record, not yet sent (postgres.js sends a query when it is
 * awaited). The body is kept as a JSON string holding the exact text, because
 * jsonb would reorder the keys of the replayed answer.
 */
export function recordStatement(sql: postgres.Sql, scope: IdempotencyScope, status: number, body: unknown): postgres.PendingQuery<postgres.Row[]> {
  scope.recorded = true;
  return sql`
    INSERT INTO idempotency_keys (actor_id, key, method, path, request_hash, status, body)
    VALUES (${scope.actorId}, ${scope.key}, ${scope.method}, ${scope.path}, ${scope.requestHash}, ${status}, to_jsonb(${answerText(status, body)}::text))`;
}

/** True when `error` is the primary-key violation of a record another request inserted first. */
export function isIdempotencyRace(error: unknown): boolean {
  let e: unknown = error;
  for (let i = 0; i < 3 && e && typeof e === 'object'; i++) {
    const pg = e as { code?: string; constraint_name?: string; cause?: unknown };
    if (pg.code === '23505' && pg.constraint_name === 'idempotency_keys_pkey') return true;
    e = pg.cause;
  }
  return false;
}

/** The record of (actor, key) if it is younger than the TTL; an expired one is removed in the same statement. */
export async function findAnswer(sql: postgres.Sql, actorId: number, key: string): Promise<StoredAnswer | null> {
  const rows = await sql<{ request_hash: string; status: number; body: string | null }[]>`
    WITH expired AS (
      DELETE FROM idempotency_keys
      WHERE actor_id = ${actorId} AND key = ${key} AND created_at <= now() - make_interval(hours => ${IDEMPOTENCY_TTL_HOURS})
    )
    SELECT request_hash, status, body #>> '{}' AS body FROM idempotency_keys
    WHERE actor_id = ${actorId} AND key = ${key} AND created_at > now() - make_interval(hours => ${IDEMPOTENCY_TTL_HOURS})`;
  const row = rows[0];
  return row ? { requestHash: row.request_hash, status: row.status, body: row.body } : null;
}

/** Stores an answer outside any write (a 4xx, or a write no helper recorded); a record already there wins. */
export async function storeAnswer(sql: postgres.Sql, scope: IdempotencyScope, status: number, body: unknown): Promise<void> {
  await sql`
    INSERT INTO idempotency_keys (actor_id, key, method, path, request_hash, status, body)
    VALUES (${scope.actorId}, ${scope.key}, ${scope.method}, ${scope.path}, ${scope.requestHash}, ${status}, to_jsonb(${answerText(status, body)}::text))
    ON CONFLICT (actor_id, key) DO NOTHING`;
}

let lastPrune = 0;
const PRUNE_EVERY_MS = 10 * 60_000;

/** Removes expired records, at most every ten minutes per process; best effort. */
export function pruneAnswers(sql: postgres.Sql): void {
  const now = Date.now();
  if (now - lastPrune < PRUNE_EVERY_MS) return;
  lastPrune = now;
  sql`DELETE FROM idempotency_keys WHERE created_at <= now() - make_interval(hours => ${IDEMPOTENCY_TTL_HOURS})`.catch(() => {
    lastPrune = 0;
  });
}
