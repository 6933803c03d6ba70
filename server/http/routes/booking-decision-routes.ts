import { DECIDE_REQUESTS } from '@/lib/roles';
import { bookingListSchema, bookingSchema } from '@/lib/schemas/booking';
import { approveDecisionSchema, approveRequest, declineDecisionSchema, declineRequest } from '@/server/booking/decide-request';
import { listPendingRequests } from '@/server/booking/pending-requests';
import { route } from '@/server/http/route';

/** The site's side of self-booking (SPEC §9): what waits for a decision, and the decision. */
export const bookingDecisionRoutes = [
  route({
    method: 'GET',
    path: '/api/booking/pending',
    summary: 'Requested bookings waiting for a decision: every REQUESTED booking whose window has not ended, soonest first',
    tag: 'booking',
    auth: true,
    // No roles: the site's staff (STAFF), never a carrier user.
    response: bookingListSchema,
    handler: async ({ deps }) => listPendingRequests(deps.db),
  }),
  route({
    method: 'POST',
    path: '/api/booking/requests/:id/approve',
    summary: 'Approve a requested booking: REQUESTED → PLANNED. 409 when it changed since `version` or is no longer waiting for approval',
    tag: 'booking',
    auth: true,
    roles: DECIDE_REQUESTS,
    body: approveDecisionSchema,
    response: bookingSchema,
    errors: [404, 409, 422],
    handler: async (ctx) => approveRequest(ctx.deps.db, ctx.actor, ctx.id, ctx.body),
  }),
  route({
    method: 'POST',
    path: '/api/booking/requests/:id/decline',
    summary: 'Decline a requested booking with a reason (1–500 characters, the carrier is told it): REQUESTED → DECLINED, which frees its window',
    tag: 'booking',
    auth: true,
    roles: DECIDE_REQUESTS,
    body: declineDecisionSchema,
    response: bookingSchema,
    errors: [404, 409, 422],
    handler: async (ctx) => declineRequest(ctx.deps.db, ctx.actor, ctx.id, ctx.body),
  }),
];
