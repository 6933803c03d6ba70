import { and, desc, eq, gte, lt } from 'drizzle-orm';
import { boardEvents } from '@/drizzle/schema';
import type { Assignment } from '@/lib/schemas/assignments';
import { dayHistoryQuerySchema, type DayHistoryEntry } from '@/lib/schemas/board';
import { dayBounds, dayOf } from '@/lib/zoned-time';
import { diffAssignments } from '@/server/assignments/assignment-history';
import type { Tx } from '@/server/db/client';
import { parseOrThrow } from '@/server/errors';

const ACTIONS = { assignment_created: 'CREATE', assignment_updated: 'UPDATE', assignment_deleted: 'DELETE' } as const;

/** Every assignment change committed on one day (site time zone), newest first. */
export async function dayHistory(db: Tx, timeZone: string, query: unknown, now = new Date()): Promise<DayHistoryEntry[]> {
  const q = parseOrThrow(dayHistoryQuerySchema, query, 'query');
  const { start, end } = dayBounds(q.date ?? dayOf(now, timeZone), timeZone);
  const rows = await db
    .select()
    .from(boardEvents)
    .where(and(eq(boardEvents.entity, 'assignment'), gte(boardEvents.createdAt, start), lt(boardEvents.createdAt, end)))
    .orderBy(desc(boardEvents.seq))
    .limit(5000);
  return rows.map((row) => {
    const action = ACTIONS[row.type as keyof typeof ACTIONS];
    const before = action === 'CREATE' ? null : ((row.before ?? null) as Assignment | null);
    const after = action === 'DELETE' ? null : (row.payload as Assignment);
    const subject = after ?? before;
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
      assignment_id: row.entityId,
      reference: subject?.load.reference ?? null,
      ramp_code: subject?.ramp.code ?? null,
    };
  });
}
