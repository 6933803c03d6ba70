import { randomBytes } from 'node:crypto';
import type { BlockList } from 'node:net';
import { hostname } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { parseTrustedProxies } from '@/server/auth/client-ip';
import { persistedSecret } from '@/server/secret-file';
import { type BookingConfig, bookingEnvShape, toBookingConfig } from '@/server/booking/booking-config';
import { type MailConfig, mailEnvShape, toMailConfig } from '@/server/mail/mail-config';
import { toWebhookConfig, type WebhookConfig, webhookEnvShape } from '@/server/webhooks/webhook-config';

const intFrom = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Default: 127.0.0.1 in the demo mode (embedded database), 0.0.0.0 with DATABASE_URL. */
  HOST: z.string().min(1).optional(),
  DATABASE_URL: z.string().url().optional(),
  DATABASE_POOL_SIZE: intFrom(10),
  DCDOCK_DATA_DIR: z.string().default('.data'),
  AUTH_SECRET: z.string().min(32, 'AUTH_SECRET must be at least 32 characters').optional(),
  ACCESS_TOKEN_EXPIRE_MINUTES: intFrom(480),
  BODY_LIMIT_BYTES: intFrom(1024 * 1024),
  REQUEST_DEADLINE_SECONDS: intFrom(8),
  REALTIME_RING_EVENTS: intFrom(4096),
  LOGIN_MAX_PER_IP_PER_MINUTE: intFrom(30),
  LOGIN_MAX_FAILURES_PER_ACCOUNT: intFrom(10),
  LOGIN_FAILURE_WINDOW_MINUTES: intFrom(15),
  /** Proxies whose X-Forwarded-For is believed: comma list of IPs and CIDR ranges. */
  TRUSTED_PROXIES: z
    .string()
    .default('')
    .refine((v) => {
      try {
        parseTrustedProxies(v);
        return true;
      } catch {
        return false;
      }
    }, 'TRUSTED_PROXIES must be a comma list of IP addresses and CIDR ranges, e.g. 10.0.0.0/8,127.0.0.1'),
  /** Absolute lifetime of a browser session from sign-in, however often it is refreshed. */
  SESSION_MAX_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 90)
    .default(12),
  /** CSP frame-ancestors of /tv pages, for signage players that frame them. */
  TV_FRAME_ANCESTORS: z
    .string()
    .default("'self'")
    .refine((v) => /^[\w\s:/.*'-]+$/.test(v), "TV_FRAME_ANCESTORS must be CSP sources such as 'self' https://signage.example.com"),
  ADMIN_EMAIL: z.string().email().optional(),
  ADMIN_PASSWORD: z.string().min(12, 'ADMIN_PASSWORD must be at least 12 characters').optional(),
  SEED_DEMO: z.enum(['auto', 'always', 'never']).default('auto'),
  PUBLIC_URL: z.string().url().optional(),
  ALLOWED_ORIGINS: z.string().default(''),
  WS_MAX_MESSAGE_BYTES: intFrom(64 * 1024),
  WS_MESSAGES_PER_SECOND: intFrom(20),
  WS_MESSAGE_BURST: intFrom(60),
  WS_MAX_PER_USER: intFrom(30),
  WS_MAX_PER_ADDRESS: intFrom(500),
  INSTANCE_ID: z.string().max(100).optional(),
  SITE_TIMEZONE: z
    .string()
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'SITE_TIMEZONE must be an IANA time zone such as Europe/Amsterdam')
    .optional(),
  SITE_LOCALE: z
    .string()
    .default('en-GB')
    .refine((locale) => {
      try {
        return Intl.DateTimeFormat.supportedLocalesOf([locale]).length === 1;
      } catch {
        return false;
      }
    }, 'SITE_LOCALE must be a language tag this server knows, such as en-GB, de-DE, pl-PL or en-US')
    .transform((locale) => Intl.getCanonicalLocales(locale)[0]!),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ...webhookEnvShape,
  ...bookingEnvShape,
  ...mailEnvShape,
});

export type Config = {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  /** Absent: start the embedded PostgreSQL under dataDir. */
  databaseUrl: string | undefined;
  poolSize: number;
  dataDir: string;
  authSecret: string;
  tokenTtlSeconds: number;
  bodyLimitBytes: number;
  /** An API request still unanswered after this gets 503 (a write: outcome unknown); nothing waits forever on the database. */
  requestDeadlineMs: number;
  /** Recent events each instance keeps to replay a reconnecting socket's `since` from memory. */
  realtimeRingEvents: number;
  loginMaxPerIpPerMinute: number;
  loginMaxFailuresPerAccount: number;
  loginFailureWindowSeconds: number;
  trustedProxies: BlockList;
  sessionMaxSeconds: number;
  tvFrameAncestors: string;
  initialAdmin: { email: string; password: string } | undefined;
  seedDemo: 'auto' | 'always' | 'never';
  publicUrl: string | undefined;
  /** Browser origins allowed on both socket kinds besides the page's own. */
  allowedOrigins: string[];
  wsMaxMessageBytes: number;
  wsMessagesPerSecond: number;
  wsMessageBurst: number;
  /** Open sockets (both kinds together) per user and per client address, on each instance. */
  wsMaxPerUser: number;
  wsMaxPerAddress: number;
  instanceId: string;
  /** IANA zone the screens show times in and cut days by. */
  timeZone: string;
  /** BCP 47 tag every date and time on the screens is written in (and 12- or 24-hour as it says). */
  locale: string;
  logLevel: string;
  webhooks: WebhookConfig;
  booking: BookingConfig;
  mail: MailConfig;
};

