import { WRITE_ASSIGNMENTS, WRITE_LOADS } from '@/lib/roles';
import { gateTimeSchema, walkInSchema } from '@/lib/schemas/gate';
import { defineAction, noInput } from '@/server/actions/run-action';
import { callToDoor } from '@/server/assignments/call-to-door';
import { checkOut } from '@/server/assignments/check-out';
import { checkIn, walkIn } from '@/server/loads/check-in';

// The gate's writes from the board: the same schemas, roles and domain functions
// as the gate routes (server/http/routes/gate-routes.ts).

/** POST /api/loads/{id}/check-in */
export const checkInSpec = defineAction({
  name: 'loads.check-in',
  roles: WRITE_ASSIGNMENTS,
  withId: true,
  input: gateTimeSchema,
  handler: ({ db, actor, id }, data) => checkIn(db, actor, id, data),
});

/** POST /api/loads/walk-in */
export const walkInSpec = defineAction({
  name: 'loads.walk-in',
  roles: WRITE_LOADS,
  input: walkInSchema,
  handler: ({ db, actor }, data) => walkIn(db, actor, data),
});

/** POST /api/assignments/{id}/check-out */
export const checkOutSpec = defineAction({
  name: 'assignments.check-out',
  roles: WRITE_ASSIGNMENTS,
  withId: true,
  input: gateTimeSchema,
  handler: ({ db, actor, id }, data) => checkOut(db, actor, id, data),
});

/** POST /api/assignments/{id}/call */
export const callToDoorSpec = defineAction({
  name: 'assignments.call',
  roles: WRITE_ASSIGNMENTS,
  withId: true,
  input: noInput,
  handler: ({ db, actor, id }) => callToDoor(db, actor, id),
});
