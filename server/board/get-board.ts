import { boardQuerySchema, type Board } from '@/lib/schemas/board';
import { dayBounds, dayOf } from '@/lib/zoned-time';
import { listAssignments } from '@/server/assignments/list-assignments';
import type { Db } from '@/server/db/client';
import { parseOrThrow } from '@/server/errors';
import { listLoads } from '@/server/loads/loads';
import { listRamps } from '@/server/ramps/ramps';
import { latestSeq } from '@/server/realtime/event-log';
import { listStatuses } from '@/server/statuses/statuses';

/**
 * One day of the board in one read. `seq` is read first: any change that
 * commits after it reaches the client as an event with a higher seq.
 */
export async function getBoard(db: Db, timeZone: string, query: unknown, now = new Date()): Promise<Board> {
  const q = parseOrThrow(boardQuerySchema, query, 'query');
  const date = q.date ?? dayOf(now, timeZone);
  const { start, end } = dayBounds(date, timeZone);
  const seq = await latestSeq(db);
  const window = { from: start.toISOString(), to: end.toISOString(), limit: '10000', ...(q.direction ? { direction: q.direction } : {}) };
  const [ramps, statuses, assignments, unassigned] = await Promise.all([
    listRamps(db),
    listStatuses(db),
    listAssignments(db, window),
    listLoads(db, { unassigned: 'true', from: start.toISOString(), to: end.toISOString(), limit: '10000', ...(q.direction ? { direction: q.direction } : {}) }),
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
