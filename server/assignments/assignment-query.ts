import type postgres from 'postgres';
import type { Assignment } from '@/lib/schemas/assignments';
import { toIso } from '@/lib/time';
import { sqlOf, type Tx } from '@/server/db/client';

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

/** Assignments joined with everything the API embeds; callers add WHERE/ORDER/LIMIT. */
export function selectAssignments(sql: postgres.Sql, where: postgres.PendingQuery<postgres.Row[]>, tail?: postgres.PendingQuery<postgres.Row[]>) {
  return sql<JoinedRow[]>`
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
    WHERE ${where} ${tail ?? sql``}`;
}

/** The seed's assignment shape, with ISO 8601 times that always carry an offset. */
export function toAssignment(r: JoinedRow): Assignment {
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

/**
 * One assignment as the API shows it. Hand-written SQL is a prepared statement:
 * the write path reads every changed assignment twice, and planning this
 * six-table join on every call cost more than the write itself.
 */
export async function findAssignment(db: Tx, id: number): Promise<Assignment | null> {
  const sql = sqlOf(db);
  const [row] = await selectAssignments(sql, sql`a.id = ${id}`);
  return row ? toAssignment(row) : null;
}

/** Locks the row for the rest of the transaction and returns it as the API shows it (the exact before-image). */
export async function lockAssignment(tx: Tx, id: number): Promise<Assignment | null> {
  const locked = await sqlOf(tx)`SELECT id FROM assignments WHERE id = ${id} FOR UPDATE`;
  if (locked.length === 0) return null;
  return findAssignment(tx, id);
}
