// The endpoints an admin manages (/api/webhooks). Delivery itself is server/webhooks/delivery-worker.ts.
import { desc, eq, sql } from 'drizzle-orm';
import { webhookDeliveries, webhookEndpoints } from '@/drizzle/schema';
import type { Webhook, WebhookCreate, WebhookDelivery, WebhookReplay, WebhookUpdate, WebhookWithSecret } from '@/lib/schemas/webhooks';
import type { Db } from '@/server/db/client';
import { HttpError, invalidField, notFound } from '@/server/errors';
import { generateSecret, sealSecret } from '@/server/webhooks/secret-box';
import { sendMessage, signerOf } from '@/server/webhooks/send-message';
import { refuseUrl } from '@/server/webhooks/target-guard';
import type { WebhookConfig } from '@/server/webhooks/webhook-config';

type Row = typeof webhookEndpoints.$inferSelect;

/** After a rotation, the old secret keeps signing (X-DCDock-Signature-Previous) this long. */
export const ROTATION_GRACE_MS = 24 * 3_600_000;
/** Delivery attempts kept per endpoint. */
export const KEPT_DELIVERIES = 200;

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

/** An endpoint as the API shows it: never a secret. */
export const toWebhook = (r: Row): Webhook => ({
  id: r.id,
  url: r.url,
  event_types: r.eventTypes,
  active: r.active,
  paused_at: iso(r.pausedAt),
  pause_reason: r.pauseReason,
  last_seq: Number(r.lastSeq),
  failing_since: iso(r.failingSince),
  next_attempt_at: iso(r.nextAttemptAt),
  attempts: r.attempts,
  last_error: r.lastError,
  previous_secret_expires_at: r.previousSecretExpiresAt && r.previousSecretExpiresAt > new Date() ? iso(r.previousSecretExpiresAt) : null,
  created_at: iso(r.createdAt)!,
  updated_at: iso(r.updatedAt)!,
});

function checkUrl(url: string, settings: WebhookConfig): void {
  const refusal = refuseUrl(url, settings.allowPrivate);
  if (refusal) throw invalidField('url', refusal);
}

async function rowOf(db: Db, id: number): Promise<Row> {
  const [row] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id));
  if (!row) throw notFound('Webhook');
  return row;
}

export async function listWebhooks(db: Db): Promise<Webhook[]> {
  return (await db.select().from(webhookEndpoints).orderBy(webhookEndpoints.id)).map(toWebhook);
}

export const getWebhook = async (db: Db, id: number): Promise<Webhook> => toWebhook(await rowOf(db, id));

/** A new endpoint starts at the head of the log: it gets what is committed from now on (replay reaches back). */
export async function createWebhook(db: Db, settings: WebhookConfig, data: WebhookCreate): Promise<WebhookWithSecret> {
  checkUrl(data.url, settings);
  const secret = data.secret ?? generateSecret();
  const [row] = await db
    .insert(webhookEndpoints)
    .values({
      url: data.url,
      secretEnc: sealSecret(settings.key, secret),
      eventTypes: data.event_types,
      active: data.active,
      lastSeq: sql`(SELECT seq FROM event_counter WHERE id = 1)`,
    })
    .returning();
  return { ...toWebhook(row!), secret };
}

export async function updateWebhook(db: Db, settings: WebhookConfig, id: number, data: WebhookUpdate): Promise<Webhook> {
  if (data.url !== undefined) checkUrl(data.url, settings);
  const [row] = await db
    .update(webhookEndpoints)
    .set({ url: data.url, eventTypes: data.event_types, active: data.active, updatedAt: sql`now()` })
    .where(eq(webhookEndpoints.id, id))
    .returning();
  if (!row) throw notFound('Webhook');
  return toWebhook(row);
}

export async function deleteWebhook(db: Db, id: number): Promise<void> {
  const rows = await db.delete(webhookEndpoints).where(eq(webhookEndpoints.id, id)).returning({ id: webhookEndpoints.id });
  if (rows.length === 0) throw notFound('Webhook');
}

