import type { Assignment, AssignmentUpdate } from '@/lib/schemas/assignments';
import type { Actor } from '@/server/auth/actor';
import type { Db } from '@/server/db/client';
import { inPipelinedTransaction } from '@/server/db/pipelined';
import { HttpError, notFound } from '@/server/errors';
import { appendEventStatement } from '@/server/events/append-event';
import { keepGateTime, keepsGateTime } from '@/server/assignments/keep-gate-time';
import { publishConflict } from '@/server/events/publish-conflict';
import { type AssignmentChange, lockAssignment, updateAssignmentRow } from '@/server/assignments/assignment-query';
import { mapAssignmentError } from '@/server/assignments/direction-refusal';

/** A 409 that carries what the client needs to resolve it. */
export class VersionConflict extends HttpError {
  constructor(
    readonly current: Assignment,
    readonly provided: number,
  ) {
    super(409, `Version conflict: the assignment is at version ${current.version}, the change was based on version ${provided}`, {
      current_version: current.version,
      provided_version: provided,
      current_data: current,
    });
  }
}

/**
 * The optimistic lock is one statement: `UPDATE … WHERE id = $1 AND version = $2`.
 * Zero rows means someone else committed first (409); no row at all is a 404.
 * Three round trips for the whole transaction (server/db/pipelined.ts):
 * BEGIN + lock + before-image, update + after-image, event + COMMIT.
 */
export async function updateAssignment(
  db: Db,
  actor: Actor,
  id: number,
  data: AssignmentUpdate & Pick<AssignmentChange, 'decline_reason'>,
): Promise<Assignment> {
  try {
    return await inPipelinedTransaction(db.$client, async (sql, commitWith) => {
      const before = await lockAssignment(sql, id);
      if (!before) throw notFound('Assignment');
      const after = await updateAssignmentRow(sql, id, data.version, data, actor.id);
      if (!after) throw new VersionConflict(before, data.version);
      const updated = appendEventStatement(sql, {
        entity: 'assignment',
        action: 'updated',
        entityId: id,
        // A change of load across directions concerns subscribers of both.
        direction: after.load.direction === before.load.direction ? after.load.direction : null,
        actor,
        payload: after,
        before,
      });
      if (!keepsGateTime(before, after)) {
        await commitWith(updated, after);
        return after;
      }
      await updated;
      await commitWith((await keepGateTime(sql, actor, after)).append, after);
      return after;
    });
  } catch (error) {
    if (error instanceof VersionConflict) await publishConflict(db, actor, error.current, error.provided);
    return mapAssignmentError(db, error, { rampId: data.ramp_id, assignmentId: id });
  }
}
