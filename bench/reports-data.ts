/**
 * A year of dock history for bench/reports.ts, written with set-based SQL
 * (generate_series), not through the API: ramps, loads with carriers, one
 * assignment per load with actual times, and a board_events log of the given size.
 */
import type postgres from 'postgres';

export type HistoryShape = { days: number; perDay: number; ramps: number; events: number };

const CARRIERS = ['Acme Freight', 'Nordic Haulage', 'Rhein Logistik', 'Iberia Trans', 'Baltic Cargo', 'Alpen Express', 'Delta Road', 'Orbit Carriers'];

/**
 * The last `days` site days up to `today` (UTC days here), `perDay`
 * assignments each, spread over `ramps` ramps in 130-minute slots of 100
 * minutes. Past slots: ~3 % cancelled, ~4 % no-shows, the rest arrived −20…+29
 * min around eta_in, waited 5–44 min, worked 30–89 min, left 5–24 min later.
 * Slots later than `now` today are only planned.
 */
export async function createHistory(sql: postgres.Sql, shape: HistoryShape, now: Date): Promise<{ firstDay: string; assignments: number; events: number }> {
  const { days, perDay, ramps } = shape;
  const slotsPerRamp = Math.ceil(perDay / ramps);
  if (slotsPerRamp * 130 > 24 * 60) throw new Error(`--per-day ${perDay} needs more than ${ramps} ramps (at most 11 slots of 130 min a ramp a day)`);
  const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const first = new Date(today.getTime() - (days - 1) * 86_400_000);
  const firstDay = first.toISOString().slice(0, 10);
  const total = days * perDay;

  await sql`INSERT INTO ramps (code, description, kind, sort_order)
            SELECT 'B' || lpad(g::text, 3, '0'), 'Bench ramp', 'BOTH', 1000 + g FROM generate_series(1, ${ramps}) g`;
  await sql`INSERT INTO loads (reference, direction, carrier)
            SELECT 'RB-' || g, (CASE WHEN g % 2 = 0 THEN 'IB' ELSE 'OB' END)::direction, (${CARRIERS}::text[])[1 + g % ${CARRIERS.length}]
              FROM generate_series(0, ${total - 1}) g`;
  // h: a cheap per-row hash that picks the outcome and the minutes.
  await sql`
    WITH st AS (SELECT code, id FROM statuses),
    rb AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM ramps WHERE code LIKE 'B%' AND description = 'Bench ramp'),
    base AS (
      SELECT l.id AS load_id, g.n, (g.n * 2654435761) % 1000 AS h,
             ${first.toISOString()}::timestamptz + (g.n / ${perDay}) * interval '1 day'
               + ((g.n % ${perDay}) / ${ramps}) * interval '130 minutes' + interval '30 minutes' AS eta_in,
             (g.n % ${perDay}) % ${ramps} AS ramp_n
        FROM generate_series(0, ${total - 1}) AS g(n)
        JOIN loads l ON l.reference = 'RB-' || g.n),
    facts AS (
      SELECT b.*, b.eta_in + interval '100 minutes' AS eta_out,
             CASE WHEN b.eta_in > ${now.toISOString()}::timestamptz THEN 'future'
                  WHEN b.h < 30 THEN 'cancelled' WHEN b.h < 70 THEN 'no_show' ELSE 'came' END AS fate,
             b.eta_in + ((b.h % 50) - 20) * interval '1 minute' AS arr
        FROM base b)
    INSERT INTO assignments (ramp_id, load_id, status_id, eta_in, eta_out, arrived_at, started_at, completed_at, departed_at)
    SELECT rb.id, f.load_id,
           (SELECT id FROM st WHERE code = CASE f.fate WHEN 'cancelled' THEN 'CANCELLED' WHEN 'no_show' THEN 'DELAYED'
                                                      WHEN 'future' THEN 'PLANNED' ELSE 'COMPLETED' END),
           f.eta_in, f.eta_out,
           CASE WHEN f.fate = 'came' THEN f.arr END,
           CASE WHEN f.fate = 'came' THEN f.arr + (5 + f.h % 40) * interval '1 minute' END,
           CASE WHEN f.fate = 'came' THEN f.arr + (5 + f.h % 40 + 30 + f.h % 60) * interval '1 minute' END,
           CASE WHEN f.fate = 'came' THEN f.arr + (5 + f.h % 40 + 30 + f.h % 60 + 5 + f.h % 20) * interval '1 minute' END
      FROM facts f JOIN rb ON rb.n = f.ramp_n`;

  // The event log: mostly assignment updates with a before and after, spread over the year, seq gap-free.
  const [last] = await sql<{ seq: string }[]>`SELECT seq::text FROM event_counter`;
  const from = Number(last!.seq);
  const seconds = days * 86_400;
  await sql`
    INSERT INTO board_events (seq, type, entity, entity_id, direction, actor_id, actor_email, payload, before, created_at)
    SELECT ${from} + g,
           CASE WHEN g % 10 = 0 THEN 'assignment_created' ELSE 'assignment_updated' END, 'assignment', 1 + g % ${total},
           CASE WHEN g % 2 = 0 THEN 'IB' ELSE 'OB' END, 3, 'operator1@dcdock.com',
           jsonb_build_object('id', 1 + g % ${total}, 'version', 2 + g % 5, 'status_id', 1 + g % 5, 'eta_in', '2026-01-01T08:00:00Z',
                              'eta_out', '2026-01-01T09:40:00Z', 'ramp_id', 1 + g % ${ramps}, 'arrived_at', null, 'updated_at', '2026-01-01T08:00:00Z'),
           CASE WHEN g % 10 = 0 THEN NULL ELSE jsonb_build_object('id', 1 + g % ${total}, 'version', 1 + g % 5, 'status_id', 1 + (g + 1) % 5,
                              'eta_in', '2026-01-01T08:00:00Z', 'eta_out', '2026-01-01T09:40:00Z', 'ramp_id', 1 + g % ${ramps}, 'arrived_at', null,
                              'updated_at', '2026-01-01T07:00:00Z') END,
           ${first.toISOString()}::timestamptz + (g::float8 / ${shape.events}) * ${seconds} * interval '1 second'
      FROM generate_series(1, ${shape.events}) g`;
  await sql`UPDATE event_counter SET seq = ${from + shape.events}`;
  await sql`VACUUM ANALYZE`;
  const [counts] = await sql<{ a: number; e: number }[]>`SELECT (SELECT count(*) FROM assignments)::int AS a, (SELECT count(*) FROM board_events)::int AS e`;
  return { firstDay, assignments: counts!.a, events: counts!.e };
}
