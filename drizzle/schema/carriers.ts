import { sql } from 'drizzle-orm';
import { boolean, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

// SPEC §9: the companies whose users book their own slots (0012_carriers.sql).
export const carriers = pgTable(
  'carriers',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    name: text('name').notNull(),
    /** Where booking e-mail goes; without it, to the carrier's active users. */
    contactEmail: text('contact_email'),
    /** Requests are planned at once, without an operator's approval. */
    autoApprove: boolean('auto_approve').notNull().default(false),
    isActive: boolean('is_active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('carriers_name_key').on(sql`lower(${t.name})`)],
);
