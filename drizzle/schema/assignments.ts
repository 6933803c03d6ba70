import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, serial, timestamp } from 'drizzle-orm/pg-core';
import { loads } from './loads';
import { ramps } from './ramps';
import { statuses } from './statuses';
import { users } from './users';

// The overlap exclusion constraint, the one-live-assignment-per-load index and
// the triggers that keep `cancelled` and the ramp kind rule are in the custom
// migration drizzle/migrations/0001_assignment_rules.sql.
export const assignments = pgTable(
  'assignments',
  {
    id: serial('id').primaryKey(),
    rampId: integer('ramp_id')
      .notNull()
      .references(() => ramps.id, { onDelete: 'restrict' }),
    loadId: integer('load_id')
      .notNull()
      .references(() => loads.id, { onDelete: 'restrict' }),
    statusId: integer('status_id')
      .notNull()
      .references(() => statuses.id, { onDelete: 'restrict' }),
    etaIn: timestamp('eta_in', { withTimezone: true }).notNull(),
    etaOut: timestamp('eta_out', { withTimezone: true }).notNull(),
    // Maintained by trigger from the status code; the constraints read it.
    cancelled: boolean('cancelled').notNull().default(false),
    version: integer('version').notNull().default(1),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    updatedBy: integer('updated_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('assignments_eta_order', sql`${t.etaOut} > ${t.etaIn}`),
    index('assignments_eta_in_idx').on(t.etaIn),
    index('assignments_load_idx').on(t.loadId),
  ],
);
