// Who is on site, as SQL: the yard panel (list-yard.ts) and the day's KPIs
// (server/kpis/day-kpis.ts) read these same predicates, so the board's
// "Waiting" figure is always the length of its yard queue.
import type postgres from 'postgres';

type Fragment = postgres.PendingQuery<postgres.Row[]>;

/**
 * How long a truck checked in and never started or checked out still counts
 * as on site: as long as the backlog carries unassigned loads over
 * (server/board/list-backlog.ts). Past that it is a record nobody closed,
 * not a truck in the yard.
 */
export const ON_SITE_DAYS = 7;
const ON_SITE_MS = ON_SITE_DAYS * 86_400_000;

const ts = (sql: postgres.Sql, d: Date): Fragment => sql`${d.toISOString()}::timestamptz`;
const arrivedBy = (sql: postgres.Sql, column: Fragment, t: Date) =>
  sql`${column} <= ${ts(sql, t)} AND ${column} > ${ts(sql, new Date(t.getTime() - ON_SITE_MS))}`;

/** Assignment `a` is, at `t`, a truck on site waiting for a door: checked in, not started, completed or departed, not cancelled. */
export function waitingAssignment(sql: postgres.Sql, t: Date): Fragment {
  const at = ts(sql, t);
  return sql`(${arrivedBy(sql, sql`a.arrived_at`, t)} AND NOT a.cancelled
    AND (a.started_at IS NULL OR a.started_at > ${at}) AND (a.completed_at IS NULL OR a.completed_at > ${at})
    AND (a.departed_at IS NULL OR a.departed_at > ${at}))`;
}

/** Assignment `a` (statuses `s`) is, at `t`, at a door: started, not completed or departed (nor COMPLETED by its status), not cancelled. */
export function onDockAssignment(sql: postgres.Sql, t: Date): Fragment {
  const at = ts(sql, t);
  return sql`(${arrivedBy(sql, sql`a.started_at`, t)} AND NOT a.cancelled AND s.code <> 'COMPLETED'
    AND (a.completed_at IS NULL OR a.completed_at > ${at}) AND (a.departed_at IS NULL OR a.departed_at > ${at}))`;
}

/** Load `l` was checked in at the gate by `t` and has no live assignment: an unplanned truck in the yard. */
export function waitingGateLoad(sql: postgres.Sql, t: Date): Fragment {
  return sql`(${arrivedBy(sql, sql`l.arrived_at`, t)} AND NOT EXISTS (SELECT 1 FROM assignments x WHERE x.load_id = l.id AND NOT x.cancelled))`;
}
