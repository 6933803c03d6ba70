import { isFreed } from '@/lib/board-rules';
import { eq } from 'drizzle-orm';
import type postgres from 'postgres';
import { loads } from '@/drizzle/schema';
import type { Assignment } from '@/lib/schemas/assignments';
import type { Actor } from '@/server/auth/actor';
import { drizzleOver } from '@/server/db/client';
import { appendEventStatement } from '@/server/events/append-event';
import { toLoad } from '@/server/loads/loads';

/**
 * A truck checked in and not yet gone whose booking is deleted or cancelled
 * is still on site: it goes back to the yard queue as a load checked in at
 * the gate (SPEC §8), with the time it arrived, instead of vanishing.
 */
export const keepsGateTime = (before: Assignment, after: Assignment | null) =>
  before.arrived_at !== null && before.departed_at === null && !isFreed(before) && (after === null || isFreed(after));

/**
 * Inside the booking's transaction, after its own event was appended: the
 * load takes the gate time (unless it has one) and appends its load_updated
 * event, returned unsent (wrapped, so awaiting this does not send it) for `commitWith`. The order of the two
 * events lets every screen drop the booking first and then see the truck wait.
 */
export async function keepGateTime(sql: postgres.Sql, actor: Actor, booking: Assignment): Promise<{ append: PromiseLike<number> }> {
  const tx = drizzleOver(sql);
  const [before] = await tx.select().from(loads).where(eq(loads.id, booking.load_id)).for('update');
  await sql`UPDATE loads SET arrived_at = coalesce(arrived_at, ${booking.arrived_at}::timestamptz), updated_at = now() WHERE id = ${booking.load_id}`;
  const [after] = await tx.select().from(loads).where(eq(loads.id, booking.load_id));
  const load = toLoad(after!);
  const append = appendEventStatement(sql, {
    entity: 'load',
    action: 'updated',
    entityId: load.id,
    direction: load.direction,
    actor,
    payload: load,
    before: toLoad(before!),
  });
  return { append };
}
