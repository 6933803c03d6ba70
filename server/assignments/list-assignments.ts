import { assignmentListQuerySchema, type Assignment } from '@/lib/schemas/assignments';
import { sqlOf, type Tx } from '@/server/db/client';
import { parseOrThrow } from '@/server/errors';
import { selectAssignments, toAssignment } from '@/server/assignments/assignment-query';

/** `?direction=&from=&to=&ramp_id=&skip=&limit=`; a window selects assignments that overlap it. */
export async function listAssignments(db: Tx, query: unknown): Promise<Assignment[]> {
  const q = parseOrThrow(assignmentListQuerySchema, query, 'query');
  const sql = sqlOf(db);
  const none = sql``;
  const where = sql`TRUE
    ${q.direction ? sql`AND l.direction = ${q.direction}` : none}
    ${q.from ? sql`AND a.eta_out > ${q.from.toISOString()}::timestamptz` : none}
    ${q.to ? sql`AND a.eta_in < ${q.to.toISOString()}::timestamptz` : none}
    ${q.ramp_id ? sql`AND a.ramp_id = ${q.ramp_id}` : none}`;
  const rows = await selectAssignments(sql, where, sql`ORDER BY a.eta_in, a.id OFFSET ${q.skip} LIMIT ${q.limit}`);
  return rows.map(toAssignment);
}
