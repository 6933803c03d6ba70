import type postgres from 'postgres';
import type { Assignment } from '@/lib/schemas/assignments';
import { toIso } from '@/lib/time';

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

type Fragment = postgres.PendingQuery<postgres.Row[]>;

/**
 * Assignments joined with everything the API embeds; callers add WHERE/ORDER/LIMIT.
 * `changed` reads the rows of a data-modifying CTE named `a` instead of the
 * table, so a write and its after-image are one statement and one round trip.
 */
export function selectAssignments(sql: postgres.Sql, where: Fragment, tail?: Fragment, changed?: Fragment) {
  return sql<JoinedRow[]>`
    ${changed ?? sql``}
    SELECT a.id, a.ramp_id, a.load_id, a.status_id, a.eta_in, a.eta_out, a.version, a.created_by, a.updated_by, a.created_at, a.updated_at,
           r.code AS ramp_code, r.description AS ramp_description, r.kind AS ramp_kind,
           l.reference AS load_reference, l.direction AS load_direction, l.planned_arrival, l.planned_departure, l.notes,
           s.code AS status_code, s.label AS status_label, s.color AS status_color,
           c.email AS creator_email, c.full_name AS creator_name, u.email AS updater_email, u.full_name AS updater_name
    FROM ${changed ? sql`a` : sql`assignments a`}
    JOIN ramps r ON r.id = a.ramp_id
    JOIN loads l ON l.id = a.load_id
    JOIN statuses s ON s.id = a.status_id
    LEFT JOIN users c ON c.id = a.created_by
    LEFT JOIN users u ON u.id = a.updated_by
    WHERE ${where} ${tail ?? sql``}`;
}

/** The joined rows of a CTE named `a` (a write's RETURNING, or a locked row): one statement, one round trip. */
function selectChanged(sql: postgres.Sql, cte: Fragment) {
  return selectAssignments(sql, sql`true`, undefined, cte);
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
export async function findAssignment(sql: postgres.Sql, id: number): Promise<Assignment | null> {
  const [row] = await selectAssignments(sql, sql`a.id = ${id}`);
  return row ? toAssignment(row) : null;
}

/**
 * Locks the row for the rest of the transaction and returns it as the API
 * shows it: the exact before-image, usually in one statement. Only the
 * assignment is locked (in its own CTE): a writer that waited for the lock
 * gets the row as the other transaction committed it, joined by value. When
 * that join finds nothing (the other transaction pointed the row at a load or
 * status created after this statement began), a second read with a fresh
 * snapshot, under the lock now held, tells a gone row from that race.
 */
export async function lockAssignment(sql: postgres.Sql, id: number): Promise<Assignment | null> {
  const [row] = await selectChanged(sql, sql`WITH a AS MATERIALIZED (SELECT * FROM assignments WHERE id = ${id} FOR UPDATE)`);
  return row ? toAssignment(row) : findAssignment(sql, id);
}

export type AssignmentChange = { ramp_id?: number; load_id?: number; status_id?: number; eta_in?: Date; eta_out?: Date };

/**
 * The optimistic update: `UPDATE … WHERE id AND version` and the joined
 * after-image in one statement. Null when the version no longer matches.
 */
export async function updateAssignmentRow(
  sql: postgres.Sql,
  id: number,
  version: number,
  change: AssignmentChange,
  actorId: number,
): Promise<Assignment | null> {
  const [row] = await selectChanged(
    sql,
    sql`WITH a AS (
      UPDATE assignments SET
        ramp_id = COALESCE(${change.ramp_id ?? null}::int, ramp_id),
        load_id = COALESCE(${change.load_id ?? null}::int, load_id),
        status_id = COALESCE(${change.status_id ?? null}::int, status_id),
        eta_in = COALESCE(${toIso(change.eta_in)}::timestamptz, eta_in),
        eta_out = COALESCE(${toIso(change.eta_out)}::timestamptz, eta_out),
        version = version + 1, updated_by = ${actorId}, updated_at = now()
      WHERE id = ${id} AND version = ${version}
      RETURNING *)`,
  );
  return row ? toAssignment(row) : null;
}

export type NewAssignment = { ramp_id: number; load_id: number; status_id?: number; eta_in: Date; eta_out: Date };

/** Inserts and returns the joined row in one statement; the status defaults to PLANNED. */
export async function insertAssignmentRow(sql: postgres.Sql, input: NewAssignment, actorId: number): Promise<Assignment> {
  const [row] = await selectChanged(
    sql,
    sql`WITH a AS (
      INSERT INTO assignments (ramp_id, load_id, status_id, eta_in, eta_out, created_by, updated_by)
      VALUES (${input.ramp_id}, ${input.load_id}, COALESCE(${input.status_id ?? null}::int, (SELECT id FROM statuses WHERE code = 'PLANNED')),
              ${toIso(input.eta_in)}::timestamptz, ${toIso(input.eta_out)}::timestamptz, ${actorId}, ${actorId})
      RETURNING *)`,
  );
  if (!row) throw new Error('INSERT … RETURNING returned no row');
  return toAssignment(row);
}

/** Deletes the row if it is still at `version`; false when it is not. */
export async function deleteAssignmentRow(sql: postgres.Sql, id: number, version: number): Promise<boolean> {
  const rows = await sql`DELETE FROM assignments WHERE id = ${id} AND version = ${version} RETURNING id`;
  return rows.length > 0;
}
