import type postgres from 'postgres';
import type { Db } from '@/server/db/client';
import { toOutbound } from '@/server/events/outbound-event';
import { readEventsAfter } from '@/server/events/read-events';
import type { Logger } from '@/server/logger';
import { webhookPausedMail } from '@/server/mail/mail-messages';
import type { Sink } from '@/server/realtime/hub';
import { type Signer, sendMessage, signerOf } from '@/server/webhooks/send-message';
import type { WebhookConfig } from '@/server/webhooks/webhook-config';
import { wantsType, webhookMessage } from '@/server/webhooks/webhook-body';
import { KEPT_DELIVERIES } from '@/server/webhooks/webhooks';

/** What one delivery run needs of its endpoint, as leased. */
type Leased = {
  id: number;
  url: string;
  secretEnc: string;
  previousSecretEnc: string | null;
  previousSecretExpiresAt: string | null;
  eventTypes: string[];
  lastSeq: string;
  attempts: number;
  updatedAt: string;
};

type DeliveryLog = { seq: number; attempt: number; status: number | null; ms: number };

const BATCH = 100;
const PRUNE_EVERY = 100;
/** The longest a run goes without writing its cursor (and so checking its lease, a replay, an edit). */
const FLUSH_MS = 100;
/**
 * A caught-up run waits this long for the next event before it hands its lease back: on a busy board the
 * next event then costs one state check instead of a poll, a lease claim and a release (three commits).
 */
const LINGER_MS = 2_000;
const ENDPOINT_COLUMNS =
  'id, url, secret_enc AS "secretEnc", previous_secret_enc AS "previousSecretEnc", previous_secret_expires_at::text AS "previousSecretExpiresAt", ' +
  'event_types AS "eventTypes", last_seq::text AS "lastSeq", attempts, updated_at::text AS "updatedAt"';

/** Full jitter: a uniform wait in [0, min(max, base · 2^attempts)). */
export const backoffMs = (attempts: number, base: number, max: number): number => Math.floor(Math.random() * Math.min(max, base * 2 ** Math.min(attempts, 40)));

/**
 * Delivers every webhook endpoint this instance holds the lease of (SPEC §10).
 * Per endpoint, one run at a time POSTs the events after its cursor in seq
 * order; only a 2xx moves the cursor, in the statement that also checks the
 * lease and that the cursor is still where the run read it (a replay moves it
 * under the run). A failure releases the lease and sets the next attempt.
 * The fan-out wakes it on every committed event; a poll covers the rest
 * (other instances' leases expiring, retries that came due).
 */
export class WebhookWorker {
  /** Feeds the wake-ups from the fan-out (server/realtime/hub.ts). */
  readonly sink: Sink = { deliver: () => this.wake(), control: () => this.wake(), conflict: () => {} };
  private readonly sql: postgres.Sql;
  private readonly runs = new Map<number, Promise<void>>();
  private readonly retries = new Set<NodeJS.Timeout>();
  private timers: NodeJS.Timeout[] = [];
  private ticking = false;
  private again = false;
  private stopped = false;
  private failingReads = 0;
  /** Wake-ups so far, and the caught-up runs waiting for the next. */
  private wakes = 0;
  private readonly lingering = new Set<() => void>();
  private inserted = 0;

  constructor(
    db: Db,
    private readonly logger: Logger,
    private readonly owner: string,
    private readonly settings: WebhookConfig,
  ) {
    this.sql = db.$client;
  }

  start(): void {
    const poll = setInterval(() => this.wake(), this.settings.pollMs);
    const renew = setInterval(() => void this.renewLeases(), Math.max(500, Math.floor(this.settings.leaseMs / 3)));
    this.timers = [poll, renew];
    for (const t of this.timers) t.unref();
    this.wake();
  }

  /** Stops taking endpoints, lets runs finish their POST (briefly), and hands the leases back so another instance goes on at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const w of [...this.lingering]) w();
    for (const t of [...this.timers, ...this.retries]) clearTimeout(t);
    const waitMs = (ms: number) => new Promise((r) => setTimeout(r, ms).unref());
    await Promise.race([Promise.allSettled(this.runs.values()), waitMs(this.settings.timeoutMs + 500)]);
    // Runs release their leases as they end; this hands back any left (never waiting long on a database that is away).
    const release = this.sql`UPDATE webhook_endpoints SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = ${this.owner}`.catch(() => {});
    await Promise.race([release, waitMs(1000)]);
  }

  /** Looks for endpoints with work; concurrent calls coalesce into one more pass. */
  wake(): void {
    if (this.stopped) return;
    this.wakes++;
    for (const w of [...this.lingering]) w();
    if (this.ticking) {
      this.again = true;
      return;
    }
    this.ticking = true;
    void this.tick().finally(() => {
      this.ticking = false;
      if (this.again) {
        this.again = false;
        this.wake();
      }
    });
  }

