import { and, asc, eq, gt, lt, type SQL } from 'drizzle-orm';
import { assignments, loads } from '@/drizzle/schema';
import { assignmentListQuerySchema, type Assignment } from '@/lib/schemas/assignments';
import type { Tx } from '@/server/db/client';
import { parseOrThrow } from '@/server/errors';
import { selectAssignments, toAssignment } from '@/server/assignments/assignment-query';

/** `?direction=&from=&to=&ramp_id=&skip=&limit=`; a window selects assignments that overlap it. */
export async function listAssignments(db: Tx, query: unknown): Promise<Assignment[]> {
  const q = parseOrThrow(assignmentListQuerySchema, query, 'query');
  const where: SQL[] = [];
  if (q.direction) where.push(eq(loads.direction, q.direction));
  if (q.from) where.push(gt(assignments.etaOut, q.from));
  if (q.to) where.push(lt(assignments.etaIn, q.to));
  if (q.ramp_id) where.push(eq(assignments.rampId, q.ramp_id));
  const rows = await selectAssignments(db)
    .where(and(...where))
    .orderBy(asc(assignments.etaIn), asc(assignments.id))
    .offset(q.skip)
    .limit(q.limit);
  return rows.map(toAssignment);
}
