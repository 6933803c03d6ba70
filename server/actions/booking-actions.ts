import { BOOK_SLOTS } from '@/lib/roles';
import { bookingRequestSchema, bookingRerequestSchema } from '@/lib/schemas/booking';
import { defineAction, noInput } from '@/server/actions/run-action';
import { cancelBooking } from '@/server/booking/cancel-booking';
import { requestBooking, rerequestBooking } from '@/server/booking/request-booking';
import { getRuntime } from '@/server/runtime';

// The carrier portal's writes: the same schemas, roles and domain functions as
// the booking routes (server/http/routes/booking-routes.ts).

/** The site's booking settings, as the REST routes read them from the config. */
const site = () => getRuntime().config;

/** POST /api/booking/requests */
export const requestBookingSpec = defineAction({
  name: 'booking.request',
  roles: BOOK_SLOTS,
  input: bookingRequestSchema,
  handler: ({ db, actor }, data) => requestBooking(db, actor, site(), data),
});

/** POST /api/booking/requests/{id}/cancel */
export const cancelBookingSpec = defineAction({
  name: 'booking.cancel',
  roles: BOOK_SLOTS,
  withId: true,
  input: noInput,
  handler: ({ db, actor, id }) => cancelBooking(db, actor, id),
});

/** POST /api/booking/requests/{id}/rerequest */
export const rerequestBookingSpec = defineAction({
  name: 'booking.rerequest',
  roles: BOOK_SLOTS,
  withId: true,
  input: bookingRerequestSchema,
  handler: ({ db, actor, id }, data) => rerequestBooking(db, actor, site(), id, data),
});
