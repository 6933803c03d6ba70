import type postgres from 'postgres';
import type { Db } from '@/server/db/client';
import type { Logger } from '@/server/logger';
import type { Sink } from '@/server/realtime/hub';
import type { MailConfig } from '@/server/mail/mail-config';
import { consumeEvents, LeaseLost } from '@/server/mail/mail-consumer';
import type { MailSite } from '@/server/mail/mail-layout';
import { pruneOutbox } from '@/server/mail/mail-outbox';
import { MailSender, type MailTransport } from '@/server/mail/mail-sender';
import { scanOverdue } from '@/server/mail/overdue-scan';

const PRUNE_EVERY_MS = 3_600_000;
/** How long a stop waits for a send in flight to be accepted and marked before it hands the lease back anyway. */
const STOP_WAIT_MS = 5_000;

/**
 * E-mail (SPEC §9) as a consumer of the event log, run by the one instance holding the mail lease (mail_consumer):
 * it turns events after the cursor into outbox rows in the transaction that moves the cursor (mail-consumer.ts),
 * looks for overdue trucks now and then (overdue-scan.ts), and sends the outbox (mail-sender.ts). The fan-out wakes
 * it on every committed event; a poll covers the rest (another instance's lease expiring, retries coming due).
 * A restart loses nothing (the cursor and the outbox are in the database) and repeats nothing (a row is marked sent
 * right after the SMTP server accepted it; see MailSender.sendDue for the one statement where a crash repeats one).
 */
export class MailService {
  /** Feeds the wake-ups from the fan-out (server/realtime/hub.ts). */
  readonly sink: Sink = { deliver: () => this.wake(), control: () => this.wake(), conflict: () => {} };
  private readonly sql: postgres.Sql;
  private sender: MailSender | null = null;
  /** The cursor while this instance holds the lease; null when it does not. */
  private cursor: number | null = null;
  private timers: NodeJS.Timeout[] = [];
  private retry: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private sendWanted = true;
  private scanWanted = true;
  private prunedAt = 0;
  private failing = 0;

  constructor(
    db: Db,
    private readonly logger: Logger,
    private readonly owner: string,
    private readonly config: MailConfig,
    private readonly site: MailSite,
    private readonly transport: MailTransport,
  ) {
    this.sql = db.$client;
  }

  start(): void {
    const poll = setInterval(() => {
      this.sendWanted = true;
      this.wake();
    }, this.config.pollMs);
    const renew = setInterval(() => void this.renewLease(), Math.max(200, Math.floor(this.config.leaseMs / 3)));
    const scan = setInterval(() => {
      this.scanWanted = true;
      this.wake();
    }, this.config.overdueScanMs);
    this.timers = [poll, renew, scan];
    for (const t of this.timers) t.unref();
    this.wake();
  }

  /** Stops taking work, lets a send in flight finish (briefly) and hands the lease back, so another instance goes on at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    clearTimeout(this.retry);
    const waitMs = (ms: number) => new Promise((r) => setTimeout(r, ms).unref());
    if (this.ticking !== null) await Promise.race([this.ticking, waitMs(STOP_WAIT_MS)]);
    const release = this.sql`UPDATE mail_consumer SET lease_owner = NULL, lease_until = NULL WHERE id = 1 AND lease_owner = ${this.owner}`.catch(() => {});
    await Promise.race([release, waitMs(1000)]);
    this.cursor = null;
    this.transport.close();
  }

  /** Looks for work; concurrent calls coalesce into one more pass. */
  wake(): void {
    if (this.stopped) return;
    if (this.ticking !== null) {
      this.again = true;
      return;
    }
    this.ticking = this.tick().finally(() => {
      this.ticking = null;
      if (this.again) {
        this.again = false;
        this.wake();
      }
    });
  }

