import { DECIDE_REQUESTS } from '@/lib/roles';
import { defineAction } from '@/server/actions/run-action';
import { approveDecisionSchema, approveRequest, declineDecisionSchema, declineRequest } from '@/server/booking/decide-request';

// The board's decisions on requested bookings: the same schemas, roles and domain functions
// as the REST routes (server/http/routes/booking-decision-routes.ts).

/** POST /api/booking/requests/{id}/approve */
export const approveRequestSpec = defineAction({
  name: 'booking.approve',
  roles: DECIDE_REQUESTS,
  withId: true,
  input: approveDecisionSchema,
  handler: ({ db, actor, id }, data) => approveRequest(db, actor, id, data),
});

/** POST /api/booking/requests/{id}/decline */
export const declineRequestSpec = defineAction({
  name: 'booking.decline',
  roles: DECIDE_REQUESTS,
  withId: true,
  input: declineDecisionSchema,
  handler: ({ db, actor, id }, data) => declineRequest(db, actor, id, data),
});
