import { sql } from 'drizzle-orm';
import { boolean, integer, pgEnum, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

export const roleEnum = pgEnum('role', ['ADMIN', 'OPERATOR', 'SUPERVISOR', 'CARRIER']);

export const users = pgTable(
  'users',
  {
    id: serial('id').primaryKey(),
    email: text('email').notNull(),
    fullName: text('full_name').notNull(),
    passwordHash: text('password_hash').notNull(),
    role: roleEnum('role').notNull(),
    isActive: boolean('is_active').notNull().default(true),
    /** Raised on a password, role or activity change and on "sign out everywhere": older tokens and sessions stop working. */
    tokenVersion: integer('token_version').notNull().default(1),
    /** A CARRIER user's carrier (SPEC §9); null for staff (users_carrier_role). */
    carrierId: integer('carrier_id'),
    /** Wants an e-mail when a truck becomes overdue. */
    overdueAlerts: boolean('overdue_alerts').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('users_email_lower_key').on(sql`lower(${t.email})`)],
);
