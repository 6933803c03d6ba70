import { bigint, bigserial, boolean, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * A webhook endpoint is a durable cursor over board_events (DESIGN "Integrations
 * read the event log"): `last_seq` moves only on a 2xx, and only the instance
 * holding the lease (`lease_owner` until `lease_until`) delivers it.
 */
export const webhookEndpoints = pgTable('webhook_endpoints', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  url: text('url').notNull(),
  // AES-256-GCM with a key from the environment (server/webhooks/secret-box.ts): a dump alone does not reveal it.
  secretEnc: text('secret_enc').notNull(),
  // The secret before the last rotation, still signing until previous_secret_expires_at.
  previousSecretEnc: text('previous_secret_enc'),
  previousSecretExpiresAt: timestamp('previous_secret_expires_at', { withTimezone: true }),
  // Empty: every type.
  eventTypes: text('event_types').array().notNull().default([]),
  active: boolean('active').notNull().default(true),
  pausedAt: timestamp('paused_at', { withTimezone: true }),
  pauseReason: text('pause_reason'),
  lastSeq: bigint('last_seq', { mode: 'number' }).notNull().default(0),
  leaseOwner: text('lease_owner'),
  leaseUntil: timestamp('lease_until', { withTimezone: true }),
  failingSince: timestamp('failing_since', { withTimezone: true }),
  nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }),
  attempts: integer('attempts').notNull().default(0),
  lastError: text('last_error'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Recent delivery attempts per endpoint (the last few hundred are kept). seq 0 is a test event. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    endpointId: integer('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    attempt: integer('attempt').notNull(),
    statusCode: integer('status_code'),
    durationMs: integer('duration_ms').notNull(),
    error: text('error'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('webhook_deliveries_endpoint_idx').on(t.endpointId, t.id)],
);
