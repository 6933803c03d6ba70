import type { Assignment } from '@/lib/schemas/assignments';
import type { Actor } from '@/server/auth/actor';
import type { Db } from '@/server/db/client';
import { mapPgError } from '@/server/db/pg-errors';
import { inPipelinedTransaction } from '@/server/db/pipelined';
import { callStep, runGateStep } from '@/server/assignments/gate-assignment';

/**
 * Calls the truck to its door: called_at = now. An ordinary assignment_updated
 * event, so every screen gets it on the stream it already reads; the TVs of
 * the load's direction show the call for CALL_SHOW_MS from called_at.
 */
export async function callToDoor(db: Db, actor: Actor, id: number): Promise<Assignment> {
  try {
    return await inPipelinedTransaction(db.$client, (sql, commitWith) => runGateStep(sql, commitWith, actor, id, callStep));
  } catch (error) {
    mapPgError(error);
  }
}
