import type { Assignment } from '@/lib/schemas/assignments';
import type { GateTime } from '@/lib/schemas/gate';
import type { Actor } from '@/server/auth/actor';
import type { Db } from '@/server/db/client';
import { mapPgError } from '@/server/db/pg-errors';
import { inPipelinedTransaction } from '@/server/db/pipelined';
import { checkOutStep, runGateStep } from '@/server/assignments/gate-assignment';

/** The truck left the site: departed_at, and COMPLETED (with completed_at) if it was not yet. A second check-out changes nothing. */
export async function checkOut(db: Db, actor: Actor, id: number, data: GateTime): Promise<Assignment> {
  try {
    return await inPipelinedTransaction(db.$client, (sql, commitWith) => runGateStep(sql, commitWith, actor, id, checkOutStep(data?.at)));
  } catch (error) {
    mapPgError(error);
  }
}
