import { integer, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from './users';

/** A wall TV's revocable link: /tv/<token> shows the board of one direction or all, read-only. */
export const displayLinks = pgTable(
  'display_links',
  {
    id: serial('id').primaryKey(),
    name: text('name').notNull(),
    token: text('token').notNull(),
    direction: text('direction', { enum: ['IB', 'OB'] }),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('display_links_token_key').on(t.token)],
);
