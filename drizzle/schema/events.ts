import { bigint, index, integer, jsonb, pgTable, smallint, text, timestamp } from 'drizzle-orm/pg-core';

// One row; `UPDATE … SET seq = seq + 1 RETURNING seq` inside each writing
// transaction makes seq gap-free and commit-ordered (see DESIGN).
export const eventCounter = pgTable('event_counter', {
  id: smallint('id').primaryKey().default(1),
  seq: bigint('seq', { mode: 'number' }).notNull().default(0),
});

export const boardEvents = pgTable(
  'board_events',
  {
    seq: bigint('seq', { mode: 'number' }).primaryKey(),
    type: text('type').notNull(),
    entity: text('entity').notNull(),
    entityId: integer('entity_id').notNull(),
    direction: text('direction'),
    actorId: integer('actor_id'),
    actorEmail: text('actor_email'),
    // The entity after the change (before it, for a delete).
    payload: jsonb('payload').notNull(),
    // The entity before the change; null for a create.
    before: jsonb('before'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('board_events_entity_idx').on(t.entity, t.entityId, t.seq), index('board_events_created_at_idx').on(t.createdAt)],
);
