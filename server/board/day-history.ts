import type { DayHistoryEntry, DayHistoryQuery } from '@/lib/schemas/board';
import { dayBounds, dayOf } from '@/lib/zoned-time';
import { toHistoryEntry } from '@/server/assignments/assignment-history';
import type { Db } from '@/server/db/client';
import { readActorNames, readChangesBetween } from '@/server/events/read-events';

/** More changes than a dock makes in a day, the most one answer holds. */
const DAY_LIMIT = 5_000;

/** Every assignment change committed on one day (site time zone; today unless `date` says otherwise), newest first. */
export async function dayHistory(db: Db, timeZone: string, { date }: DayHistoryQuery = {}, now = new Date()): Promise<DayHistoryEntry[]> {
  const { start, end } = dayBounds(date ?? dayOf(now, timeZone), timeZone);
  const changes = await readChangesBetween(db, 'assignment', start, end, DAY_LIMIT);
  const names = await readActorNames(
    db,
    changes.map((c) => c.actorId),
  );
  return changes.map((change) => {
    const entry = toHistoryEntry(change, names);
    const subject = entry.after ?? entry.before;
    return { ...entry, assignment_id: change.entityId, reference: subject?.load.reference ?? null, ramp_code: subject?.ramp.code ?? null };
  });
}
