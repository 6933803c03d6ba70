import { sql } from 'drizzle-orm';
import { assignments } from '@/drizzle/schema';
import { assignmentCreateSchema, type Assignment } from '@/lib/schemas/assignments';
import { requireRole, WRITE_ASSIGNMENTS, type Actor } from '@/server/auth/actor';
import type { Db } from '@/server/db/client';
import { mapPgError } from '@/server/db/pg-errors';
import { parseOrThrow } from '@/server/errors';
import { appendEvent } from '@/server/events/append-event';
import { findAssignment } from '@/server/assignments/assignment-query';

export async function createAssignment(db: Db, actor: Actor, input: unknown): Promise<Assignment> {
  requireRole(actor, WRITE_ASSIGNMENTS);
  const data = parseOrThrow(assignmentCreateSchema, input);
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(assignments)
        .values({
          rampId: data.ramp_id,
          loadId: data.load_id,
          statusId: data.status_id ?? sql`(SELECT id FROM statuses WHERE code = 'PLANNED')`,
          etaIn: data.eta_in,
          etaOut: data.eta_out,
          createdBy: actor.id,
          updatedBy: actor.id,
        })
        .returning({ id: assignments.id });
      const created = await findAssignment(tx, row!.id);
      await appendEvent(tx, {
        entity: 'assignment',
        action: 'created',
        entityId: created!.id,
        direction: created!.load.direction,
        actor,
        payload: created,
      });
      return created!;
    });
  } catch (error) {
    mapPgError(error);
  }
}
