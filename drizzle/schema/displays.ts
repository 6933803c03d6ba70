import { sql } from 'drizzle-orm';
import { boolean, check, integer, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
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
    /** How long the TV shows each page of ramps (5–120 s). */
    pageSeconds: integer('page_seconds').notNull().default(10),
    /** Leave off ramps with nothing at the door and nothing planned. */
    hideFreeRamps: boolean('hide_free_ramps').notNull().default(false),
  },
  (t) => [uniqueIndex('display_links_token_key').on(t.token), check('display_links_page_seconds_check', sql`${t.pageSeconds} BETWEEN 5 AND 120`)],
);
