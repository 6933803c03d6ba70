import { and, eq, sql } from 'drizzle-orm';
import { assignments } from '@/drizzle/schema';
import { assignmentUpdateSchema, type Assignment } from '@/lib/schemas/assignments';
import { requireRole, WRITE_ASSIGNMENTS, type Actor } from '@/server/auth/actor';
import type { Db } from '@/server/db/client';
import { mapPgError } from '@/server/db/pg-errors';
import { HttpError, notFound, parseOrThrow } from '@/server/errors';
import { appendEvent } from '@/server/events/append-event';
import { publishConflict } from '@/server/events/publish-conflict';
import { findAssignment, lockAssignment } from '@/server/assignments/assignment-query';

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
 * Zero rows means someone else committed first (409) or the row is gone (404).
 */
export async function updateAssignment(db: Db, actor: Actor, id: number, input: unknown): Promise<Assignment> {
  requireRole(actor, WRITE_ASSIGNMENTS);
  const data = parseOrThrow(assignmentUpdateSchema, input);
  try {
    return await db.transaction(async (tx) => {
      const before = await lockAssignment(tx, id);
      if (!before) throw notFound('Assignment');
      const updated = await tx
        .update(assignments)
        .set({
          rampId: data.ramp_id,
          loadId: data.load_id,
          statusId: data.status_id,
          etaIn: data.eta_in,
          etaOut: data.eta_out,
          version: sql`${assignments.version} + 1`,
          updatedBy: actor.id,
          updatedAt: sql`now()`,
        })
        .where(and(eq(assignments.id, id), eq(assignments.version, data.version)))
        .returning({ id: assignments.id });
      if (updated.length === 0) throw new VersionConflict(before, data.version);
      const after = (await findAssignment(tx, id))!;
      await appendEvent(tx, {
        entity: 'assignment',
        action: 'updated',
        entityId: id,
        // A change of load across directions concerns subscribers of both.
        direction: after.load.direction === before.load.direction ? after.load.direction : null,
        actor,
        payload: after,
        before,
      });
      return after;
    });
  } catch (error) {
    if (error instanceof VersionConflict) await publishConflict(db, actor, error.current, error.provided);
    mapPgError(error);
  }
}
