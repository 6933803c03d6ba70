import type postgres from 'postgres';
import { OutcomeUnknown } from '@/server/errors';
import { currentIdempotency, IdempotencyRace, isIdempotencyRace, recordStatement } from '@/server/db/idempotency';
import { isConnectionError } from '@/server/db/pg-errors';

/**
 * Sends `last` and COMMIT together; resolves with `last`'s result once both are
 * done. `answer` is what the write will return: with an Idempotency-Key it is
 * recorded in the same transaction, so the record commits with the write.
 */
export type CommitWith = <R>(last: PromiseLike<R>, answer?: unknown) => Promise<R>;

/**
 * One transaction on one reserved connection, in two round trips fewer than
 * sending BEGIN, the statements and COMMIT one after another: BEGIN leaves in
 * the same packet as the first statement `work` sends (postgres.js pipelines
 * what is issued in one tick), and `commitWith(last)` puts COMMIT right behind
 * the last statement. If that statement fails, PostgreSQL has already aborted
 * the transaction and answers the COMMIT with a rollback, so nothing of it
 * remains either way. An error before `commitWith` rolls back explicitly.
 * A connection lost once COMMIT is on its way leaves the outcome unknown
 * (503 `outcome: unknown`); lost before, nothing was committed.
 */
export async function inPipelinedTransaction<T>(client: postgres.Sql, work: (sql: postgres.Sql, commitWith: CommitWith) => Promise<T>): Promise<T> {
  const sql = await client.reserve();
  let open = true;
  const commitWith: CommitWith = async <R>(last: PromiseLike<R>, answer?: unknown) => {
    const scope = currentIdempotency();
    // Before `last`: a concurrent duplicate waits on the key before it takes the event counter's lock.
    const recorded = scope ? settle(recordStatement(sql, scope, scope.status, answer)) : undefined;
    // `then` sends a postgres.js query; calling it before COMMIT is created keeps the order.
    const lastDone = settle(last);
    const committed = settle(sql`COMMIT`.execute());
    open = false;
    const [record, result, commit] = [await recorded, await lastDone, await committed];
    // Awaited all three before deciding: the connection is reused only once the transaction is over.
    const lost = [record, result, commit].find((s) => s && !s.ok && isConnectionError(s.error));
    if (lost) throw new OutcomeUnknown();
    // A failed record aborts the transaction, so `last` then fails only because of it.
    if (record && !record.ok) throw isIdempotencyRace(record.error) ? new IdempotencyRace() : record.error;
    if (!result.ok) throw result.error;
    if (!commit.ok) throw commit.error;
    return result.value;
  };
  try {
    const begun = sql`BEGIN`.execute();
    begun.catch(() => {});
    const result = await work(sql, commitWith);
    await begun;
    if (open) throw new Error('inPipelinedTransaction: work returned without commitWith');
    return result;
  } catch (error) {
    if (open) await sql`ROLLBACK`.catch(() => {});
    throw error;
  } finally {
    sql.release();
  }
}

type Settled<R> = { ok: true; value: R } | { ok: false; error: unknown };

function settle<R>(p: PromiseLike<R>): Promise<Settled<R>> {
  return new Promise((resolve) =>
    p.then(
      (value) => resolve({ ok: true, value }),
      (error: unknown) => resolve({ ok: false, error }),
    ),
  );
}
