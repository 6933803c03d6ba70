import { z } from 'zod';

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** The environment variables of e-mail (SPEC §9), merged into server/config.ts's schema. */
export const mailEnvShape = {
  /** smtp://user:pass@host:587 or smtps://…; without it nothing is sent and nothing fails. */
  SMTP_URL: z
    .string()
    .optional()
    .refine((v) => v === undefined || v === '' || /^smtps?:\/\//.test(v), 'SMTP_URL must start with smtp:// or smtps://'),
  /** The From address of every message. */
  MAIL_FROM: z.string().default('DCDock <dcdock@localhost>'),
  /** The first retry's upper bound after the SMTP server failed; each later one doubles, up to MAIL_RETRY_MAX_MS (full jitter). */
  MAIL_RETRY_BASE_MS: positiveInt(2_000),
  MAIL_RETRY_MAX_MS: positiveInt(300_000),
  /** How often the overdue trucks are looked for. */
  MAIL_OVERDUE_SCAN_MS: positiveInt(30_000),
  /** How long the mail lease lasts without renewal: another instance takes over a crashed one's after this. */
  MAIL_LEASE_MS: positiveInt(10_000),
  /** The fallback poll; new events wake e-mail at once through the fan-out. */
  MAIL_POLL_MS: positiveInt(2_000),
};

export type MailConfig = {
  smtpUrl: string | null;
  from: string;
  retryBaseMs: number;
  retryMaxMs: number;
  overdueScanMs: number;
  leaseMs: number;
  pollMs: number;
};

type MailEnv = z.output<z.ZodObject<typeof mailEnvShape>>;

export const toMailConfig = (e: MailEnv): MailConfig => ({
  smtpUrl: e.SMTP_URL || null,
  from: e.MAIL_FROM,
  retryBaseMs: e.MAIL_RETRY_BASE_MS,
  retryMaxMs: e.MAIL_RETRY_MAX_MS,
  overdueScanMs: e.MAIL_OVERDUE_SCAN_MS,
  leaseMs: e.MAIL_LEASE_MS,
  pollMs: e.MAIL_POLL_MS,
});
