import type postgres from 'postgres';
import type { ReportQuery } from '@/lib/schemas/reports';
import { dayBounds } from '@/lib/zoned-time';
import type { Db } from '@/server/db/client';
import { resolveRange } from '@/server/reports/report-range';
import { CSV_BOM, csvLine, isoInZone, minutesBetween } from '@/server/reports/csv';

/** Rows per statement: each page is its own short query, so a slow download holds no connection or snapshot. */
export const CSV_PAGE_ROWS = 2_000;

export const ASSIGNMENT_CSV_HEADER = [
  'reference',
  'carrier',
  'direction',
  'ramp',
  'status',
  'planned_in',
  'planned_out',
  'arrived_at',
  'started_at',
  'completed_at',
  'departed_at',
  'wait_minutes',
  'door_minutes',
  'dwell_minutes',
] as const;

/** Instants as epoch milliseconds (the pool's parsers hand timestamps over as text); `key` the exact eta_in for the next page. */
type Row = {
  id: number;
  key: string;
  eta_in: number;
  eta_out: number;
  reference: string;
  carrier: string | null;
  direction: string;
  ramp: string;
  status: string;
  arrived_at: number | null;
  started_at: number | null;
  completed_at: number | null;
  departed_at: number | null;
};

const ms = (sql: postgres.Sql, column: string) => sql`(extract(epoch FROM a.${sql(column)}) * 1000)::float8 AS ${sql(column)}`;

/**
 * Every assignment with eta_in in the site days from..to (cancelled ones too,
 * with their status), in eta_in order: plan, actuals and durations, as CSV
 * lines (the header first). Read page by page (keyset on eta_in, id).
 */
export async function* assignmentsCsv(db: Db, timeZone: string, range: ReportQuery, now = new Date()): AsyncGenerator<string> {
  const sql = db.$client;
  const q = { ...range, ...resolveRange(range, timeZone, now) };
  const from = dayBounds(q.from, timeZone).start.toISOString();
  const to = dayBounds(q.to, timeZone).end.toISOString();
  const none = sql``;
  // The header goes with the first page: a failure before any row is read is still answered as an error, not a cut file.
  let head = CSV_BOM + csvLine([...ASSIGNMENT_CSV_HEADER]);
  let after: { etaIn: string; id: number } | null = null;
  for (;;) {
    const rows: Row[] = await sql<Row[]>`
      SELECT a.id, a.eta_in::text AS key, ${ms(sql, 'eta_in')}, ${ms(sql, 'eta_out')}, l.reference, l.carrier, l.direction::text AS direction,
             rp.code AS ramp, s.code AS status, ${ms(sql, 'arrived_at')}, ${ms(sql, 'started_at')}, ${ms(sql, 'completed_at')}, ${ms(sql, 'departed_at')}
        FROM assignments a
        JOIN loads l ON l.id = a.load_id
        JOIN ramps rp ON rp.id = a.ramp_id
        JOIN statuses s ON s.id = a.status_id
       WHERE a.eta_in >= ${from}::timestamptz AND a.eta_in < ${to}::timestamptz
         ${q.carrier ? sql`AND strpos(lower(l.carrier), lower(${q.carrier})) > 0` : none}
         ${after ? sql`AND (a.eta_in, a.id) > (${after.etaIn}::timestamptz, ${after.id})` : none}
       ORDER BY a.eta_in, a.id
       LIMIT ${CSV_PAGE_ROWS}`;
    let chunk = head;
    head = '';
    for (const r of rows) {
      const at = (t: number | null) => isoInZone(t, timeZone);
      chunk += csvLine([
        r.reference,
        r.carrier,
        r.direction,
        r.ramp,
        r.status,
        at(r.eta_in),
        at(r.eta_out),
        at(r.arrived_at),
        at(r.started_at),
        at(r.completed_at),
        at(r.departed_at),
        minutesBetween(r.arrived_at, r.started_at),
        minutesBetween(r.started_at, r.completed_at),
        minutesBetween(r.arrived_at, r.departed_at),
      ]);
    }
    if (chunk) yield chunk;
    if (rows.length < CSV_PAGE_ROWS) return;
    const last = rows[rows.length - 1]!;
    after = { etaIn: last.key, id: last.id };
  }
}
