import { eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { assignments, loads, ramps, statuses, users } from '@/drizzle/schema';
import type { Assignment } from '@/lib/schemas/assignments';
import { toIso } from '@/lib/time';
import { sqlOf, type Tx } from '@/server/db/client';

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

type JoinedRow = {
  id: number;
  ramp_id: number;
  load_id: number;
  status_id: number;
  eta_in: Date;
  eta_out: Date;
  version: number;
  created_by: number | null;
  updated_by: number | null;
  created_at: Date;
  updated_at: Date;
  ramp_code: string;
  ramp_description: string;
  ramp_kind: 'IB' | 'OB' | 'BOTH';
  load_reference: string;
  load_direction: 'IB' | 'OB';
  planned_arrival: Date | null;
  planned_departure: Date | null;
  notes: string | null;
  status_code: string;
  status_label: string;
  status_color: string;
  creator_email: string | null;
  creator_name: string | null;
  updater_email: string | null;
  updater_name: string | null;
};

/**
 * One assignment as the API shows it. A hand-written prepared statement: the
 * write path reads every changed assignment twice, and planning this six-table
 * join on every call cost more than the write itself.
 */
export async function findAssignment(db: Tx, id: number): Promise<Assignment | null> {
  const [r] = await sqlOf(db)<JoinedRow[]>`
    SELECT a.id, a.ramp_id, a.load_id, a.status_id, a.eta_in, a.eta_out, a.version, a.created_by, a.updated_by, a.created_at, a.updated_at,
           r.code AS ramp_code, r.description AS ramp_description, r.kind AS ramp_kind,
           l.reference AS load_reference, l.direction AS load_direction, l.planned_arrival, l.planned_departure, l.notes,
           s.code AS status_code, s.label AS status_label, s.color AS status_color,
           c.email AS creator_email, c.full_name AS creator_name, u.email AS updater_email, u.full_name AS updater_name
    FROM assignments a
    JOIN ramps r ON r.id = a.ramp_id
    JOIN loads l ON l.id = a.load_id
    JOIN statuses s ON s.id = a.status_id
    LEFT JOIN users c ON c.id = a.created_by
    LEFT JOIN users u ON u.id = a.updated_by
    WHERE a.id = ${id}`;
  if (!r) return null;
  return {
    id: r.id,
    ramp_id: r.ramp_id,
    load_id: r.load_id,
    status_id: r.status_id,
    eta_in: toIso(r.eta_in)!,
    eta_out: toIso(r.eta_out)!,
    version: r.version,
    created_by: r.created_by,
    updated_by: r.updated_by,
    created_at: toIso(r.created_at)!,
    updated_at: toIso(r.updated_at)!,
    ramp: { id: r.ramp_id, code: r.ramp_code, description: r.ramp_description, kind: r.ramp_kind },
    load: {
      id: r.load_id,
      reference: r.load_reference,
      direction: r.load_direction,
      planned_arrival: toIso(r.planned_arrival),
      planned_departure: toIso(r.planned_departure),
      notes: r.notes,
    },
    status: { id: r.status_id, code: r.status_code, label: r.status_label, color: r.status_color },
    creator: r.created_by !== null && r.creator_email !== null ? { id: r.created_by, email: r.creator_email, full_name: r.creator_name ?? '' } : null,
    updater: r.updated_by !== null && r.updater_email !== null ? { id: r.updated_by, email: r.updater_email, full_name: r.updater_name ?? '' } : null,
  };
}

/** Locks the row for the rest of the transaction and returns it as the API shows it (the exact before-image). */
export async function lockAssignment(tx: Tx, id: number): Promise<Assignment | null> {
  const locked = await sqlOf(tx)`SELECT id FROM assignments WHERE id = ${id} FOR UPDATE`;
  if (locked.length === 0) return null;
  return findAssignment(tx, id);
}
