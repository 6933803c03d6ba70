import type { Board, BoardQuery } from '@/lib/schemas/board';
import { dayBounds, dayOf } from '@/lib/zoned-time';
import { listAssignments } from '@/server/assignments/list-assignments';
import type { Db } from '@/server/db/client';
import { listLoads } from '@/server/loads/loads';
import { listRamps } from '@/server/ramps/ramps';
import { latestSeq } from '@/server/events/read-events';
import { listStatuses } from '@/server/statuses/statuses';

/** A day's blocks and loads: more than a site plans in a day, the most a page may hold. */
const DAY_LIMIT = 10_000;

/**
 * One day of the board in one read (today in the site's time zone unless
 * `date` says otherwise). `seq` is read first: any change that commits after
 * it reaches the client as an event with a higher seq.
 */
export async function getBoard(db: Db, timeZone: string, { date: day, direction }: BoardQuery = {}, now = new Date()): Promise<Board> {
  const date = day ?? dayOf(now, timeZone);
  const { start, end } = dayBounds(date, timeZone);
  const seq = await latestSeq(db);
  const window = { from: start, to: end, direction, limit: DAY_LIMIT };
  const [ramps, statuses, assignments, unassigned] = await Promise.all([
    listRamps(db),
    listStatuses(db),
    listAssignments(db, window),
    listLoads(db, { ...window, unassigned: true }),
  ]);
  return {
    seq,
    date,
    time_zone: timeZone,
    day_start: start.toISOString(),
    day_end: end.toISOString(),
    ramps,
    statuses,
    assignments,
    unassigned_loads: unassigned,
  };
}
