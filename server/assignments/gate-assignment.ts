import { isFreed } from '@/lib/board-rules';
import type postgres from 'postgres';
import type { Assignment } from '@/lib/schemas/assignments';
import { toIso } from '@/lib/time';
import type { Actor } from '@/server/auth/actor';
import { HttpError, notFound } from '@/server/errors';
import { appendEventStatement } from '@/server/events/append-event';
import { lockAssignment, selectAssignments, toAssignment } from '@/server/assignments/assignment-query';
import type { CommitWith } from '@/server/db/pipelined';

type Fragment = postgres.PendingQuery<postgres.Row[]>;

/** What a gate step does to a locked assignment: the SET list, or null when there is nothing to do (already done). */
export type GateStep = (before: Assignment, sql: postgres.Sql) => Fragment | null;

/**
 * One gate step (check-in, check-out, call) on an assignment inside the
 * caller's pipelined transaction: lock and before-image, the update with its
 * after-image, then the assignment_updated event with COMMIT. A step with
 * nothing to do (checked in twice) changes nothing and appends no event. Gate
 * steps take no version: they set only their own times, whatever else changed.
 */
export async function runGateStep(
  sql: postgres.Sql,
  commitWith: CommitWith,
  actor: Actor,
  id: number,
  step: GateStep,
  /** What the request answers (stored with an Idempotency-Key), when it is not the assignment itself. */
  answerOf: (a: Assignment) => unknown = (a) => a,
): Promise<Assignment> {
  const before = await lockAssignment(sql, id);
  if (!before) throw notFound('Assignment');
  const set = step(before, sql);
  if (!set) return commitWith(Promise.resolve(before), answerOf(before));
  const [row] = await selectAssignments(
    sql,
    sql`true`,
    undefined,
    sql`WITH a AS (UPDATE assignments t SET ${set}, version = t.version + 1, updated_by = ${actor.id}, updated_at = now()
      WHERE t.id = ${id} RETURNING t.*)`,
  );
  if (!row) throw notFound('Assignment');
  const after = toAssignment(row);
  await commitWith(
    appendEventStatement(sql, { entity: 'assignment', action: 'updated', entityId: id, direction: after.load.direction, actor, payload: after, before }),
    answerOf(after),
  );
  return after;
}

/** `at` as SQL, or the transaction's now(). */
export const atOrNow = (sql: postgres.Sql, at: Date | undefined) => sql`COALESCE(${toIso(at)}::timestamptz, now())`;

const statusId = (sql: postgres.Sql, code: string) => sql`(SELECT id FROM statuses WHERE code = ${code})`;

/** Statuses a check-in does not step back from. */
const PAST_ARRIVAL = new Set(['IN_PROGRESS', 'COMPLETED']);

/** Check-in: arrived_at (kept if already set) and status ARRIVED, unless the truck is further along. */
export const checkInStep =
  (at: Date | undefined): GateStep =>
  (before, sql) => {
    if (before.arrived_at) return null;
    const status = PAST_ARRIVAL.has(before.status.code) ? sql`t.status_id` : statusId(sql, 'ARRIVED');
    return sql`arrived_at = ${atOrNow(sql, at)}, status_id = ${status}`;
  };

/** Check-out: departed_at (kept if already set), and COMPLETED with completed_at when it was not yet. */
export const checkOutStep =
  (at: Date | undefined): GateStep =>
  (before, sql) => {
    if (before.departed_at) return null;
    if (isFreed(before)) throw new HttpError(409, `The assignment is ${before.status.code === 'DECLINED' ? 'declined' : 'cancelled'}`);
    const when = atOrNow(sql, at);
    return sql`departed_at = ${when}, completed_at = COALESCE(t.completed_at, ${when}), status_id = ${statusId(sql, 'COMPLETED')}`;
  };

/** Call to door: called_at = now; a truck that left or a cancelled booking is not called. */
export const callStep: GateStep = (before, sql) => {
  if (isFreed(before)) throw new HttpError(409, `The assignment is ${before.status.code === 'DECLINED' ? 'declined' : 'cancelled'}`);
  if (before.departed_at) throw new HttpError(409, 'The truck has already left');
  return sql`called_at = now()`;
};