export class ConfigError extends Error {}

/** Reads and validates the environment once; the rest of the code takes a Config. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.DCDOCK_DATA_DIR);
  let authSecret = e.AUTH_SECRET;
  if (!authSecret) {
    if (e.DATABASE_URL && e.NODE_ENV === 'production') {
      throw new ConfigError('AUTH_SECRET is required when DATABASE_URL is set (generate one with `openssl rand -base64 48`).');
    }
    authSecret = developmentSecret(dataDir);
  }
  if ((e.ADMIN_EMAIL === undefined) !== (e.ADMIN_PASSWORD === undefined)) {
    throw new ConfigError('Set both ADMIN_EMAIL and ADMIN_PASSWORD, or neither.');
  }
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST ?? (e.DATABASE_URL ? '0.0.0.0' : '127.0.0.1'),
    databaseUrl: e.DATABASE_URL,
    poolSize: e.DATABASE_POOL_SIZE,
    dataDir,
    authSecret,
    tokenTtlSeconds: e.ACCESS_TOKEN_EXPIRE_MINUTES * 60,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    requestDeadlineMs: e.REQUEST_DEADLINE_SECONDS * 1000,
    realtimeRingEvents: e.REALTIME_RING_EVENTS,
    loginMaxPerIpPerMinute: e.LOGIN_MAX_PER_IP_PER_MINUTE,
    loginMaxFailuresPerAccount: e.LOGIN_MAX_FAILURES_PER_ACCOUNT,
    loginFailureWindowSeconds: e.LOGIN_FAILURE_WINDOW_MINUTES * 60,
    trustedProxies: parseTrustedProxies(e.TRUSTED_PROXIES),
    sessionMaxSeconds: Math.round(e.SESSION_MAX_HOURS * 3600),
    tvFrameAncestors: e.TV_FRAME_ANCESTORS.trim(),
    initialAdmin: e.ADMIN_EMAIL && e.ADMIN_PASSWORD ? { email: e.ADMIN_EMAIL, password: e.ADMIN_PASSWORD } : undefined,
    seedDemo: e.SEED_DEMO,
    publicUrl: e.PUBLIC_URL,
    allowedOrigins: [
      ...e.ALLOWED_ORIGINS.split(',')
        .map((o) => o.trim())
        .filter(Boolean),
      ...(e.PUBLIC_URL ? [new URL(e.PUBLIC_URL).origin] : []),
    ],
    wsMaxMessageBytes: e.WS_MAX_MESSAGE_BYTES,
    wsMessagesPerSecond: e.WS_MESSAGES_PER_SECOND,
    wsMessageBurst: e.WS_MESSAGE_BURST,
    wsMaxPerUser: e.WS_MAX_PER_USER,
    wsMaxPerAddress: e.WS_MAX_PER_ADDRESS,
    instanceId: e.INSTANCE_ID ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`,
    timeZone: e.SITE_TIMEZONE ?? Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC',
    locale: e.SITE_LOCALE,
    logLevel: e.LOG_LEVEL,
    webhooks: toWebhookConfig(e, authSecret),
    booking: toBookingConfig(e),
    mail: toMailConfig(e),
  };
}

/** A secret generated once per data directory, so tokens survive restarts of the zero-setup mode. */
function developmentSecret(dataDir: string): string {
  return persistedSecret(path.join(dataDir, 'auth-secret'), 48);
}

/** Next.js and next-auth read these names from the environment; the custom server sets them from Config. */
export function exportForNext(config: Config): void {
  (process.env as Record<string, string>).NODE_ENV = config.env === 'development' ? 'development' : 'production';
  process.env.NEXT_TELEMETRY_DISABLED = '1';
  process.env.NEXTAUTH_SECRET = config.authSecret;
  process.env.AUTH_SECRET = config.authSecret;
  if (config.publicUrl) process.env.NEXTAUTH_URL = config.publicUrl;
  // Without a configured public URL, next-auth builds its redirects from the request's Host.
  else process.env.AUTH_TRUST_HOST = 'true';
}
