import type { Report, ReportQuery } from '@/lib/schemas/reports';
import { dayBounds } from '@/lib/zoned-time';
import type { Db } from '@/server/db/client';
import { utilization } from '@/server/kpis/day-kpis';
import { resolveRange } from '@/server/reports/report-range';
import { DAY_MS, factRows, figureColumns, occupiedSeconds, pctOf, rampScope } from '@/server/kpis/kpi-sql';

type DayRow = {
  date: string;
  due: number | null;
  arrived: number | null;
  on_time: number | null;
  completed: number | null;
  no_show: number | null;
  avg_wait_minutes: number | null;
  avg_door_minutes: number | null;
  avg_dwell_minutes: number | null;
};
type RampRow = { ramp_id: number; code: string; occupied_s: number; handled: number };

/**
 * Report data for the site days from..to (inclusive): per day the same
 * figures as a day's KPIs (every day listed, zeros on days without
 * assignments), per active ramp the occupied share of the range (its elapsed
 * part when it reaches today) and the assignments handled. One statement.
 * Without a range: the last 30 days.
 */
export async function reportData(db: Db, timeZone: string, query: ReportQuery, now = new Date()): Promise<Report> {
  const sql = db.$client;
  const q = { ...query, ...resolveRange(query, timeZone, now) };
  const start = dayBounds(q.from, timeZone).start;
  const end = dayBounds(q.to, timeZone).end;
  const filters = { carrier: q.carrier };
  const winEnd = new Date(Math.min(end.getTime(), now.getTime()));
  const windowSeconds = Math.max(0, (winEnd.getTime() - start.getTime()) / 1000);
  const [row] = await sql<{ days: DayRow[]; ramps: RampRow[] }[]>`
    WITH r AS (${factRows(sql, start, end, now, filters, DAY_MS)}),
    -- One pass over the rows for both groupings; the day before \`from\` (rows read for the ramps only) falls out in the join below.
    grouped AS (
      SELECT grouping(r.ramp_id) = 1 AS by_day, (r.eta_in AT TIME ZONE ${timeZone})::date AS day, r.ramp_id, ${figureColumns(sql, now)},
             sum(${occupiedSeconds(sql, start, winEnd)}) FILTER (WHERE r.started_at IS NOT NULL) AS occupied_s,
             count(*) FILTER (WHERE r.in_range AND r.done)::int AS handled
        FROM r GROUP BY GROUPING SETS ((day), (r.ramp_id)))
    SELECT
      (SELECT json_agg(to_jsonb(d) ORDER BY d.date) FROM (
         SELECT to_char(g, 'YYYY-MM-DD') AS date, p.due, p.arrived, p.on_time, p.completed, p.no_show,
                p.avg_wait_minutes, p.avg_door_minutes, p.avg_dwell_minutes
           FROM generate_series(${q.from}::date, ${q.to}::date, interval '1 day') g
           LEFT JOIN grouped p ON p.by_day AND p.day = g::date) d) AS days,
      (SELECT coalesce(json_agg(json_build_object('ramp_id', rp.id, 'code', rp.code, 'occupied_s', coalesce(o.occupied_s, 0),
                                                  'handled', coalesce(o.handled, 0)) ORDER BY rp.sort_order, rp.code, rp.id), '[]')
         FROM ramps rp LEFT JOIN grouped o ON NOT o.by_day AND o.ramp_id = rp.id WHERE ${rampScope(sql, filters)}) AS ramps`;
  const { days, ramps } = row!;
  return {
    from: q.from,
    to: q.to,
    days: days.map((d) => ({
      date: d.date,
      due: d.due ?? 0,
      arrived: d.arrived ?? 0,
      on_time_arrival_pct: pctOf(d.on_time ?? 0, d.due ?? 0),
      avg_wait_minutes: d.avg_wait_minutes,
      avg_door_minutes: d.avg_door_minutes,
      avg_dwell_minutes: d.avg_dwell_minutes,
      handled: d.completed ?? 0,
      no_show: d.no_show ?? 0,
    })),
    ramps: ramps.map((r) => ({ ramp_id: r.ramp_id, code: r.code, utilization_pct: utilization(Number(r.occupied_s), windowSeconds), handled: r.handled })),
  };
}
