import type { Db, Tx } from '@/server/db/client';
import { mapPgError } from '@/server/db/pg-errors';

/**
 * One transaction for one mutation; constraint violations become client
 * errors (409/422) and nothing of the transaction remains.
 */
export async function inWriteTransaction<T>(db: Db, work: (tx: Tx) => Promise<T>, inUse?: string): Promise<T> {
  try {
    return await db.transaction(work);
  } catch (error) {
    mapPgError(error, inUse);
  }
}
