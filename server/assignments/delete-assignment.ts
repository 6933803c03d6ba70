import type { Assignment, AssignmentDeleteQuery } from '@/lib/schemas/assignments';
import type { Actor } from '@/server/auth/actor';
import type { Db } from '@/server/db/client';
import { mapPgError } from '@/server/db/pg-errors';
import { inPipelinedTransaction } from '@/server/db/pipelined';
import { notFound } from '@/server/errors';
import { appendEventStatement } from '@/server/events/append-event';
import { publishConflict } from '@/server/events/publish-conflict';
import { deleteAssignmentRow, lockAssignment } from '@/server/assignments/assignment-query';
import { VersionConflict } from '@/server/assignments/update-assignment';
import { keepGateTime, keepsGateTime } from '@/server/assignments/keep-gate-time';

/** Deletes; with `version` only if nobody changed it since (409 otherwise). Returns the data before deletion. */
export async function deleteAssignment(db: Db, actor: Actor, id: number, { version }: AssignmentDeleteQuery = {}): Promise<Assignment> {
  try {
    // Three round trips: BEGIN + lock + before-image, delete, event + COMMIT.
    return await inPipelinedTransaction(db.$client, async (sql, commitWith) => {
      const before = await lockAssignment(sql, id);
      if (!before) throw notFound('Assignment');
      const expected = version ?? before.version;
      if (!(await deleteAssignmentRow(sql, id, expected))) throw new VersionConflict(before, expected);
      const deleted = appendEventStatement(sql, {
        entity: 'assignment',
        action: 'deleted',
        entityId: id,
        direction: before.load.direction,
        actor,
        payload: before,
        before,
      });
      if (!keepsGateTime(before, null)) {
        await commitWith(deleted);
        return before;
      }
      await deleted;
      await commitWith((await keepGateTime(sql, actor, before)).append, before);
      return before;
    });
  } catch (error) {
    if (error instanceof VersionConflict) await publishConflict(db, actor, error.current, error.provided);
    mapPgError(error);
  }
}
