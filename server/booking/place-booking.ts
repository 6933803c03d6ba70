import type postgres from 'postgres';
import type { Assignment } from '@/lib/schemas/assignments';
import { formatTime } from '@/lib/zoned-time';
import type { Actor } from '@/server/auth/actor';
import { insertAssignmentRow } from '@/server/assignments/assignment-query';
import { HttpError, forbidden, invalidField } from '@/server/errors';

type PgLike = { code?: string; constraint_name?: string; constraint?: string; message?: string };
const constraintOf = (e: unknown) => {
  const pg = e as PgLike | null;
  return pg && typeof pg === 'object' ? { code: pg.code, name: pg.constraint_name ?? pg.constraint ?? '', message: pg.message } : null;
};
const isTaken = (e: unknown) => constraintOf(e)?.name === 'assignments_no_overlap';
const isClosed = (e: unknown) => ['assignments_ramp_open', 'assignments_load_type_fit'].includes(constraintOf(e)?.name ?? '');

export type BookingActor = { carrierId: number; carrierName: string; autoApprove: boolean; requestedId: number; plannedId: number };

/** The carrier behind a carrier user, and the statuses a request takes (one read). */
export async function bookingActor(sql: postgres.Sql, actor: Actor): Promise<BookingActor> {
  if (!actor.carrierId) throw forbidden();
  const [row] = await sql<{ name: string; auto_approve: boolean; is_active: boolean; requested_id: number; planned_id: number }[]>`
    SELECT c.name, c.auto_approve, c.is_active,
           (SELECT id FROM statuses WHERE code = 'REQUESTED') AS requested_id, (SELECT id FROM statuses WHERE code = 'PLANNED') AS planned_id
    FROM carriers c WHERE c.id = ${actor.carrierId}`;
  if (!row?.is_active) throw new HttpError(403, 'Your carrier account is not active; please call the site');
  return { carrierId: actor.carrierId, carrierName: row.name, autoApprove: row.auto_approve, requestedId: row.requested_id, plannedId: row.planned_id };
}

type Candidate = { id: number; code: string; is_active: boolean; fits: boolean };

export type Slot = { rampId: number | null | undefined; direction: 'IB' | 'OB'; loadTypeId: number; etaIn: Date; etaOut: Date; timeZone: string };

/**
 * The ramps to try, in order: the one asked for (422 when it cannot take the
 * load), or for "any door" every fitting active ramp that is free and open for
 * the window, by sort order. Sent first in the transaction.
 */
async function candidates(sql: postgres.Sql, slot: Slot): Promise<Candidate[]> {
  const anyDoor = slot.rampId == null;
  const rows = await sql<(Candidate & { free: boolean })[]>`
    SELECT r.id, r.code, r.is_active,
           (r.kind::text IN (${slot.direction}, 'BOTH') AND r.kind = ANY (t.ramp_kinds)) AS fits
    FROM ramps r JOIN load_types t ON t.id = ${slot.loadTypeId}
    WHERE ${
      anyDoor
        ? sql`r.is_active AND r.kind::text IN (${slot.direction}, 'BOTH') AND r.kind = ANY (t.ramp_kinds)
      AND NOT EXISTS (SELECT 1 FROM assignments a WHERE a.ramp_id = r.id AND NOT a.cancelled
        AND tstzrange(a.eta_in, a.eta_out, '[)') && tstzrange(${slot.etaIn.toISOString()}::timestamptz, ${slot.etaOut.toISOString()}::timestamptz, '[)'))
      AND ramp_window_refusal(r.id, ${slot.etaIn.toISOString()}::timestamptz, ${slot.etaOut.toISOString()}::timestamptz) IS NULL`
        : sql`r.id = ${slot.rampId!}`
    }
    ORDER BY r.sort_order, r.id`;
  if (anyDoor) {
    if (rows.length === 0) throw new HttpError(409, `No door is free at ${formatTime(slot.etaIn, slot.timeZone)}; pick another time`);
    return rows;
  }
  const [ramp] = rows;
  if (!ramp) throw invalidField('ramp_id', 'Ramp does not exist', 'constraint');
  if (!ramp.is_active) throw invalidField('ramp_id', `${ramp.code} is not in use; pick another door`, 'constraint');
  if (!ramp.fits) throw invalidField('ramp_id', `${ramp.code} does not take this load; pick another door`, 'constraint');
  return rows;
}

/**
 * Inserts the booking's assignment through the one write path's insert
 * (server/assignments/assignment-query.ts), inside the caller's transaction.
 * "Any door" tries the free ramps in order, each behind a savepoint, so a
 * window taken (or closed) by a concurrent writer moves on to the next ramp.
 * The caller appends the events and commits.
 */
export async function placeBooking(sql: postgres.Sql, actor: Actor, slot: Slot, loadId: number, statusId: number): Promise<Assignment> {
  const ramps = await candidates(sql, slot);
  const guarded = ramps.length > 1;
  for (const [i, ramp] of ramps.entries()) {
    const last = i === ramps.length - 1;
    if (guarded) await sql`SAVEPOINT booking_ramp`;
    try {
      const created = await insertAssignmentRow(
        sql,
        { ramp_id: ramp.id, load_id: loadId, status_id: statusId, eta_in: slot.etaIn, eta_out: slot.etaOut },
        actor.id,
      );
      if (guarded) await sql`RELEASE SAVEPOINT booking_ramp`;
      return created;
    } catch (error) {
      if (!(isTaken(error) || isClosed(error))) throw error;
      if (!last) {
        await sql`ROLLBACK TO SAVEPOINT booking_ramp`;
        continue;
      }
      if (isClosed(error)) throw new HttpError(409, constraintOf(error)?.message ?? `${ramp.code} is closed at that time`);
      throw new HttpError(
        409,
        guarded ? 'That time was just taken on every free door; pick another' : `That time was just taken on ${ramp.code}; pick another`,
      );
    }
  }
  throw new Error('placeBooking: no ramp to try');
}
