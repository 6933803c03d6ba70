import type { TvBoard } from '@/lib/schemas/board';
import { listAssignments } from '@/server/assignments/list-assignments';
import type { Db } from '@/server/db/client';
import { findActiveDisplay } from '@/server/displays/displays';
import { assignmentWithoutPeople } from '@/server/displays/without-people';
import { notFound } from '@/server/errors';
import { listRamps } from '@/server/ramps/ramps';
import { withRules } from '@/server/rules/ramp-rules';
import { latestSeq } from '@/server/events/read-events';
import { listStatuses } from '@/server/statuses/statuses';

const HOUR = 3_600_000;

/**
 * What a wall TV shows: active ramps and the assignments from 12 hours ago to
 * 24 hours ahead, in the link's scope, with no people (ids, e-mails, names) in it.
 */
export async function getTvBoard(db: Db, timeZone: string, token: string, now = new Date()): Promise<TvBoard> {
  const display = await findActiveDisplay(db, token);
  if (!display) throw notFound('Display link');
  const seq = await latestSeq(db);
  const [ramps, statuses, assignments] = await Promise.all([
    listRamps(db).then((r) => withRules(db, timeZone, r, new Date(now.getTime() - 12 * HOUR), new Date(now.getTime() + 24 * HOUR))),
    listStatuses(db),
    listAssignments(db, {
      from: new Date(now.getTime() - 12 * HOUR),
      to: new Date(now.getTime() + 24 * HOUR),
      direction: display.direction ?? undefined,
      limit: 10_000,
    }),
  ]);
  return {
    seq,
    display: { name: display.name, direction: display.direction },
    paging: { page_seconds: display.page_seconds, hide_free_ramps: display.hide_free_ramps },
    time_zone: timeZone,
    now: now.toISOString(),
    ramps: ramps.filter((r) => r.is_active && (!display.direction || r.kind === 'BOTH' || r.kind === display.direction)),
    statuses,
    assignments: assignments.map(assignmentWithoutPeople),
  };
}
