// The figures of SPEC §8 as SQL, shared by a day's KPIs (day-kpis.ts) and the
// report (server/reports/report-data.ts) so both count the same way.
import type postgres from 'postgres';
import type { Direction } from '@/lib/realtime';
import { LATE_TOLERANCE_MS } from '@/lib/board-rules';

export type FactFilters = { direction?: Direction; carrier?: string };

type Fragment = postgres.PendingQuery<postgres.Row[]>;

const TOLERANCE_MINUTES = LATE_TOLERANCE_MS / 60_000;
export const DAY_MS = 86_400_000;

/** A timestamptz parameter (postgres.js would otherwise send a Date untyped). */
export const ts = (sql: postgres.Sql, d: Date): Fragment => sql`${d.toISOString()}::timestamptz`;

/**
 * The assignments with eta_in in [from, to), not cancelled (nor declined) and not a carrier's request still
 * waiting for approval (SPEC §9), with what every
 * figure reads. `arr` is when the truck was first seen on site: arrived_at,
 * else the first later fact recorded (a truck that started was there).
 * `came`: arrived by `now`, or with no time recorded a status that says the
 * truck is here (ARRIVED, IN_PROGRESS, COMPLETED). `done`: COMPLETED, or
 * completed or departed by `now`. Both as lib/board-rules.ts has them for the
 * board and the TV. `lookbackMs` also takes
 * assignments planned that long before `from` (`in_range` false): they can
 * still occupy a ramp inside the range.
 */
export function factRows(sql: postgres.Sql, from: Date, to: Date, now: Date, f: FactFilters, lookbackMs = 0): Fragment {
  const none = sql``;
  return sql`
    SELECT a.ramp_id, a.eta_in, a.eta_out, a.arrived_at, a.started_at, a.completed_at, a.departed_at,
           a.eta_in >= ${ts(sql, from)} AS in_range,
           coalesce(a.arrived_at, a.started_at, a.completed_at, a.departed_at) AS arr,
           s.code IN ('ARRIVED', 'IN_PROGRESS', 'COMPLETED') AS status_here,
           coalesce(coalesce(a.arrived_at, a.started_at, a.completed_at, a.departed_at) <= ${ts(sql, now)},
                    s.code IN ('ARRIVED', 'IN_PROGRESS', 'COMPLETED')) AS came,
           (s.code = 'COMPLETED' OR coalesce(least(a.completed_at, a.departed_at) <= ${ts(sql, now)}, false)) AS done
      FROM assignments a
      JOIN statuses s ON s.id = a.status_id
      ${f.direction || f.carrier ? sql`JOIN loads l ON l.id = a.load_id` : none}
     WHERE NOT a.cancelled AND s.code <> 'REQUESTED'
       AND a.eta_in >= ${ts(sql, new Date(from.getTime() - lookbackMs))} AND a.eta_in < ${ts(sql, to)}
       ${f.direction ? sql`AND l.direction = ${f.direction}` : none}
       ${f.carrier ? sql`AND strpos(lower(l.carrier), lower(${f.carrier})) > 0` : none}`;
}

/**
 * Aggregates over `r` (factRows, in_range only) as of `now`. due: arrived by
 * now, or now past eta_in + 15 min (its on-time outcome is known); on_time:
 * arrived by eta_in + 15 min. Averages in minutes over the rows having both times.
 */
export function figureColumns(sql: postgres.Sql, now: Date): Fragment {
  const n = ts(sql, now);
  const tolerance = sql`${TOLERANCE_MINUTES}::int * interval '1 minute'`;
  const avgMinutes = (from: string, to: string) => sql`round((avg(date_part('epoch', r.${sql(to)} - r.${sql(from)})) / 60)::numeric, 1)::float8`;
  return sql`
    count(*) FILTER (WHERE r.came OR ${n} > r.eta_in + ${tolerance})::int AS due,
    count(*) FILTER (WHERE r.came)::int AS arrived,
    count(*) FILTER (WHERE r.arr <= least(${n}, r.eta_in + ${tolerance}))::int AS on_time,
    count(*) FILTER (WHERE r.done)::int AS completed,
    count(*) FILTER (WHERE NOT r.done AND NOT r.came AND ${n} > r.eta_in + ${tolerance})::int AS late,
    count(*) FILTER (WHERE NOT r.done AND ${n} > r.eta_out)::int AS overdue,
    count(*) FILTER (WHERE ${n} > r.eta_out AND (r.arr > r.eta_out OR (r.arr IS NULL AND NOT r.status_here)))::int AS no_show,
    ${avgMinutes('arrived_at', 'started_at')} AS avg_wait_minutes,
    ${avgMinutes('started_at', 'completed_at')} AS avg_door_minutes,
    ${avgMinutes('arrived_at', 'departed_at')} AS avg_dwell_minutes`;
}

/**
 * Seconds a row occupied its ramp inside [winStart, winEnd): started → completed
 * (or departed; still at the door: up to winEnd). Not started: nothing, a
 * planned window that did not happen occupies no door.
 */
export function occupiedSeconds(sql: postgres.Sql, winStart: Date, winEnd: Date): Fragment {
  const end = ts(sql, winEnd);
  return sql`greatest(0, date_part('epoch', least(coalesce(r.completed_at, r.departed_at, ${end}), ${end}) - greatest(r.started_at, ${ts(sql, winStart)})))`;
}

/** The ramps a figure lists: active ones, of the direction's kind or BOTH, in the board's order. */
export function rampScope(sql: postgres.Sql, f: FactFilters): Fragment {
  return f.direction ? sql`rp.is_active AND (rp.kind = 'BOTH' OR rp.kind::text = ${f.direction})` : sql`rp.is_active`;
}

/** Percent with one decimal; null when there is nothing to divide by. */
export const pctOf = (part: number, whole: number): number | null => (whole > 0 ? Math.round((part / whole) * 1000) / 10 : null);
