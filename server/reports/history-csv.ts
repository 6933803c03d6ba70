import type { HistoryCsvQuery } from '@/lib/schemas/reports';
import { dayBounds } from '@/lib/zoned-time';
import type { Db } from '@/server/db/client';
import { CSV_PAGE_ROWS } from '@/server/reports/assignments-csv';
import { resolveRange } from '@/server/reports/report-range';
import { CSV_BOM, csvLine, isoInZone } from '@/server/reports/csv';

export const HISTORY_CSV_HEADER = ['seq', 'time', 'user', 'type', 'entity', 'id', 'changed_fields'] as const;

type Row = { seq: string; created_ms: number; actor_email: string | null; type: string; entity: string; entity_id: number; changed: string | null };

/**
 * Every event committed in the site days from..to, in seq order: who, what
 * and which fields an update changed (space-separated; empty for a create or
 * a delete). Values stay out: the history screens show them, with their rules.
 */
export async function* historyCsv(db: Db, timeZone: string, range: HistoryCsvQuery, now = new Date()): AsyncGenerator<string> {
  const sql = db.$client;
  const q = { ...range, ...resolveRange(range, timeZone, now, 1) };
  const from = dayBounds(q.from, timeZone).start.toISOString();
  const to = dayBounds(q.to, timeZone).end.toISOString();
  // The header goes with the first page: a failure before any row is read is still answered as an error, not a cut file.
  let head = CSV_BOM + csvLine([...HISTORY_CSV_HEADER]);
  let after = 0;
  for (;;) {
    const rows: Row[] = await sql<Row[]>`
      SELECT e.seq::text AS seq, (extract(epoch FROM e.created_at) * 1000)::float8 AS created_ms, e.actor_email, e.type, e.entity, e.entity_id,
             CASE WHEN e.before IS NOT NULL AND e.type NOT LIKE '%deleted' THEN
               (SELECT string_agg(p.key, ' ' ORDER BY p.key) FROM jsonb_each(e.payload) p
                 WHERE p.value IS DISTINCT FROM e.before -> p.key AND p.key NOT IN ('version', 'updated_at', 'updated_by'))
             END AS changed
        FROM board_events e
       WHERE e.created_at >= ${from}::timestamptz AND e.created_at < ${to}::timestamptz AND e.seq > ${after}
       ORDER BY e.seq
       LIMIT ${CSV_PAGE_ROWS}`;
    let chunk = head;
    head = '';
    for (const r of rows) {
      chunk += csvLine([Number(r.seq), isoInZone(r.created_ms, timeZone), r.actor_email, r.type, r.entity, r.entity_id, r.changed ?? '']);
    }
    if (chunk) yield chunk;
    if (rows.length < CSV_PAGE_ROWS) return;
    after = Number(rows[rows.length - 1]!.seq);
  }
}
