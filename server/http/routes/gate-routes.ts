import { z } from 'zod';
import { WRITE_ASSIGNMENTS, WRITE_LOADS } from '@/lib/roles';
import { assignmentSchema } from '@/lib/schemas/assignments';
import { checkInResultSchema, gateTimeSchema, walkInSchema, yardEntrySchema, yardQuerySchema } from '@/lib/schemas/gate';
import { callToDoor } from '@/server/assignments/call-to-door';
import { checkOut } from '@/server/assignments/check-out';
import { route } from '@/server/http/route';
import { checkIn, walkIn } from '@/server/loads/check-in';
import { listYard } from '@/server/yard/list-yard';

/** The gate and the yard queue (SPEC §8). */
export const gateRoutes = [
  route({
    method: 'POST',
    path: '/api/loads/walk-in',
    summary: 'A walk-in: create a load and check its truck in at once (`at` defaults to now); it enters the yard queue',
    tag: 'gate',
    auth: true,
    roles: WRITE_LOADS,
    body: walkInSchema,
    status: 201,
    response: checkInResultSchema,
    errors: [409, 422],
    handler: async ({ deps, actor, body }) => walkIn(deps.db, actor, body),
  }),
  route({
    method: 'POST',
    path: '/api/loads/:id/check-in',
    summary:
      "A truck at the gate: the load's live assignment gets arrived_at and ARRIVED; a load without one enters the yard queue. Checking in again keeps the first time",
    tag: 'gate',
    auth: true,
    roles: WRITE_ASSIGNMENTS,
    body: gateTimeSchema,
    response: checkInResultSchema,
    errors: [404, 422],
    handler: async (ctx) => checkIn(ctx.deps.db, ctx.actor, ctx.id, ctx.body),
  }),
  route({
    method: 'POST',
    path: '/api/assignments/:id/check-out',
    summary: 'The truck left: departed_at, and COMPLETED with completed_at if it was not yet. Checking out again keeps the first time',
    tag: 'gate',
    auth: true,
    roles: WRITE_ASSIGNMENTS,
    body: gateTimeSchema,
    response: assignmentSchema,
    errors: [404, 409, 422],
    handler: async (ctx) => checkOut(ctx.deps.db, ctx.actor, ctx.id, ctx.body),
  }),
  route({
    method: 'POST',
    path: '/api/assignments/:id/call',
    summary: 'Call the truck to its door: called_at = now; the TVs of its direction show "reference → ramp" for 10 minutes',
    tag: 'gate',
    auth: true,
    roles: WRITE_ASSIGNMENTS,
    response: assignmentSchema,
    errors: [404, 409],
    handler: async (ctx) => callToDoor(ctx.deps.db, ctx.actor, ctx.id),
  }),
  route({
    method: 'GET',
    path: '/api/yard',
    summary: 'Trucks on site waiting for a door (checked in, not started, not departed or cancelled), oldest first, with waiting_minutes',
    tag: 'gate',
    auth: true,
    query: yardQuerySchema,
    response: z.array(yardEntrySchema),
    handler: async ({ deps, query }) => listYard(deps.db, query),
  }),
];
