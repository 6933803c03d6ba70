import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';
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
    // What actually happened (SPEC §8); null until it did.
    arrivedAt: timestamp('arrived_at', { withTimezone: true }),
    startedAt: timestamp('started_at', { withTimezone: true }),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    departedAt: timestamp('departed_at', { withTimezone: true }),
    calledAt: timestamp('called_at', { withTimezone: true }),
    // Why a requested booking was declined (SPEC §9), for the carrier.
    declineReason: text('decline_reason'),
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
    // Actual times in order, one constraint per pair so a violation names its two fields; a null time passes.
    check('assignments_started_after_arrived', sql`${t.startedAt} >= ${t.arrivedAt}`),
    check('assignments_completed_after_arrived', sql`${t.completedAt} >= ${t.arrivedAt}`),
    check('assignments_completed_after_started', sql`${t.completedAt} >= ${t.startedAt}`),
    check('assignments_departed_after_arrived', sql`${t.departedAt} >= ${t.arrivedAt}`),
    check('assignments_departed_after_started', sql`${t.departedAt} >= ${t.startedAt}`),
    check('assignments_departed_after_completed', sql`${t.departedAt} >= ${t.completedAt}`),
    index('assignments_eta_in_idx').on(t.etaIn),
    index('assignments_load_idx').on(t.loadId),
  ],
);
