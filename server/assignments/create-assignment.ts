import { assignmentCreateSchema, type Assignment } from '@/lib/schemas/assignments';
import { requireRole, WRITE_ASSIGNMENTS, type Actor } from '@/server/auth/actor';
import type { Db } from '@/server/db/client';
import { mapPgError } from '@/server/db/pg-errors';
import { parseOrThrow } from '@/server/errors';
import { appendEvent } from '@/server/events/append-event';
import { insertAssignmentRow } from '@/server/assignments/assignment-query';

export async function createAssignment(db: Db, actor: Actor, input: unknown): Promise<Assignment> {
  requireRole(actor, WRITE_ASSIGNMENTS);
  const data = parseOrThrow(assignmentCreateSchema, input);
  try {
    return await db.transaction(async (tx) => {
      const created = await insertAssignmentRow(tx, data, actor.id);
      await appendEvent(tx, {
        entity: 'assignment',
        action: 'created',
        entityId: created.id,
        direction: created.load.direction,
        actor,
        payload: created,
      });
      return created;
    });
  } catch (error) {
    mapPgError(error);
  }
}
