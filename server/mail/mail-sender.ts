// Sends the outbox over SMTP: each row once, marked sent in the statement right after the server accepted it.
import nodemailer from 'nodemailer';
import SMTPPool from 'nodemailer/lib/smtp-pool';
import type postgres from 'postgres';
import type { Logger } from '@/server/logger';
import type { MailConfig } from '@/server/mail/mail-config';
import { backoffMs } from '@/server/webhooks/delivery-worker';

/** The smallest interface of a transport (nodemailer's SMTP one; tests may pass another). */
export type MailTransport = {
  sendMail(message: nodemailer.SendMailOptions): Promise<unknown>;
  close(): void;
};

/**
 * A claimed row is not taken again for this long: longer than any send can last with the timeouts below, so two
 * senders never hold one row at once. A sender that died mid-send leaves its row to be retried after it.
 */
const IN_FLIGHT_MS = 120_000;

/** Bounds on one send, well inside IN_FLIGHT_MS (nodemailer's own defaults allow 10 minutes of silence). */
export const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

/**
 * One pooled connection, kept open between messages (a burst pays the greeting once) and opened again when the server
 * closed it. The transport itself, not createTransport({ url, … }): given a url, createTransport drops every other option.
 */
export function createSmtpTransport(smtpUrl: string): nodemailer.Transporter {
  return nodemailer.createTransport(new SMTPPool({ pool: true, url: smtpUrl, maxConnections: 1, ...SMTP_TIMEOUTS }));
}

type Claimed = { id: number; to: string; subject: string; text: string; html: string; attempts: number };

/** The domain of the From address, for Message-IDs ("DCDock <dock@example.com>" → example.com). */
export const fromDomain = (from: string) => /@([^\s<>@]+?)>?\s*$/.exec(from)?.[1] ?? 'localhost';

/**
 * SMTP said no for good (5xx), or the message cannot be sent at all (an address nodemailer cannot use): given up.
 * Anything else (the server down, 4xx, timeouts, bad credentials: fixed by an admin, not by the message) is retried.
 */
function isPermanent(error: unknown): boolean {
  const e = error as { responseCode?: number; code?: string };
  if (e.code === 'EAUTH') return false;
  if (typeof e.responseCode === 'number') return e.responseCode >= 500 && e.responseCode < 600;
  return e.code === 'EENVELOPE';
}

export class MailSender {
  private readonly domain: string;

  constructor(
    private readonly sql: postgres.Sql,
    private readonly config: MailConfig,
    private readonly logger: Logger,
    private readonly transport: MailTransport,
    /** Unique to this database's outbox (its enabled_at), so Message-IDs of two installations never collide. */
    private readonly idToken: string,
  ) {
    this.domain = fromDomain(config.from);
  }

  /** Message-ID of a row: the same on every attempt, so a receiver that got it twice (the one window below) can tell. */
  messageId = (id: number) => `<dcdock.${this.idToken}.${id}@${this.domain}>`;

  /**
   * Sends due rows one at a time, oldest first, until none is due or `keepGoing` says stop. A failure that may pass
   * sets the row's next attempt (full jitter backoff) and ends the pass: the SMTP server is likely down for the rest
   * too. Returns how long until that retry, or null when nothing failed.
   */
  async sendDue(keepGoing: () => boolean): Promise<number | null> {
    while (keepGoing()) {
      const row = await this.claim();
      if (!row) return null;
      try {
        await this.transport.sendMail({
          from: this.config.from,
          to: row.to,
          subject: row.subject,
          text: row.text,
          html: row.html,
          messageId: this.messageId(row.id),
          headers: { 'Auto-Submitted': 'auto-generated' },
        });
      } catch (error) {
        const delay = await this.failed(row, error);
        if (delay !== null) return delay;
        continue;
      }
      // The only window for a duplicate: the SMTP server accepted the message and this statement has not committed.
      // A crash right here sends the row again after IN_FLIGHT_MS, with the same Message-ID.
      await this.sql`UPDATE mail_outbox SET sent_at = now(), last_error = NULL WHERE id = ${row.id}`;
    }
    return null;
  }

  close(): void {
    this.transport.close();
  }

  /** Takes the oldest due row: counts the attempt and keeps others off it while it is being sent. */
  private async claim(): Promise<Claimed | undefined> {
    const [row] = await this.sql<Claimed[]>`
      UPDATE mail_outbox SET attempts = attempts + 1, next_attempt_at = now() + make_interval(secs => ${IN_FLIGHT_MS / 1000})
      WHERE id = (
        SELECT id FROM mail_outbox WHERE sent_at IS NULL AND gave_up_at IS NULL AND next_attempt_at <= now()
        ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
      RETURNING id::int, to_address AS "to", subject, text_body AS text, html_body AS html, attempts`;
    return row;
  }

  /** Records the failure; returns the retry delay, or null when the message was given up (the pass goes on). */
  private async failed(row: Claimed, error: unknown): Promise<number | null> {
    const message = (error instanceof Error ? error.message : String(error)).slice(0, 500);
    if (isPermanent(error)) {
      await this.sql`UPDATE mail_outbox SET gave_up_at = now(), last_error = ${message} WHERE id = ${row.id}`;
      this.logger.warn({ mail: row.id, to: row.to, error: message }, 'the SMTP server refused a message; it is not retried');
      return null;
    }
    const delay = backoffMs(row.attempts, this.config.retryBaseMs, this.config.retryMaxMs);
    await this.sql`
      UPDATE mail_outbox SET last_error = ${message}, next_attempt_at = now() + make_interval(secs => ${delay / 1000}) WHERE id = ${row.id}`;
    if (row.attempts === 1) this.logger.warn({ mail: row.id, error: message }, 'sending e-mail failed; retrying');
    return delay;
  }
}