  private async tick(): Promise<void> {
    try {
      const due = await this.sql<{ id: number }[]>`
        SELECT id FROM webhook_endpoints
        WHERE active AND paused_at IS NULL AND last_seq < (SELECT seq FROM event_counter WHERE id = 1)
          AND (next_attempt_at IS NULL OR next_attempt_at <= now())
          AND (lease_until IS NULL OR lease_until < now() OR lease_owner = ${this.owner})`;
      this.failingReads = 0;
      for (const { id } of due) if (!this.runs.has(id) && !this.stopped) await this.claim(id);
    } catch (error) {
      if (this.failingReads++ === 0) this.logger.warn({ err: error }, 'webhook delivery cannot read its endpoints; retrying');
    }
  }

  private async claim(id: number): Promise<void> {
    const [row] = await this.sql<Leased[]>`
      UPDATE webhook_endpoints SET lease_owner = ${this.owner}, lease_until = now() + make_interval(secs => ${this.settings.leaseMs / 1000})
      WHERE id = ${id} AND active AND paused_at IS NULL AND (next_attempt_at IS NULL OR next_attempt_at <= now())
        AND (lease_until IS NULL OR lease_until < now() OR lease_owner = ${this.owner})
      RETURNING ${this.sql.unsafe(ENDPOINT_COLUMNS)}`;
    if (!row) return;
    const run = this.deliver(row)
      .catch((error: unknown) => {
        if (!this.stopped) this.logger.warn({ err: error, webhook: id }, 'webhook delivery run failed; the poll retries it');
      })
      .finally(() => {
        this.runs.delete(id);
        // Events committed while the run was finishing found it busy: look again.
        this.wake();
      });
    this.runs.set(id, run);
  }

  private async renewLeases(): Promise<void> {
    if (this.runs.size === 0) return;
    const ids = [...this.runs.keys()];
    await this.sql`
      UPDATE webhook_endpoints SET lease_until = now() + make_interval(secs => ${this.settings.leaseMs / 1000})
      WHERE lease_owner = ${this.owner} AND id = ANY(${ids}::int[])`.catch(() => {});
  }

