import type postgres from 'postgres';
import type { Availability, AvailabilityQuery } from '@/lib/schemas/booking';
import { toIso } from '@/lib/time';
import type { Db } from '@/server/db/client';
import { bookingDay, type BookingSite } from '@/server/booking/booking-rules';
import { HttpError } from '@/server/errors';

type LoadTypeRow = { id: number; name: string; duration_minutes: number };
type WindowRow = { id: number; code: string; description: string; w_from: Date | null; w_to: Date | null };

/** The load type a booking is for, or a 422 on the field that named it. */
export async function bookingLoadType(sql: postgres.Sql, id: number, where: 'query' | 'body' = 'query'): Promise<LoadTypeRow> {
  const [row] = await sql<LoadTypeRow[]>`SELECT id, name, duration_minutes FROM load_types WHERE id = ${id}`;
  if (!row) throw new HttpError(422, [{ loc: [where, 'load_type_id'], msg: 'Load type does not exist', type: 'constraint' }]);
  return row;
}

/**
 * Free windows per ramp for one local day (SPEC §9), in one statement: the
 * ramps that are active and fit the direction and the load type's ramp kinds;
 * their opening hours that day (a ramp without hours is open all day), from
 * max(day start, now + lead time), minus closures and live assignments
 * (REQUESTED holds its window like PLANNED); the maximal intervals at least
 * the type's duration long. The hours are read in the zone they were set in,
 * as the database's own refusal (ramp_window_refusal, 0011_rules.sql) reads them.
 */
export async function bookingAvailability(db: Db, site: BookingSite, q: AvailabilityQuery, now = new Date()): Promise<Availability> {
  const loadType = await bookingLoadType(db.$client, q.load_type_id);
  const day = bookingDay(q.date, now, site);
  const answer = {
    date: q.date,
    direction: q.direction,
    load_type: { id: loadType.id, name: loadType.name, duration_minutes: loadType.duration_minutes },
    earliest: toIso(day.earliest),
    closed_reason: day.closedReason,
  };
  if (day.closedReason) return { ...answer, ramps: [] };
  const rows = await db.$client<WindowRow[]>`
    WITH b AS (
      SELECT ${toIso(day.start)}::timestamptz AS d0, ${toIso(day.end)}::timestamptz AS d1,
             least(greatest(${toIso(day.start)}::timestamptz, ${toIso(day.earliest)}::timestamptz), ${toIso(day.end)}::timestamptz) AS s
    ),
    r AS (
      SELECT ramps.id, code, description, sort_order FROM ramps JOIN load_types t ON t.id = ${loadType.id}
      WHERE is_active AND kind::text IN (${q.direction}, 'BOTH') AND kind = ANY (t.ramp_kinds)
    ),
    f AS (
      SELECT r.*, (
        CASE WHEN EXISTS (SELECT 1 FROM ramp_hours h WHERE h.ramp_id = r.id) THEN COALESCE((
          SELECT range_agg(tstzrange((d.day + make_interval(mins => h.opens)) AT TIME ZONE h.time_zone,
                                     (d.day + make_interval(mins => h.closes)) AT TIME ZONE h.time_zone, '[)'))
          FROM ramp_hours h,
               LATERAL generate_series(((b.d0 AT TIME ZONE h.time_zone)::date - 1)::timestamp, ((b.d1 AT TIME ZONE h.time_zone)::date)::timestamp,
                                       interval '1 day') d(day)
          WHERE h.ramp_id = r.id AND h.weekday = extract(dow FROM d.day)), '{}'::tstzmultirange)
        ELSE tstzmultirange(tstzrange(b.d0, b.d1, '[)')) END
        * tstzmultirange(tstzrange(b.s, b.d1, '[)'))
        - COALESCE((SELECT range_agg(tstzrange(c.starts_at, c.ends_at, '[)')) FROM ramp_closures c
                    WHERE c.ramp_id = r.id AND c.ends_at > b.d0 AND c.starts_at < b.d1), '{}'::tstzmultirange)
        - COALESCE((SELECT range_agg(tstzrange(a.eta_in, a.eta_out, '[)')) FROM assignments a
                    WHERE a.ramp_id = r.id AND NOT a.cancelled AND a.eta_out > b.d0 AND a.eta_in < b.d1), '{}'::tstzmultirange)
      ) AS free
      FROM r, b
    )
    SELECT f.id, f.code, f.description, lower(w) AS w_from, upper(w) AS w_to
    FROM f LEFT JOIN LATERAL unnest(f.free) w ON upper(w) - lower(w) >= make_interval(mins => ${loadType.duration_minutes})
    ORDER BY f.sort_order, f.id, lower(w)`;
  const ramps: Availability['ramps'] = [];
  for (const row of rows) {
    let ramp = ramps.at(-1);
    if (ramp?.ramp_id !== row.id) {
      ramp = { ramp_id: row.id, code: row.code, description: row.description, windows: [] };
      ramps.push(ramp);
    }
    if (row.w_from && row.w_to) ramp.windows.push({ from: toIso(row.w_from)!, to: toIso(row.w_to)! });
  }
  return { ...answer, ramps };
}
