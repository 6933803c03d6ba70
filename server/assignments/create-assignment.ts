import type { Assignment, AssignmentCreate } from '@/lib/schemas/assignments';
import type { Actor } from '@/server/auth/actor';
import type { Db } from '@/server/db/client';
import { inPipelinedTransaction } from '@/server/db/pipelined';
import { appendEventStatement } from '@/server/events/append-event';
import { insertAssignmentRow } from '@/server/assignments/assignment-query';
import { mapAssignmentError } from '@/server/assignments/direction-refusal';

/** Assigns a load to a ramp; `data` is parsed (assignmentCreateSchema) and the actor authorized by the caller. */
export async function createAssignment(db: Db, actor: Actor, data: AssignmentCreate): Promise<Assignment> {
  try {
    // Two round trips: BEGIN + insert + joined row, event + COMMIT.
    return await inPipelinedTransaction(db.$client, async (sql, commitWith) => {
      const created = await insertAssignmentRow(sql, data, actor.id);
      await commitWith(
        appendEventStatement(sql, {
          entity: 'assignment',
          action: 'created',
          entityId: created.id,
          direction: created.load.direction,
          actor,
          payload: created,
        }),
        created,
      );
      return created;
    });
  } catch (error) {
    return mapAssignmentError(db, error, { rampId: data.ramp_id });
  }
}