/** A new secret, shown once; the current one becomes the previous and keeps signing for ROTATION_GRACE_MS. */
export async function rotateWebhookSecret(db: Db, settings: WebhookConfig, id: number): Promise<WebhookWithSecret> {
  const secret = generateSecret();
  const [row] = await db
    .update(webhookEndpoints)
    .set({
      previousSecretEnc: sql`${webhookEndpoints.secretEnc}`,
      previousSecretExpiresAt: sql`now() + make_interval(secs => ${ROTATION_GRACE_MS / 1000})`,
      secretEnc: sealSecret(settings.key, secret),
      updatedAt: sql`now()`,
    })
    .where(eq(webhookEndpoints.id, id))
    .returning();
  if (!row) throw notFound('Webhook');
  return { ...toWebhook(row), secret };
}

/** Delivery starts again after `from_seq - 1`: the endpoint receives from_seq and everything after it again. */
export async function replayWebhook(db: Db, id: number, data: WebhookReplay): Promise<Webhook> {
  const [row] = await db
    .update(webhookEndpoints)
    .set({
      lastSeq: sql`LEAST(${data.from_seq - 1}, (SELECT seq FROM event_counter WHERE id = 1))`,
      attempts: 0,
      nextAttemptAt: null,
      failingSince: null,
      updatedAt: sql`now()`,
    })
    .where(eq(webhookEndpoints.id, id))
    .returning();
  if (!row) throw notFound('Webhook');
  return toWebhook(row);
}

export async function pauseWebhook(db: Db, id: number): Promise<Webhook> {
  const [row] = await db
    .update(webhookEndpoints)
    .set({ pausedAt: sql`coalesce(${webhookEndpoints.pausedAt}, now())`, pauseReason: 'Paused by an admin', updatedAt: sql`now()` })
    .where(eq(webhookEndpoints.id, id))
    .returning();
  if (!row) throw notFound('Webhook');
  return toWebhook(row);
}

/** Delivery resumes from the cursor at once, with the failure count reset. */
export async function resumeWebhook(db: Db, id: number): Promise<Webhook> {
  const [row] = await db
    .update(webhookEndpoints)
    .set({ pausedAt: null, pauseReason: null, attempts: 0, nextAttemptAt: null, failingSince: null, updatedAt: sql`now()` })
    .where(eq(webhookEndpoints.id, id))
    .returning();
  if (!row) throw notFound('Webhook');
  return toWebhook(row);
}

export async function listDeliveries(db: Db, id: number, limit: number): Promise<WebhookDelivery[]> {
  await rowOf(db, id);
  const rows = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, id)).orderBy(desc(webhookDeliveries.id)).limit(limit);
  return rows.map((r) => ({ seq: Number(r.seq), attempt: r.attempt, status_code: r.statusCode, duration_ms: r.durationMs, error: r.error, at: iso(r.at)! }));
}

/** A signed `webhook_test` message outside the cursor (X-DCDock-Seq: 0), logged as seq 0. */
export async function sendTestEvent(db: Db, settings: WebhookConfig, id: number) {
  const row = await rowOf(db, id);
  const body = JSON.stringify({
    type: 'webhook_test',
    seq: 0,
    timestamp: new Date().toISOString(),
    data: { webhook_id: id, message: 'A test event from DCDock' },
  });
  let signer: ReturnType<typeof signerOf>;
  try {
    signer = signerOf(row, settings.key);
  } catch {
    throw new HttpError(409, 'The secret cannot be read with this server key (WEBHOOK_SECRET_KEY changed?); rotate it');
  }
  const result = await sendMessage(signer, { seq: 0, type: 'webhook_test', body }, settings);
  await db
    .insert(webhookDeliveries)
    .values({ endpointId: id, seq: 0, attempt: 1, statusCode: result.statusCode, durationMs: result.durationMs, error: result.error });
  return { ok: result.ok, status_code: result.statusCode, duration_ms: result.durationMs, error: result.error };
}
