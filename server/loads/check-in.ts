import { eq, sql as drizzleSql } from 'drizzle-orm';
import { loads } from '@/drizzle/schema';
import type { CheckInResult, GateTime, WalkIn } from '@/lib/schemas/gate';
import type { Assignment } from '@/lib/schemas/assignments';
import type { Load } from '@/lib/schemas/loads';
import type { Actor } from '@/server/auth/actor';
import { drizzleOver, type Db } from '@/server/db/client';
import { mapPgError } from '@/server/db/pg-errors';
import { inPipelinedTransaction } from '@/server/db/pipelined';
import { inWriteTransaction } from '@/server/db/write';
import { notFound } from '@/server/errors';
import { appendEvent, appendEventStatement } from '@/server/events/append-event';
import { atOrNow, checkInStep, runGateStep } from '@/server/assignments/gate-assignment';
import { loadValues, toLoad } from '@/server/loads/loads';

/**
 * A truck at the gate (SPEC §8). The load's live assignment gets arrived_at
 * and ARRIVED (an assignment_updated event); a load without one gets
 * loads.arrived_at (a load_updated event) and so enters the yard queue, and
 * planning it later makes the assignment ARRIVED at that time. Checking in
 * again keeps the first time and appends nothing.
 */
export async function checkIn(db: Db, actor: Actor, loadId: number, data: GateTime): Promise<CheckInResult> {
  const at = data?.at;
  try {
    return await inPipelinedTransaction(db.$client, async (sql, commitWith) => {
      // The load's row lock orders two check-ins of one load; the live assignment is read under it.
      const [found] = await sql<{ live: number | null }[]>`
        SELECT (SELECT a.id FROM assignments a WHERE a.load_id = l.id AND NOT a.cancelled) AS live FROM loads l WHERE l.id = ${loadId} FOR UPDATE OF l`;
      if (!found) throw notFound('Load');
      const tx = drizzleOver(sql);
      const [before] = await tx.select().from(loads).where(eq(loads.id, loadId));
      if (found.live !== null) {
        const load = toLoad(before!);
        const answer = (assignment: Assignment): CheckInResult => ({ load, assignment, arrived_at: assignment.arrived_at! });
        return answer(await runGateStep(sql, commitWith, actor, found.live, checkInStep(at), answer));
      }
      if (before!.arrivedAt) {
        const load = toLoad(before!);
        const result = { load, assignment: null, arrived_at: load.arrived_at! };
        return commitWith(Promise.resolve(result), result);
      }
      const [row] = await sql`UPDATE loads SET arrived_at = ${atOrNow(sql, at)}, updated_at = now() WHERE id = ${loadId} RETURNING id`;
      const [updated] = await tx
        .select()
        .from(loads)
        .where(eq(loads.id, row!.id as number));
      const load = toLoad(updated!);
      const result = { load, assignment: null, arrived_at: load.arrived_at! };
      await commitWith(
        appendEventStatement(sql, {
          entity: 'load',
          action: 'updated',
          entityId: loadId,
          direction: load.direction,
          actor,
          payload: load,
          before: toLoad(before!),
        }),
        result,
      );
      return result;
    });
  } catch (error) {
    mapPgError(error);
  }
}

/** A truck without a booking: the load created already checked in (one load_created event), straight into the yard queue. */
export async function walkIn(db: Db, actor: Actor, data: WalkIn): Promise<CheckInResult> {
  return inWriteTransaction(db, async (tx, rawSql) => {
    const [row] = await tx
      .insert(loads)
      .values({ ...loadValues(data), arrivedAt: data.at ?? drizzleSql`now()` })
      .returning();
    const load: Load = toLoad(row!);
    await appendEvent(rawSql, { entity: 'load', action: 'created', entityId: load.id, direction: load.direction, actor, payload: load });
    return { load, assignment: null, arrived_at: load.arrived_at! };
  });
}
