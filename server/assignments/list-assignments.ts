import type { Assignment, AssignmentListQuery } from '@/lib/schemas/assignments';
import { DEFAULT_PAGE, type PageOptional } from '@/lib/schemas/common';
import type { Db } from '@/server/db/client';
import { selectAssignments, toAssignment } from '@/server/assignments/assignment-query';

/** `carrierId`: only the assignments of that carrier's loads (a carrier user's reads, SPEC §9). */
export type ListAssignmentsOptions = PageOptional<AssignmentListQuery> & { carrierId?: number | null };

/** A window [from, to) selects the assignments that overlap it; ordered by eta_in. */
export async function listAssignments(db: Db, q: ListAssignmentsOptions): Promise<Assignment[]> {
  const sql = db.$client;
  const none = sql``;
  const where = sql`TRUE
    ${q.direction ? sql`AND l.direction = ${q.direction}` : none}
    ${q.from ? sql`AND a.eta_out > ${q.from.toISOString()}::timestamptz` : none}
    ${q.to ? sql`AND a.eta_in < ${q.to.toISOString()}::timestamptz` : none}
    ${q.ramp_id ? sql`AND a.ramp_id = ${q.ramp_id}` : none}
    ${q.carrierId != null ? sql`AND l.carrier_id = ${q.carrierId}` : none}`;
  const rows = await selectAssignments(sql, where, sql`ORDER BY a.eta_in, a.id OFFSET ${q.skip ?? DEFAULT_PAGE.skip} LIMIT ${q.limit ?? DEFAULT_PAGE.limit}`);
  return rows.map(toAssignment);
}
