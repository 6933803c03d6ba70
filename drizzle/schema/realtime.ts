import { jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Each instance's open sockets, refreshed every few seconds, so /api/ws/stats can count across instances. */
export const realtimeInstances = pgTable('realtime_instances', {
  id: text('id').primaryKey(),
  heartbeatAt: timestamp('heartbeat_at', { withTimezone: true }).notNull().defaultNow(),
  clients: jsonb('clients').notNull().default([]),
});
