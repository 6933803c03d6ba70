import { mayCancelBooking } from '@/lib/booking-state';
import type { Booking } from '@/lib/schemas/booking';
import type { Actor } from '@/server/auth/actor';
import { lockAssignment, updateAssignmentRow } from '@/server/assignments/assignment-query';
import type { Db } from '@/server/db/client';
import { mapPgError } from '@/server/db/pg-errors';
import { inPipelinedTransaction } from '@/server/db/pipelined';
import { HttpError } from '@/server/errors';
import { appendEventStatement } from '@/server/events/append-event';
import { findBooking, selectBookings, toBooking } from '@/server/booking/booking-query';
import { assertOwnBooking } from '@/server/booking/request-booking';

export const APPROVED_CANCEL_MESSAGE = 'Approved bookings are changed by the site; please call the site';

/** A carrier withdraws its own request before the site decided: REQUESTED → CANCELLED, an assignment update like any other. */
export async function cancelBooking(db: Db, actor: Actor, id: number): Promise<Booking> {
  try {
    return await inPipelinedTransaction(db.$client, async (sql, commitWith) => {
      // Sent together: the lock first, then the booking as it stands under it.
      const [before, found, [cancelled]] = await Promise.all([
        lockAssignment(sql, id),
        findBooking(sql, id),
        sql<{ id: number }[]>`SELECT id FROM statuses WHERE code = 'CANCELLED'`,
      ]);
      const booking = assertOwnBooking(actor, found);
      if (!before) throw new HttpError(404, 'Booking not found');
      if (!mayCancelBooking(booking.state)) {
        throw new HttpError(
          409,
          booking.state === 'declined' || booking.state === 'cancelled' ? `This booking is already ${booking.state}` : APPROVED_CANCEL_MESSAGE,
        );
      }
      const after = await updateAssignmentRow(sql, id, before.version, { status_id: cancelled!.id }, actor.id);
      if (!after) throw new HttpError(409, 'The booking just changed; please reload');
      const answer: Booking = { ...booking, version: after.version, state: 'cancelled', status_code: after.status.code, updated_at: after.updated_at };
      const event = { entity: 'assignment', action: 'updated', entityId: id, direction: after.load.direction, actor, payload: after, before } as const;
      return commitWith(appendEventStatement(sql, event), answer).then(() => answer);
    });
  } catch (error) {
    if (error instanceof HttpError) throw error;
    mapPgError(error);
  }
}

/** The carrier's bookings, each load once (its latest booking), upcoming and of the last 14 days, newest first. */
export async function listBookings(db: Db, actor: Actor): Promise<{ items: Booking[] }> {
  if (!actor.carrierId) return { items: [] };
  const sql = db.$client;
  const rows = await selectBookings(
    sql,
    sql`a.id IN (SELECT DISTINCT ON (x.load_id) x.id FROM assignments x JOIN loads y ON y.id = x.load_id
                 WHERE y.carrier_id = ${actor.carrierId} ORDER BY x.load_id, x.id DESC)
        AND a.eta_out > now() - interval '14 days'`,
    sql`ORDER BY a.eta_in DESC, a.id DESC LIMIT 500`,
  );
  return { items: rows.map(toBooking) };
}