  /**
   * One run: from the cursor on, in order, until caught up, a failure, a lost lease, a moved cursor or a pause.
   * The cursor is written once per read batch (and at least every FLUSH_MS), not once per event: a commit per
   * delivery capped one endpoint at ~450/s (bench/webhooks.ts). What a crash leaves unwritten is sent again,
   * which at-least-once allows; a failure writes what went before it first.
   */
  private async deliver(start: Leased): Promise<void> {
    let row = start;
    let cursor = Number(row.lastSeq);
    let attempts = row.attempts;
    let signer: Signer;
    try {
      signer = signerOf(row, this.settings.key);
    } catch {
      const error = 'The secret cannot be read with this server’s WEBHOOK_SECRET_KEY; rotate it';
      return this.fail(row, cursor, attempts, { seq: cursor + 1, attempt: attempts + 1, status: null, ms: 0, error });
    }
    // Delivered (2xx) or skipped but not yet written: the cursor moves over them in one statement, with their log rows.
    let pendingSeq = cursor;
    let pendingLogs: DeliveryLog[] = [];
    let flushedAt = performance.now();
    /** Moves the cursor over what is pending; false: stop this run (lease lost, cursor moved, paused or deactivated). */
    const flush = async (): Promise<boolean> => {
      flushedAt = performance.now();
      if (pendingSeq === cursor) return true;
      const logs = pendingLogs;
      pendingLogs = [];
      const moved = await this.advance(row.id, cursor, pendingSeq, logs);
      if (!moved?.go) {
        await this.release(row.id);
        return false;
      }
      cursor = pendingSeq;
      if (moved.updatedAt !== row.updatedAt) {
        // Edited meanwhile (URL, types, secret): go on with the endpoint as it is now.
        row = (await this.reread(row.id)) ?? row;
        signer = signerOf(row, this.settings.key);
      }
      return true;
    };
    while (!this.stopped) {
      const wakes = this.wakes;
      const events = await readEventsAfter(this.sql, cursor, BATCH);
      if (events.length === 0) {
        if (!(await this.linger(wakes))) return this.release(row.id);
        // Woken while holding the lease: go on only if nobody paused, deactivated, replayed or took it meanwhile.
        const [state] = await this.sql<{ go: boolean; updatedAt: string }[]>`
          SELECT active AND paused_at IS NULL AND lease_owner = ${this.owner} AND last_seq = ${cursor} AS go, updated_at::text AS "updatedAt"
          FROM webhook_endpoints WHERE id = ${row.id}`;
        if (!state?.go) return this.release(row.id);
        if (state.updatedAt !== row.updatedAt) {
          row = (await this.reread(row.id)) ?? row;
          signer = signerOf(row, this.settings.key);
        }
        continue;
      }
      const types = row.eventTypes;
      for (const stored of events) {
        const message = webhookMessage(toOutbound(stored));
        if (message && wantsType(types, message.type)) {
          const result = await sendMessage(signer, message, this.settings);
          const log = { seq: message.seq, attempt: attempts + 1, status: result.statusCode, ms: result.durationMs };
          if (!result.ok) {
            if (!(await flush()) || this.stopped) return;
            return this.fail(row, cursor, attempts, { ...log, error: result.error ?? 'failed' });
          }
          pendingLogs.push(log);
          attempts = 0;
        }
        // A skipped type moves the cursor too.
        pendingSeq = stored.seq;
        if (this.stopped) break;
        if (performance.now() - flushedAt >= FLUSH_MS) {
          if (!(await flush())) return;
          // The subscription changed: read on from the cursor with the new one.
          if (row.eventTypes !== types) break;
        }
      }
      if (!(await flush())) return;
    }
  }

