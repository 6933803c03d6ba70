import type { Db, Tx } from '@/server/db/client';
import { sqlOf } from '@/server/db/client';
import { currentIdempotency, IdempotencyRace, isIdempotencyRace, recordStatement } from '@/server/db/idempotency';
import { isConnectionError, mapPgError } from '@/server/db/pg-errors';
import { OutcomeUnknown } from '@/server/errors';

/**
 * One transaction for one mutation; constraint violations become client
 * errors (409/422) and nothing of the transaction remains. With an
 * Idempotency-Key the answer (what `work` returns) is recorded in the same
 * transaction. A connection lost after `work` finished, while COMMIT was on
 * its way, leaves the outcome unknown (503 `outcome: unknown`).
 */
export async function inWriteTransaction<T>(db: Db, work: (tx: Tx) => Promise<T>, inUse?: string): Promise<T> {
  let committing = false;
  try {
    return await db.transaction(async (tx) => {
      const result = await work(tx);
      const scope = currentIdempotency();
      if (scope) await recordStatement(sqlOf(tx), scope, scope.status, result);
      committing = true;
      return result;
    });
  } catch (error) {
    if (committing && isConnectionError(error)) throw new OutcomeUnknown();
    if (isIdempotencyRace(error)) throw new IdempotencyRace();
    mapPgError(error, inUse);
  }
}
