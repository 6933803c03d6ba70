import type { Booking } from '@/lib/schemas/booking';
import { selectBookings, toBooking } from '@/server/booking/booking-query';
import type { Db } from '@/server/db/client';

/** How many the Requests list shows at most: a site with more waiting has a bigger problem than a long list. */
const PENDING_LIMIT = 500;

/**
 * What waits for an operator's decision (SPEC §9): every REQUESTED booking whose window has not ended yet,
 * soonest first. One that ended undecided is history, not a request.
 */
export async function listPendingRequests(db: Db, now = new Date()): Promise<{ items: Booking[] }> {
  const sql = db.$client;
  const rows = await selectBookings(
    sql,
    sql`s.code = 'REQUESTED' AND a.eta_out > ${now.toISOString()}::timestamptz`,
    sql`ORDER BY a.eta_in, a.id LIMIT ${PENDING_LIMIT}`,
  );
  return { items: rows.map(toBooking) };
}
