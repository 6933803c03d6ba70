import type { Board, BoardQuery } from '@/lib/schemas/board';
import type { Load } from '@/lib/schemas/loads';
import { dayBounds, dayOf } from '@/lib/zoned-time';
import { listAssignments } from '@/server/assignments/list-assignments';
import { byPlannedArrival, CARRY_OVER_DAYS, listBacklog } from '@/server/board/list-backlog';
import type { Db } from '@/server/db/client';
import { listLoads } from '@/server/loads/loads';
import { listRamps } from '@/server/ramps/ramps';
import { withRules } from '@/server/rules/ramp-rules';
import { latestSeq } from '@/server/events/read-events';
import { listStatuses } from '@/server/statuses/statuses';
import { listYard } from '@/server/yard/list-yard';

/** A day's blocks and loads: more than a site plans in a day, the most a page may hold. */
const DAY_LIMIT = 10_000;
const DAY_MS = 86_400_000;

/**
 * One day of the board in one read (today in the site's time zone unless
 * `date` says otherwise). `seq` is read first: any change that commits after
 * it reaches the client as an event with a higher seq.
 *
 * Today's unassigned list is the backlog too (SPEC §8): loads without a
 * planned time, unassigned loads planned in the last CARRY_OVER_DAYS days
 * (carried over), and loads checked in at the gate without a ramp. Other days
 * list only their own loads: a past day stays what it was, and a future day
 * is not where carried-over work is done. `backlog_from` tells the client's
 * merge which rule the list follows.
 */
export async function getBoard(db: Db, timeZone: string, { date: day, direction }: BoardQuery = {}, now = new Date()): Promise<Board> {
  const today = dayOf(now, timeZone);
  const date = day ?? today;
  const { start, end } = dayBounds(date, timeZone);
  const backlogFrom = date === today ? new Date(start.getTime() - CARRY_OVER_DAYS * DAY_MS) : null;
  const seq = await latestSeq(db);
  const window = { from: start, to: end, direction, limit: DAY_LIMIT };
  const [ramps, statuses, assignments, dayLoads, backlog, yard] = await Promise.all([
    listRamps(db).then((r) => withRules(db, timeZone, r, start, end)),
    listStatuses(db),
    listAssignments(db, window),
    listLoads(db, { ...window, unassigned: true }),
    backlogFrom ? listBacklog(db, backlogFrom, start, direction, DAY_LIMIT) : Promise.resolve([]),
    listYard(db, { direction }, now.getTime()),
  ]);
  let unassigned = dayLoads;
  if (backlogFrom) {
    const byId = new Map<number, Load>();
    for (const l of [...dayLoads, ...backlog, ...yard.flatMap((e) => (e.assignment ? [] : [e.load]))]) byId.set(l.id, l);
    unassigned = [...byId.values()].sort(byPlannedArrival);
  }
  return {
    seq,
    date,
    time_zone: timeZone,
    day_start: start.toISOString(),
    day_end: end.toISOString(),
    backlog_from: backlogFrom?.toISOString() ?? null,
    ramps,
    statuses,
    assignments,
    unassigned_loads: unassigned,
    yard,
  };
}
