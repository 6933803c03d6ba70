import type { DayKpis, KpisQuery } from '@/lib/schemas/kpis';
import { dayBounds, dayOf } from '@/lib/zoned-time';
import type { Db } from '@/server/db/client';
import { DAY_MS, factRows, figureColumns, occupiedSeconds, pctOf, rampScope, ts } from '@/server/kpis/kpi-sql';

type Row = {
  due: number;
  arrived: number;
  on_time: number;
  completed: number;
  on_dock: number;
  waiting: number;
  late: number;
  overdue: number;
  no_show: number;
  yard_loads: number;
  avg_wait_minutes: number | null;
  avg_door_minutes: number | null;
  avg_dwell_minutes: number | null;
  ramps: { ramp_id: number; code: string; occupied_s: number }[];
};

/**
 * A site day's figures (SPEC §8) in one statement, as of `now`. The day's
 * assignments are those with eta_in in the day (site time zone), not
 * cancelled. Waiting also counts loads checked in at the gate that day that
 * have no live assignment. Utilization: the minutes each active ramp was
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
  const [row] = await sql<Row[]>`
    WITH r AS (${factRows(sql, start, end, now, filters, DAY_MS)}),
    occupied AS (SELECT r.ramp_id, sum(${occupiedSeconds(sql, start, winEnd)}) AS s FROM r WHERE r.started_at IS NOT NULL GROUP BY r.ramp_id)
    SELECT f.*,
           (SELECT count(*)::int FROM loads l
             WHERE l.arrived_at >= ${ts(sql, start)} AND l.arrived_at < ${ts(sql, end)} AND l.arrived_at <= ${ts(sql, now)}
               ${direction ? sql`AND l.direction = ${direction}` : none}
               AND NOT EXISTS (SELECT 1 FROM assignments x WHERE x.load_id = l.id AND NOT x.cancelled)) AS yard_loads,
           (SELECT coalesce(json_agg(json_build_object('ramp_id', rp.id, 'code', rp.code, 'occupied_s', coalesce(o.s, 0))
                                     ORDER BY rp.sort_order, rp.code, rp.id), '[]')
              FROM ramps rp LEFT JOIN occupied o ON o.ramp_id = rp.id WHERE ${rampScope(sql, filters)}) AS ramps
      FROM (SELECT ${figureColumns(sql, now)} FROM r WHERE r.in_range) f`;
  const f = row!;
  return {
    date,
    on_dock: f.on_dock,
    waiting: f.waiting + f.yard_loads,
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
