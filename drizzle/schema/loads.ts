import { integer, pgEnum, pgTable, serial, text, timestamp, uniqueIndex, index } from 'drizzle-orm/pg-core';

export const directionEnum = pgEnum('direction', ['IB', 'OB']);

export const loads = pgTable(
  'loads',
  {
    id: serial('id').primaryKey(),
    reference: text('reference').notNull(),
    direction: directionEnum('direction').notNull(),
    plannedArrival: timestamp('planned_arrival', { withTimezone: true }),
    plannedDeparture: timestamp('planned_departure', { withTimezone: true }),
    notes: text('notes'),
    carrier: text('carrier'),
    // SPEC §9: its load type (0011_rules.sql), which gives new assignments their default length.
    loadTypeId: integer('load_type_id'),
    // SPEC §9: the carrier it belongs to (its users see it) and the truck's plate, as a booking gives them.
    carrierId: integer('carrier_id'),
    truckPlate: text('truck_plate'),
    // A truck checked in at the gate while the load had no live assignment (SPEC §8).
    arrivedAt: timestamp('arrived_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('loads_reference_key').on(t.reference), index('loads_planned_arrival_idx').on(t.plannedArrival)],
);