  private async tick(): Promise<void> {
    try {
      if (this.cursor === null && !(await this.claimLease())) return;
      await this.consume();
      if (this.scanWanted && this.cursor !== null) {
        this.scanWanted = false;
        if ((await scanOverdue(this.sql, this.site)) > 0) this.sendWanted = true;
        if (Date.now() - this.prunedAt > PRUNE_EVERY_MS) {
          this.prunedAt = Date.now();
          await pruneOutbox(this.sql);
        }
      }
      // Only the lease holder sends (row claims would keep two senders off one row anyway).
      if (this.sendWanted && this.sender && this.cursor !== null && !this.stopped) {
        this.sendWanted = false;
        const retryIn = await this.sender.sendDue(() => !this.stopped && this.cursor !== null);
        if (retryIn !== null) this.retryIn(retryIn);
      }
      this.failing = 0;
    } catch (error) {
      if (this.failing++ === 0 && !this.stopped) this.logger.warn({ err: error }, 'e-mail cannot reach the database; retrying');
    }
  }

  /** Reads the log from the cursor to its head, queueing what it says to send. */
  private async consume(): Promise<void> {
    while (this.cursor !== null && !this.stopped) {
      try {
        const step = await consumeEvents(this.sql, { owner: this.owner, leaseMs: this.config.leaseMs }, this.cursor, this.site);
        this.cursor = step.cursor;
        if (step.queued > 0) this.sendWanted = true;
        if (step.caughtUp) return;
      } catch (error) {
        if (!(error instanceof LeaseLost)) throw error;
        this.cursor = null;
      }
    }
  }

  private retryIn(ms: number): void {
    clearTimeout(this.retry);
    this.retry = setTimeout(() => {
      this.sendWanted = true;
      this.wake();
    }, ms + 5);
    this.retry.unref();
  }

  /**
   * Takes the lease when free or expired. The first instance ever to do so creates the cursor at the head of the
   * log (no mail for what happened before) and gives up what was queued before e-mail existed (webhook pauses).
   */
  private async claimLease(): Promise<boolean> {
    const lease = this.config.leaseMs / 1000;
    type Claimed = { lastSeq: string; enabledMs: string };
    const returning = this.sql.unsafe('last_seq::text AS "lastSeq", (extract(epoch FROM enabled_at) * 1000)::bigint::text AS "enabledMs"');
    // A plain UPDATE first: a standby instance polling here neither locks nor waits on the holder's row.
    let [claimed] = await this.sql<Claimed[]>`
      UPDATE mail_consumer SET lease_owner = ${this.owner}, lease_until = now() + make_interval(secs => ${lease})
      WHERE id = 1 AND (lease_until IS NULL OR lease_until < now() OR lease_owner = ${this.owner})
      RETURNING ${returning}`;
    let created = false;
    if (!claimed) {
      claimed = await this.sql.begin(async (tx) => {
        const [row] = await tx<Claimed[]>`
          INSERT INTO mail_consumer (id, last_seq, lease_owner, lease_until)
          VALUES (1, (SELECT seq FROM event_counter WHERE id = 1), ${this.owner}, now() + make_interval(secs => ${lease}))
          ON CONFLICT (id) DO NOTHING
          RETURNING ${returning}`;
        if (row) {
          await tx`
            UPDATE mail_outbox SET gave_up_at = now(), last_error = 'Queued before e-mail was enabled'
            WHERE sent_at IS NULL AND gave_up_at IS NULL`;
        }
        return row;
      });
      created = claimed !== undefined;
    }
    if (!claimed || this.stopped) return false;
    this.cursor = Number(claimed.lastSeq);
    this.sender ??= new MailSender(this.sql, this.config, this.logger, this.transport, Number(claimed.enabledMs).toString(36));
    this.sendWanted = true;
    this.scanWanted = true;
    this.logger.info({ seq: this.cursor, created }, 'e-mail: this instance sends');
    return true;
  }

  private async renewLease(): Promise<void> {
    if (this.cursor === null || this.stopped) return;
    const rows = await this.sql`
      UPDATE mail_consumer SET lease_until = now() + make_interval(secs => ${this.config.leaseMs / 1000})
      WHERE id = 1 AND lease_owner = ${this.owner} RETURNING 1`.catch(() => null);
    // Taken over (this instance stalled past its lease): the next tick claims it again or leaves it to the holder.
    if (rows && rows.length === 0) this.cursor = null;
  }
}
