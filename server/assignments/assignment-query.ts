import type postgres from 'postgres';
import type { ActualTimes, Assignment } from '@/lib/schemas/assignments';
import { toIso } from '@/lib/time';

type JoinedRow = {
  id: number;
  ramp_id: number;
  load_id: number;
  status_id: number;
  eta_in: Date;
  eta_out: Date;
  arrived_at: Date | null;
  started_at: Date | null;
  completed_at: Date | null;
  departed_at: Date | null;
  called_at: Date | null;
  decline_reason: string | null;
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
  load_carrier: string | null;
  load_carrier_id: number | null;
  load_truck_plate: string | null;
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
           a.arrived_at, a.started_at, a.completed_at, a.departed_at, a.called_at, a.decline_reason,
           r.code AS ramp_code, r.description AS ramp_description, r.kind AS ramp_kind,
           l.reference AS load_reference, l.direction AS load_direction, l.planned_arrival, l.planned_departure, l.notes, l.carrier AS load_carrier,
           l.carrier_id AS load_carrier_id, l.truck_plate AS load_truck_plate,
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
    arrived_at: toIso(r.arrived_at),
    started_at: toIso(r.started_at),
    completed_at: toIso(r.completed_at),
    departed_at: toIso(r.departed_at),
    called_at: toIso(r.called_at),
    decline_reason: r.decline_reason,
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
      carrier: r.load_carrier,
      carrier_id: r.load_carrier_id,
      truck_plate: r.load_truck_plate,
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

export type AssignmentChange = { ramp_id?: number; load_id?: number; status_id?: number; eta_in?: Date; eta_out?: Date } & ActualTimes & {
    /** Why a requested booking was declined (SPEC §9); set by the decline only, kept otherwise. */
    decline_reason?: string | null;
  };

/** A time the request gives: `given` tells "set to null" from "not in the request". */
const givenTime = (v: Date | null | undefined) => ({ given: v !== undefined, at: toIso(v ?? undefined) });

/**
 * The optimistic update: `UPDATE … WHERE id AND version` and the joined
 * after-image in one statement. Null when the version no longer matches.
 *
 * A change of status to ARRIVED, IN_PROGRESS or COMPLETED records arrived_at,
 * started_at or completed_at as now() when the request gives none and none is
 * stored (SPEC §8). A later step with no arrival on record also records the
 * arrival, at that step's time: the truck is on site by then, and "not arrived"
 * (late, no-show) must mean arrived_at is null everywhere. A missing started_at
 * is never filled in: no rule depends on it, and it would invent a wait of 0.
 * A recorded time is kept between the steps already on record (a status
 * moved back keeps the facts in order; explicit times out of order are a 422).
 */
export async function updateAssignmentRow(
  sql: postgres.Sql,
  id: number,
  version: number,
  change: AssignmentChange,
  actorId: number,
): Promise<Assignment | null> {
  const arr = givenTime(change.arrived_at);
  const sta = givenTime(change.started_at);
  const com = givenTime(change.completed_at);
  const dep = givenTime(change.departed_at);
  // The status the request moves to; null when it keeps the one it has.
  const step = sql`(CASE WHEN st.id <> t.status_id THEN st.code END)`;
  const startedGiven = sql`CASE WHEN ${sta.given}::bool THEN ${sta.at}::timestamptz END`;
  const completedGiven = sql`CASE WHEN ${com.given}::bool THEN ${com.at}::timestamptz END`;
  // The other times as they will be: a time recorded by a status change lands between the earlier and
  // the later ones on record (a status moved back, COMPLETED → IN_PROGRESS, must not turn into an ordering 422).
  const effArr = sql`(CASE WHEN ${arr.given}::bool THEN ${arr.at}::timestamptz ELSE t.arrived_at END)`;
  const effSta = sql`(CASE WHEN ${sta.given}::bool THEN ${sta.at}::timestamptz ELSE t.started_at END)`;
  const effCom = sql`(CASE WHEN ${com.given}::bool THEN ${com.at}::timestamptz ELSE t.completed_at END)`;
  const effDep = sql`(CASE WHEN ${dep.given}::bool THEN ${dep.at}::timestamptz ELSE t.departed_at END)`;
  const [row] = await selectChanged(
    sql,
    sql`WITH a AS (
      UPDATE assignments t SET
        ramp_id = COALESCE(${change.ramp_id ?? null}::int, t.ramp_id),
        load_id = COALESCE(${change.load_id ?? null}::int, t.load_id),
        status_id = COALESCE(st.id, t.status_id),
        eta_in = COALESCE(${toIso(change.eta_in)}::timestamptz, t.eta_in),
        eta_out = COALESCE(${toIso(change.eta_out)}::timestamptz, t.eta_out),
        arrived_at = CASE WHEN ${arr.given}::bool THEN ${arr.at}::timestamptz WHEN t.arrived_at IS NOT NULL THEN t.arrived_at
          ELSE LEAST(CASE ${step} WHEN 'ARRIVED' THEN now() WHEN 'IN_PROGRESS' THEN COALESCE(${startedGiven}, t.started_at, now())
            WHEN 'COMPLETED' THEN COALESCE(${startedGiven}, t.started_at, ${completedGiven}, t.completed_at, now()) END,
            ${effSta}, ${effCom}, ${effDep}) END,
        started_at = CASE WHEN ${sta.given}::bool THEN ${sta.at}::timestamptz
          WHEN t.started_at IS NULL AND ${step} = 'IN_PROGRESS' THEN GREATEST(${effArr}, LEAST(now(), ${effCom}, ${effDep})) ELSE t.started_at END,
        completed_at = CASE WHEN ${com.given}::bool THEN ${com.at}::timestamptz
          WHEN t.completed_at IS NULL AND ${step} = 'COMPLETED' THEN GREATEST(${effArr}, ${effSta}, LEAST(now(), ${effDep})) ELSE t.completed_at END,
        departed_at = CASE WHEN ${dep.given}::bool THEN ${dep.at}::timestamptz ELSE t.departed_at END,
        decline_reason = CASE WHEN ${change.decline_reason !== undefined}::bool THEN ${change.decline_reason ?? null}::text ELSE t.decline_reason END,
        version = t.version + 1, updated_by = ${actorId}, updated_at = now()
      FROM (SELECT ${change.status_id ?? null}::int AS id, (SELECT code FROM statuses WHERE id = ${change.status_id ?? null}::int) AS code) st
      WHERE t.id = ${id} AND t.version = ${version}
      RETURNING t.*)`,
  );
  return row ? toAssignment(row) : null;
}

export type NewAssignment = { ramp_id: number; load_id: number; status_id?: number; eta_in: Date; eta_out: Date } & ActualTimes;

/**
 * Inserts and returns the joined row in one statement. The status defaults to
 * PLANNED, or to ARRIVED when the load was checked in at the gate (loads.arrived_at,
 * which the assignment then takes as its arrival). The status's times are
 * recorded as on an update (updateAssignmentRow); a null time counts as none.
 */
export async function insertAssignmentRow(sql: postgres.Sql, input: NewAssignment, actorId: number): Promise<Assignment> {
  const started = toIso(input.started_at ?? undefined);
  const completed = toIso(input.completed_at ?? undefined);
  const departed = toIso(input.departed_at ?? undefined);
  const [row] = await selectChanged(
    sql,
    sql`WITH g AS (SELECT (SELECT arrived_at FROM loads WHERE id = ${input.load_id}) AS gate_at),
    k AS (
      SELECT g.gate_at, s.status_id, (SELECT code FROM statuses WHERE id = s.status_id) AS code
      FROM g, LATERAL (SELECT COALESCE(${input.status_id ?? null}::int,
        (SELECT id FROM statuses WHERE code = CASE WHEN g.gate_at IS NULL THEN 'PLANNED' ELSE 'ARRIVED' END)) AS status_id) s),
    a AS (
      INSERT INTO assignments (ramp_id, load_id, status_id, eta_in, eta_out, arrived_at, started_at, completed_at, departed_at, created_by, updated_by)
      SELECT ${input.ramp_id}, ${input.load_id}, k.status_id, ${toIso(input.eta_in)}::timestamptz, ${toIso(input.eta_out)}::timestamptz,
             COALESCE(${toIso(input.arrived_at ?? undefined)}::timestamptz, k.gate_at, LEAST(CASE k.code WHEN 'ARRIVED' THEN now()
               WHEN 'IN_PROGRESS' THEN COALESCE(${started}::timestamptz, now())
               WHEN 'COMPLETED' THEN COALESCE(${started}::timestamptz, ${completed}::timestamptz, now()) END,
               ${started}::timestamptz, ${completed}::timestamptz, ${departed}::timestamptz)),
             COALESCE(${started}::timestamptz, CASE WHEN k.code = 'IN_PROGRESS' THEN LEAST(now(), ${completed}::timestamptz, ${departed}::timestamptz) END),
             COALESCE(${completed}::timestamptz, CASE WHEN k.code = 'COMPLETED' THEN LEAST(now(), ${departed}::timestamptz) END),
             ${departed}::timestamptz, ${actorId}, ${actorId}
      FROM k
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
