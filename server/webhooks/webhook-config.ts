import { hkdfSync } from 'node:crypto';
import { z } from 'zod';

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** The environment variables of webhook delivery, merged into server/config.ts's schema. */
export const webhookEnvShape = {
  /** Encrypts endpoint secrets at rest; without it a key is derived from AUTH_SECRET (never stored in the database). */
  WEBHOOK_SECRET_KEY: z.string().min(32, 'WEBHOOK_SECRET_KEY must be at least 32 characters').optional(),
  /** Development and tests only: allow loopback, private and link-local targets. */
  WEBHOOK_ALLOW_PRIVATE: z.enum(['0', '1', 'true', 'false']).default('0'),
  /** The first retry's upper bound; each later one doubles, up to WEBHOOK_RETRY_MAX_MS (full jitter). */
  WEBHOOK_RETRY_BASE_MS: positiveInt(1000),
  WEBHOOK_RETRY_MAX_MS: positiveInt(3_600_000),
  /** An endpoint failing this long is paused and shown to admins. */
  WEBHOOK_PAUSE_AFTER_MS: positiveInt(24 * 3_600_000),
  WEBHOOK_TIMEOUT_MS: positiveInt(5000),
  /** How long a lease lasts without renewal: a crashed instance's endpoints are taken over after this. */
  WEBHOOK_LEASE_MS: positiveInt(10_000),
  /** The fallback poll; new events wake delivery at once through the fan-out. */
  WEBHOOK_POLL_MS: positiveInt(1000),
};

export type WebhookConfig = {
  /** 32 bytes for AES-256-GCM. */
  key: Buffer;
  allowPrivate: boolean;
  retryBaseMs: number;
  retryMaxMs: number;
  pauseAfterMs: number;
  timeoutMs: number;
  leaseMs: number;
  pollMs: number;
};

type WebhookEnv = z.output<z.ZodObject<typeof webhookEnvShape>>;

export function toWebhookConfig(e: WebhookEnv, authSecret: string): WebhookConfig {
  // HKDF either way: a separate key per purpose, so the auth secret itself never encrypts anything.
  const ikm = e.WEBHOOK_SECRET_KEY ?? authSecret;
  const key = Buffer.from(hkdfSync('sha256', ikm, 'dcdock', 'webhook-secrets-v1', 32));
  return {
    key,
    allowPrivate: e.WEBHOOK_ALLOW_PRIVATE === '1' || e.WEBHOOK_ALLOW_PRIVATE === 'true',
    retryBaseMs: e.WEBHOOK_RETRY_BASE_MS,
    retryMaxMs: e.WEBHOOK_RETRY_MAX_MS,
    pauseAfterMs: e.WEBHOOK_PAUSE_AFTER_MS,
    timeoutMs: e.WEBHOOK_TIMEOUT_MS,
    leaseMs: e.WEBHOOK_LEASE_MS,
    pollMs: e.WEBHOOK_POLL_MS,
  };
}
