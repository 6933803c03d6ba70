import { and, asc, eq } from 'drizzle-orm';
import { boardEvents } from '@/drizzle/schema';
import type { Assignment, HistoryEntry } from '@/lib/schemas/assignments';
import type { Tx } from '@/server/db/client';
import { notFound } from '@/server/errors';
import { findAssignment } from '@/server/assignments/assignment-query';

const ACTIONS = { assignment_created: 'CREATE', assignment_updated: 'UPDATE', assignment_deleted: 'DELETE' } as const;
const TRACKED = ['ramp_id', 'load_id', 'status_id', 'eta_in', 'eta_out', 'version'] as const;

/** What changed between two versions, by field; ramp and status changes also name the codes. */
export function diffAssignments(before: Assignment | null, after: Assignment | null): HistoryEntry['changes'] {
  const changes: HistoryEntry['changes'] = {};
  for (const field of TRACKED) {
    const from = before?.[field] ?? null;
    const to = after?.[field] ?? null;
    if (from !== to) changes[field] = { from, to };
  }
  if (before && after && before.ramp.code !== after.ramp.code) changes.ramp = { from: before.ramp.code, to: after.ramp.code };
  if (before && after && before.status.code !== after.status.code) changes.status = { from: before.status.code, to: after.status.code };
  return changes;
}

/** One event-log row of an assignment as a history entry: who, when, before, after, what changed. */
export function toHistoryEntry(row: typeof boardEvents.$inferSelect): HistoryEntry {
  const action = ACTIONS[row.type as keyof typeof ACTIONS];
  const before = action === 'CREATE' ? null : ((row.before ?? null) as Assignment | null);
  const after = action === 'DELETE' ? null : (row.payload as Assignment);
  return {
    seq: row.seq,
    type: row.type,
    action,
    at: row.createdAt.toISOString(),
    user_id: row.actorId,
    user_email: row.actorEmail,
    before,
    after,
    changes: diffAssignments(before, after),
  };
}

/** Every change of one assignment, oldest first, from the event log. */
export async function assignmentHistory(db: Tx, id: number): Promise<HistoryEntry[]> {
  const rows = await db
    .select()
    .from(boardEvents)
    .where(and(eq(boardEvents.entity, 'assignment'), eq(boardEvents.entityId, id)))
    .orderBy(asc(boardEvents.seq));
  if (rows.length === 0 && !(await findAssignment(db, id))) throw notFound('Assignment');
  return rows.map(toHistoryEntry);
}
