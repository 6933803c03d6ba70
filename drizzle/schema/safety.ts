import { index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Answers to writes that carried an `Idempotency-Key`, kept 24 h. The row is
 * inserted in the write's own transaction, so it exists exactly when the write
 * committed: a retry after a dropped COMMIT finds it and gets the first answer.
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    actorId: integer('actor_id').notNull(),
    key: text('key').notNull(),
    method: text('method').notNull(),
    path: text('path').notNull(),
    /** sha256 of method, path and body: the same key with another request is refused. */
    requestHash: text('request_hash').notNull(),
    status: integer('status').notNull(),
    body: jsonb('body'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ name: 'idempotency_keys_pkey', columns: [t.actorId, t.key] }), index('idempotency_keys_created_at_idx').on(t.createdAt)],
);

/** rate-limiter-flexible's Drizzle store: login counters shared by every instance. */
export const rateLimits = pgTable('rate_limits', {
  key: text('key').primaryKey(),
  points: integer('points').notNull().default(0),
  expire: timestamp('expire', { withTimezone: true, mode: 'date' }),
});
