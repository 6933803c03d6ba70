import { BOOK_SLOTS } from '@/lib/roles';
import {
  availabilityQuerySchema,
  availabilitySchema,
  bookingListSchema,
  bookingRequestSchema,
  bookingRerequestSchema,
  bookingSchema,
} from '@/lib/schemas/booking';
import { ANY_USER } from '@/lib/roles';
import { bookingAvailability } from '@/server/booking/availability';
import { cancelBooking, listBookings } from '@/server/booking/cancel-booking';
import { requestBooking, rerequestBooking } from '@/server/booking/request-booking';
import { route } from '@/server/http/route';

// SPEC §9 self-booking: carriers read free windows and ask for them; staff may read the windows too.
export const bookingRoutes = [
  route({
    method: 'GET',
    path: '/api/booking/availability',
    summary: 'Free windows per ramp for a day, direction and load type (within hours, outside closures and bookings, after the lead time)',
    tag: 'booking',
    auth: true,
    roles: ANY_USER,
    query: availabilityQuerySchema,
    response: availabilitySchema,
    errors: [422],
    handler: async ({ deps, query }) => bookingAvailability(deps.db, deps.config, query),
  }),
  route({
    method: 'POST',
    path: '/api/booking/requests',
    summary: 'Request a booking: a load of your carrier and a requested assignment (planned at once for carriers approved automatically)',
    tag: 'booking',
    auth: true,
    roles: BOOK_SLOTS,
    body: bookingRequestSchema,
    status: 201,
    response: bookingSchema,
    errors: [409, 422],
    handler: async ({ deps, actor, body }) => requestBooking(deps.db, actor, deps.config, body),
  }),
  route({
    method: 'GET',
    path: '/api/booking/requests',
    summary: "Your carrier's bookings, upcoming and of the last 14 days, newest first",
    tag: 'booking',
    auth: true,
    roles: BOOK_SLOTS,
    response: bookingListSchema,
    handler: async ({ deps, actor }) => listBookings(deps.db, actor),
  }),
  route({
    method: 'POST',
    path: '/api/booking/requests/:id/cancel',
    summary: 'Cancel your own request before the site approved it',
    tag: 'booking',
    auth: true,
    roles: BOOK_SLOTS,
    response: bookingSchema,
    errors: [404, 409],
    handler: async (ctx) => cancelBooking(ctx.deps.db, ctx.actor, ctx.id),
  }),
  route({
    method: 'POST',
    path: '/api/booking/requests/:id/rerequest',
    summary: 'Ask again for a declined or cancelled booking at another time',
    tag: 'booking',
    auth: true,
    roles: BOOK_SLOTS,
    body: bookingRerequestSchema,
    status: 201,
    response: bookingSchema,
    errors: [404, 409, 422],
    handler: async (ctx) => rerequestBooking(ctx.deps.db, ctx.actor, ctx.deps.config, ctx.id, ctx.body),
  }),
];
