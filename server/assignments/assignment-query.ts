import { eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { assignments, loads, ramps, statuses, users } from '@/drizzle/schema';
import type { Assignment } from '@/lib/schemas/assignments';
import { toIso } from '@/lib/time';
import type { Tx } from '@/server/db/client';

const creator = alias(users, 'creator');
const updater = alias(users, 'updater');

const columns = {
  a: assignments,
  ramp: { id: ramps.id, code: ramps.code, description: ramps.description, kind: ramps.kind },
  load: {
    id: loads.id,
    reference: loads.reference,
    direction: loads.direction,
    plannedArrival: loads.plannedArrival,
    plannedDeparture: loads.plannedDeparture,
    notes: loads.notes,
  },
  status: { id: statuses.id, code: statuses.code, label: statuses.label, color: statuses.color },
  creator: { id: creator.id, email: creator.email, fullName: creator.fullName },
  updater: { id: updater.id, email: updater.email, fullName: updater.fullName },
};

/** Assignments joined with everything the API embeds; callers add where/order/limit. */
export function selectAssignments(db: Tx) {
  return db
    .select(columns)
    .from(assignments)
    .innerJoin(ramps, eq(ramps.id, assignments.rampId))
    .innerJoin(loads, eq(loads.id, assignments.loadId))
    .innerJoin(statuses, eq(statuses.id, assignments.statusId))
    .leftJoin(creator, eq(creator.id, assignments.createdBy))
    .leftJoin(updater, eq(updater.id, assignments.updatedBy));
}

type Row = Awaited<ReturnType<ReturnType<typeof selectAssignments>['execute']>>[number];

const userRef = (u: { id: number | null; email: string | null; fullName: string | null } | null) =>
  u && u.id !== null ? { id: u.id, email: u.email ?? '', full_name: u.fullName ?? '' } : null;

/** The seed's assignment shape, with ISO 8601 times that always carry an offset. */
export function toAssignment(row: Row): Assignment {
  const { a } = row;
  return {
    id: a.id,
    ramp_id: a.rampId,
    load_id: a.loadId,
    status_id: a.statusId,
    eta_in: toIso(a.etaIn)!,
    eta_out: toIso(a.etaOut)!,
    version: a.version,
    created_by: a.createdBy,
    updated_by: a.updatedBy,
    created_at: toIso(a.createdAt)!,
    updated_at: toIso(a.updatedAt)!,
    ramp: { id: row.ramp.id, code: row.ramp.code, description: row.ramp.description, kind: row.ramp.kind },
    load: {
      id: row.load.id,
      reference: row.load.reference,
      direction: row.load.direction,
      planned_arrival: toIso(row.load.plannedArrival),
      planned_departure: toIso(row.load.plannedDeparture),
      notes: row.load.notes,
    },
    status: { id: row.status.id, code: row.status.code, label: row.status.label, color: row.status.color },
    creator: userRef(row.creator),
    updater: userRef(row.updater),
  };
}

export async function findAssignment(db: Tx, id: number): Promise<Assignment | null> {
  const [row] = await selectAssignments(db).where(eq(assignments.id, id));
  return row ? toAssignment(row) : null;
}

/** Locks the row for the rest of the transaction and returns it as the API shows it (the exact before-image). */
export async function lockAssignment(tx: Tx, id: number): Promise<Assignment | null> {
  const locked = await tx.select({ id: assignments.id }).from(assignments).where(eq(assignments.id, id)).for('update');
  if (locked.length === 0) return null;
  return findAssignment(tx, id);
}
