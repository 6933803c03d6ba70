import type { DayKpis, KpisQuery } from '@/lib/schemas/kpis';
import { dayBounds, dayOf } from '@/lib/zoned-time';
import type { Db } from '@/server/db/client';
import { DAY_MS, factRows, figureColumns, occupiedSeconds, pctOf, rampScope } from '@/server/kpis/kpi-sql';
import { onDockAssignment, waitingAssignment, waitingGateLoad } from '@/server/yard/yard-sql';

type Row = {
  due: number;
  arrived: number;
  on_time: number;
  completed: number;
  late: number;
  overdue: number;
  no_show: number;
  site_on_dock: number;
  site_waiting: number;
  avg_wait_minutes: number | null;
  avg_door_minutes: number | null;
  avg_dwell_minutes: number | null;
  ramps: { ramp_id: number; code: string; occupied_s: number }[];
};

/**
 * A site day's figures (SPEC §8) in one statement, as of `now`. The day's
 * assignments are those with eta_in in the day (site time zone), not
 * cancelled. On dock and waiting are who is on site at the day's last moment
 * so far (now today, its end for a past day, nobody for a day not begun),
 * whatever day their trucks were planned for: the same predicates as the yard
 * panel (server/yard/yard-sql.ts), so today's `waiting` is the yard's length.
 * Utilization: the minutes each active ramp was
 * occupied (started → completed) within the day, over the day's length, or
 * over its elapsed part today (ramps are open 24 h until working hours exist);
 * null for a day not begun.
 */
export async function dayKpis(db: Db, timeZone: string, { date: day, direction }: KpisQuery = {}, now = new Date()): Promise<DayKpis> {
  const sql = db.$client;
  const date = day ?? dayOf(now, timeZone);
  const { start, end } = dayBounds(date, timeZone);
  const filters = { direction };
  const winEnd = new Date(Math.min(end.getTime(), now.getTime()));
  const windowSeconds = Math.max(0, (winEnd.getTime() - start.getTime()) / 1000);
  const none = sql``;
  const inDirection = direction ? sql`AND l.direction = ${direction}` : none;
  const site = start > now ? null : winEnd;
  const [row] = await sql<Row[]>`
    WITH r AS (${factRows(sql, start, end, now, filters, DAY_MS)}),
    occupied AS (SELECT r.ramp_id, sum(${occupiedSeconds(sql, start, winEnd)}) AS s FROM r WHERE r.started_at IS NOT NULL GROUP BY r.ramp_id)
    SELECT f.*,
           ${
             site
               ? sql`(SELECT count(*)::int FROM assignments a JOIN statuses s ON s.id = a.status_id JOIN loads l ON l.id = a.load_id
                       WHERE ${onDockAssignment(sql, site)} ${inDirection}) AS site_on_dock,
                     (SELECT count(*)::int FROM assignments a JOIN loads l ON l.id = a.load_id WHERE ${waitingAssignment(sql, site)} ${inDirection})
                     + (SELECT count(*)::int FROM loads l WHERE ${waitingGateLoad(sql, site)} ${inDirection}) AS site_waiting,`
               : sql`0 AS site_on_dock, 0 AS site_waiting,`
           }
           (SELECT coalesce(json_agg(json_build_object('ramp_id', rp.id, 'code', rp.code, 'occupied_s', coalesce(o.s, 0))
                                     ORDER BY rp.sort_order, rp.code, rp.id), '[]')
              FROM ramps rp LEFT JOIN occupied o ON o.ramp_id = rp.id WHERE ${rampScope(sql, filters)}) AS ramps
      FROM (SELECT ${figureColumns(sql, now)} FROM r WHERE r.in_range) f`;
  const f = row!;
  return {
    date,
    on_dock: f.site_on_dock,
    waiting: f.site_waiting,
    completed: f.completed,
    late: f.late,
    overdue: f.overdue,
    no_show: f.no_show,
    on_time_arrival_pct: pctOf(f.on_time, f.due),
    avg_wait_minutes: f.avg_wait_minutes,
    avg_door_minutes: f.avg_door_minutes,
    avg_dwell_minutes: f.avg_dwell_minutes,
    ramps: f.ramps.map((r) => ({ ramp_id: r.ramp_id, code: r.code, utilization_pct: utilization(Number(r.occupied_s), windowSeconds) })),
  };
}

/** Occupied share of the window, at most 100 % (recorded times may overlap on a ramp). */
export const utilization = (occupied: number, window: number): number | null => {
  const pct = pctOf(occupied, window);
  return pct === null ? null : Math.min(100, pct);
};