  /** Waits for a wake-up after `seen` (true) or LINGER_MS (false); one that came meanwhile counts. */
  private linger(seen: number): Promise<boolean> {
    if (this.stopped) return Promise.resolve(false);
    if (this.wakes !== seen) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (woken: boolean) => {
        clearTimeout(timer);
        this.lingering.delete(wakeUp);
        resolve(woken && !this.stopped);
      };
      const wakeUp = () => done(true);
      const timer = setTimeout(() => done(false), LINGER_MS);
      timer.unref();
      this.lingering.add(wakeUp);
    });
  }

  /**
   * Moves the cursor from `prev` to `seq` if this instance still holds the lease
   * and nobody moved it meanwhile, renewing the lease; logs the deliveries with it.
   */
  private async advance(id: number, prev: number, seq: number, logs: DeliveryLog[]) {
    const sql = this.sql;
    const lease = this.settings.leaseMs / 1000;
    const rows = logs.length
      ? await sql<{ go: boolean; updatedAt: string }[]>`
          WITH moved AS (
            UPDATE webhook_endpoints SET last_seq = ${seq}, attempts = 0, failing_since = NULL, next_attempt_at = NULL, last_error = NULL,
              lease_until = now() + make_interval(secs => ${lease})
            WHERE id = ${id} AND lease_owner = ${this.owner} AND lease_until > now() AND last_seq = ${prev}
            RETURNING id, active AND paused_at IS NULL AS go, updated_at::text AS "updatedAt"
          ), logged AS (
            INSERT INTO webhook_deliveries (endpoint_id, seq, attempt, status_code, duration_ms)
            SELECT moved.id, l.seq, l.attempt, l.status, l.ms FROM moved,
              unnest(${logs.map((l) => l.seq)}::bigint[], ${logs.map((l) => l.attempt)}::int[], ${logs.map((l) => l.status)}::int[],
                ${logs.map((l) => l.ms)}::int[]) WITH ORDINALITY AS l(seq, attempt, status, ms, n)
            ORDER BY l.n
          )
          SELECT go, "updatedAt" FROM moved`
      : await sql<{ go: boolean; updatedAt: string }[]>`
          UPDATE webhook_endpoints SET last_seq = ${seq}, lease_until = now() + make_interval(secs => ${lease})
          WHERE id = ${id} AND lease_owner = ${this.owner} AND lease_until > now() AND last_seq = ${prev}
          RETURNING active AND paused_at IS NULL AS go, updated_at::text AS "updatedAt"`;
    if (logs.length && rows.length) {
      const before = this.inserted;
      this.inserted += logs.length;
      if (Math.floor(before / PRUNE_EVERY) !== Math.floor(this.inserted / PRUNE_EVERY)) await this.prune(id);
    }
    return rows[0];
  }

  /**
   * Not a 2xx: the cursor stays; the next attempt waits (full jitter); failing for pauseAfterMs pauses the endpoint for an admin.
   * The pause queues an e-mail to every active admin in the same statement (server/mail/*; sent only where SMTP_URL is set).
   */
  private async fail(endpoint: Pick<Leased, 'id' | 'url'>, cursor: number, attempts: number, log: DeliveryLog & { error: string }): Promise<void> {
    const id = endpoint.id;
    const delay = backoffMs(attempts, this.settings.retryBaseMs, this.settings.retryMaxMs);
    const pauseAfter = this.settings.pauseAfterMs / 1000;
    const error = log.error.slice(0, 500);
    const mail = webhookPausedMail({ url: endpoint.url, error, failingForMs: this.settings.pauseAfterMs });
    const [row] = await this.sql<{ paused: boolean }[]>`
      WITH failed AS (
        UPDATE webhook_endpoints SET attempts = attempts + 1, failing_since = coalesce(failing_since, now()), last_error = ${error},
          next_attempt_at = now() + make_interval(secs => ${delay / 1000}), lease_owner = NULL, lease_until = NULL,
          paused_at = CASE WHEN coalesce(failing_since, now()) <= now() - make_interval(secs => ${pauseAfter}) THEN now() ELSE paused_at END,
          pause_reason = CASE WHEN coalesce(failing_since, now()) <= now() - make_interval(secs => ${pauseAfter})
            THEN 'Paused after failing since ' || to_char(failing_since AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI "UTC"') || ': ' || ${error}
            ELSE pause_reason END
        WHERE id = ${id} AND lease_owner = ${this.owner} AND last_seq = ${cursor}
        RETURNING id, paused_at IS NOT NULL AS paused, paused_at = now() AS "pausedNow", paused_at
      ), logged AS (
        INSERT INTO webhook_deliveries (endpoint_id, seq, attempt, status_code, duration_ms, error)
        SELECT id, ${log.seq}, ${log.attempt}, ${log.status}, ${log.ms}, ${error} FROM failed
      ), mailed AS (
        INSERT INTO mail_outbox (dedupe_key, to_address, subject, text_body, html_body)
        SELECT 'webhook-paused:' || f.id || ':' || (extract(epoch FROM f.paused_at) * 1000)::bigint || ':' || u.id, u.email,
          ${mail.subject}, ${mail.text}, ${mail.html}
        FROM failed f JOIN users u ON u.role = 'ADMIN' AND u.is_active WHERE f."pausedNow"
        ON CONFLICT (dedupe_key) DO NOTHING
      )
      SELECT paused FROM failed`;
    if (row?.paused) this.logger.warn({ webhook: id, seq: log.seq }, 'webhook endpoint paused after failing too long; an admin can resume it');
    if (!row || row.paused) return;
    const retry = setTimeout(() => {
      this.retries.delete(retry);
      this.wake();
    }, delay + 5);
    retry.unref();
    this.retries.add(retry);
  }

  private async release(id: number): Promise<void> {
    await this.sql`UPDATE webhook_endpoints SET lease_owner = NULL, lease_until = NULL WHERE id = ${id} AND lease_owner = ${this.owner}`;
  }

  private async reread(id: number): Promise<Leased | undefined> {
    const [row] = await this.sql<Leased[]>`SELECT ${this.sql.unsafe(ENDPOINT_COLUMNS)} FROM webhook_endpoints WHERE id = ${id}`;
    return row;
  }

  /** Keeps the last KEPT_DELIVERIES attempts of an endpoint. */
  private async prune(id: number): Promise<void> {
    await this.sql`
      DELETE FROM webhook_deliveries WHERE endpoint_id = ${id} AND id <= (
        SELECT id FROM webhook_deliveries WHERE endpoint_id = ${id} ORDER BY id DESC OFFSET ${KEPT_DELIVERIES} LIMIT 1)`;
  }
}
