import type { Booking, BookingRequest, BookingRerequest } from '@/lib/schemas/booking';
import { mayRerequestBooking } from '@/lib/booking-state';
import { toIso } from '@/lib/time';
import type { Actor } from '@/server/auth/actor';
import type { Db } from '@/server/db/client';
import { mapPgError } from '@/server/db/pg-errors';
import { inPipelinedTransaction } from '@/server/db/pipelined';
import { HttpError, invalidField, notFound } from '@/server/errors';
import { appendEvent, appendEventStatement } from '@/server/events/append-event';
import { LOAD_COLUMNS, toLoad } from '@/server/loads/loads';
import { bookingLoadType } from '@/server/booking/availability';
import { findBooking } from '@/server/booking/booking-query';
import { startRefusal, type BookingSite } from '@/server/booking/booking-rules';
import { bookingActor, placeBooking } from '@/server/booking/place-booking';

/** The site's rules for a start time, checked again when the request arrives: a 422 on eta_in. */
function checkStart(etaIn: Date, site: BookingSite) {
  const refusal = startRefusal(etaIn, new Date(), site);
  if (refusal) throw invalidField('eta_in', refusal, 'booking_rule');
}

/** Client errors as they are; a constraint the database refused in its words (mapPgError); anything else as it is. */
function mapBookingError(error: unknown): never {
  if (error instanceof HttpError) throw error;
  mapPgError(error);
}

/**
 * SPEC §9 request: a load of the carrier (carrier, carrier_id, plate, notes,
 * planned arrival) and its assignment, REQUESTED or PLANNED for a carrier that
 * is approved automatically, lasting the load type's duration, in one
 * transaction; load_created and assignment_created are appended last.
 */
export async function requestBooking(db: Db, actor: Actor, site: BookingSite, data: BookingRequest): Promise<Booking> {
  const [who, loadType] = await Promise.all([bookingActor(db.$client, actor), bookingLoadType(db.$client, data.load_type_id, 'body')]);
  checkStart(data.eta_in, site);
  const etaOut = new Date(data.eta_in.getTime() + loadType.duration_minutes * 60_000);
  const slot = { rampId: data.ramp_id, direction: data.direction, loadTypeId: loadType.id, etaIn: data.eta_in, etaOut, timeZone: site.timeZone };
  try {
    return await inPipelinedTransaction(db.$client, async (sql, commitWith) => {
      const [row] = await sql`
        WITH l AS (
          INSERT INTO loads (reference, direction, planned_arrival, notes, carrier, carrier_id, truck_plate, load_type_id)
          VALUES (${data.reference}, ${data.direction}, ${toIso(data.eta_in)}::timestamptz, ${data.notes ?? null}, ${who.carrierName},
                  ${who.carrierId}, ${data.truck_plate ?? null}, ${loadType.id})
          RETURNING *)
        SELECT ${sql.unsafe(LOAD_COLUMNS)} FROM l`;
      const load = toLoad(row as Parameters<typeof toLoad>[0]);
      const created = await placeBooking(sql, actor, slot, load.id, who.autoApprove ? who.plannedId : who.requestedId);
      const [, booking] = await Promise.all([
        appendEvent(sql, { entity: 'load', action: 'created', entityId: load.id, direction: load.direction, actor, payload: load }),
        findBooking(sql, created.id),
      ]);
      const event = { entity: 'assignment', action: 'created', entityId: created.id, direction: created.load.direction, actor, payload: created } as const;
      return commitWith(appendEventStatement(sql, event), booking).then(() => booking!);
    });
  } catch (error) {
    return mapBookingError(error);
  }
}

/** A booking of the actor's carrier; another carrier's is not found (it does not exist for them). */
export function assertOwnBooking(actor: Actor, booking: Booking | null): Booking {
  if (!booking || booking.carrier_id === null || booking.carrier_id !== actor.carrierId) throw notFound('Booking');
  return booking;
}

/** A declined or cancelled booking asked for again: a new REQUESTED assignment (PLANNED when approved automatically) for the same load. */
export async function rerequestBooking(db: Db, actor: Actor, site: BookingSite, id: number, data: BookingRerequest): Promise<Booking> {
  const who = await bookingActor(db.$client, actor);
  try {
    return await inPipelinedTransaction(db.$client, async (sql, commitWith) => {
      const old = assertOwnBooking(actor, await findBooking(sql, id));
      if (!mayRerequestBooking(old.state)) throw new HttpError(409, 'This booking is still live; only declined or cancelled bookings can be requested again');
      if (old.load_type_id === null) throw new HttpError(409, 'This booking has no load type; please call the site');
      checkStart(data.eta_in, site);
      const loadType = await bookingLoadType(sql, old.load_type_id, 'body');
      const etaOut = new Date(data.eta_in.getTime() + loadType.duration_minutes * 60_000);
      const slot = { rampId: data.ramp_id, direction: old.direction, loadTypeId: loadType.id, etaIn: data.eta_in, etaOut, timeZone: site.timeZone };
      const [live] = await sql`SELECT 1 FROM assignments WHERE load_id = ${old.load_id} AND NOT cancelled`;
      if (live) throw new HttpError(409, 'This load has been booked again already');
      const created = await placeBooking(sql, actor, slot, old.load_id, who.autoApprove ? who.plannedId : who.requestedId);
      const booking = await findBooking(sql, created.id);
      const event = { entity: 'assignment', action: 'created', entityId: created.id, direction: created.load.direction, actor, payload: created } as const;
      return commitWith(appendEventStatement(sql, event), booking).then(() => booking!);
    });
  } catch (error) {
    return mapBookingError(error);
  }
}
