// Overdue alerts: no event says "a truck is now overdue" (time passing writes nothing), so the lease holder looks.
import type postgres from 'postgres';
import { flagsOf } from '@/lib/board-rules';
import type { MailSite } from '@/server/mail/mail-layout';
import { type OverdueTruck, overdueMail } from '@/server/mail/mail-messages';
import { insertOutbox } from '@/server/mail/mail-outbox';

/** A truck is alerted for this long after its planned end at most: an instance starting later does not mail old news. */
const LOOK_BACK_HOURS = 12;

type Row = Omit<OverdueTruck, 'status' | 'ramp' | 'load'> & {
  started_at: string | null;
  completed_at: string | null;
  departed_at: string | null;
  status_code: string;
  status_label: string;
  ramp_code: string;
  reference: string;
  direction: string;
};

/**
 * Queues one alert per overdue truck and planned end for every active staff user with overdue alerts on.
 * Overdue is the board's own rule (lib/board-rules.ts flagsOf); cancelled and declined slots never are, nor a
 * request nobody approved. The key `overdue:<assignment>:<eta_out>:<user>` makes each alert once per planned end:
 * a truck moved to a later end and overdue again is alerted again. Returns how many were queued.
 */
export async function scanOverdue(sql: postgres.Sql, site: MailSite, now = new Date()): Promise<number> {
  const users = await sql<{ id: number; email: string }[]>`
    SELECT id, email FROM users WHERE overdue_alerts AND is_active AND role <> 'CARRIER' ORDER BY id`;
  if (users.length === 0) return 0;
  const at = now.toISOString();
  const rows = await sql<Row[]>`
    SELECT a.id, a.ramp_id, a.eta_in::text, a.eta_out::text, a.arrived_at::text, a.started_at::text, a.completed_at::text, a.departed_at::text,
      s.code AS status_code, s.label AS status_label, r.code AS ramp_code, l.reference, l.direction::text, l.carrier
    FROM assignments a JOIN statuses s ON s.id = a.status_id JOIN ramps r ON r.id = a.ramp_id JOIN loads l ON l.id = a.load_id
    WHERE NOT a.cancelled AND s.code NOT IN ('COMPLETED', 'REQUESTED')
      AND a.eta_in > ${at}::timestamptz - interval '7 days' AND a.eta_in < ${at}::timestamptz
      AND a.eta_out < ${at}::timestamptz AND a.eta_out > ${at}::timestamptz - make_interval(hours => ${LOOK_BACK_HOURS})`;
  const overdue = rows
    .map((r): OverdueTruck & Row => ({
      ...r,
      status: { code: r.status_code, label: r.status_label },
      ramp: { code: r.ramp_code },
      load: { reference: r.reference, direction: r.direction },
    }))
    // flagsOf reads the status's code only.
    .filter((a) => flagsOf({ ...a, status: { id: 0, color: '', ...a.status } }, now.getTime()).overdue);
  if (overdue.length === 0) return 0;
  return insertOutbox(
    sql,
    overdue.flatMap((a) => {
      const mail = overdueMail(a, site);
      const end = new Date(a.eta_out).toISOString();
      return users.map((u) => ({ dedupeKey: `overdue:${a.id}:${end}:${u.id}`, to: u.email, sourceSeq: null, ...mail }));
    }),
  );
}
