// The outbox (0013_mail.sql): a message is a row written in the transaction that decided it, and sent once from there.
import type postgres from 'postgres';
import type { SqlClient } from '@/server/events/event-row';
import type { Mail } from '@/server/mail/mail-layout';

export type OutboxRow = Mail & {
  /** The same decision always makes the same key, so deciding it again (a retried scan, a replay) queues nothing. */
  dedupeKey: string;
  to: string;
  sourceSeq: number | null;
};

/** Queues messages; a key already queued is skipped. Returns how many were new. */
export async function insertOutbox(sql: SqlClient, rows: OutboxRow[]): Promise<number> {
  const inserted = await sql`
    INSERT INTO mail_outbox (dedupe_key, to_address, subject, text_body, html_body, source_seq)
    SELECT * FROM unnest(${rows.map((r) => r.dedupeKey)}::text[], ${rows.map((r) => r.to)}::text[], ${rows.map((r) => r.subject)}::text[],
      ${rows.map((r) => r.text)}::text[], ${rows.map((r) => r.html)}::text[], ${rows.map((r) => r.sourceSeq)}::bigint[])
    ON CONFLICT (dedupe_key) DO NOTHING
    RETURNING id`;
  return inserted.length;
}

/**
 * Sent and given-up rows are kept this long: long enough to outlive every key that can be decided again
 * (an overdue alert is looked for up to 12 hours after the planned end), short enough to keep the table small.
 */
const KEEP_DAYS = 14;

export async function pruneOutbox(sql: postgres.Sql): Promise<void> {
  await sql`
    DELETE FROM mail_outbox
    WHERE (sent_at IS NOT NULL AND sent_at < now() - make_interval(days => ${KEEP_DAYS}))
       OR (gave_up_at IS NOT NULL AND gave_up_at < now() - make_interval(days => ${KEEP_DAYS}))`;
}
