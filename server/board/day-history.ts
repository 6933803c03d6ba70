import { and, desc, eq, gte, lt } from 'drizzle-orm';
import { boardEvents } from '@/drizzle/schema';
import { dayHistoryQuerySchema, type DayHistoryEntry } from '@/lib/schemas/board';
import { dayBounds, dayOf } from '@/lib/zoned-time';
import { toHistoryEntry } from '@/server/assignments/assignment-history';
import type { Tx } from '@/server/db/client';
import { parseOrThrow } from '@/server/errors';

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
    const entry = toHistoryEntry(row);
    const subject = entry.after ?? entry.before;
    return { ...entry, assignment_id: row.entityId, reference: subject?.load.reference ?? null, ramp_code: subject?.ramp.code ?? null };
  });
}
