import type postgres from 'postgres';
import { drizzleOver, type Db, type DrizzleTx } from '@/server/db/client';
import { IdempotencyRace, isIdempotencyRace } from '@/server/db/idempotency';
import { mapPgError } from '@/server/db/pg-errors';
import { inPipelinedTransaction } from '@/server/db/pipelined';

/**
 * One transaction for one mutation written with drizzle; constraint
 * violations become client errors (409/422) and nothing of the transaction
 * remains. `work` gets the drizzle transaction and the raw postgres.js
 * client of the same transaction (for the event append). It runs as a
 * pipelined transaction (server/db/pipelined.ts): BEGIN travels with the first
 * statement, and the Idempotency-Key record (if any) with COMMIT. A connection
 * lost while COMMIT was on its way leaves the outcome unknown (503).
 */
export async function inWriteTransaction<T>(db: Db, work: (tx: DrizzleTx, sql: postgres.Sql) => Promise<T>, inUse?: string): Promise<T> {
  try {
    return await inPipelinedTransaction(db.$client, async (sql, commitWith) => {
      const result = await work(drizzleOver(sql), sql);
      return commitWith(Promise.resolve(result), result);
    });
  } catch (error) {
    if (isIdempotencyRace(error)) throw new IdempotencyRace();
    mapPgError(error, inUse);
  }
}
