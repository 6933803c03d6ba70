import { z } from 'zod';
import { ADMIN_ONLY, ANY_USER } from '@/lib/roles';
import { rampCreateSchema, rampSchema, rampUpdateSchema } from '@/lib/schemas/ramps';
import { route } from '@/server/http/route';
import { createRamp, deleteRamp, getRamp, listRamps, updateRamp } from '@/server/ramps/ramps';

export const rampRoutes = [
  route({
    method: 'GET',
    path: '/api/ramps',
    summary: 'List ramps',
    tag: 'ramps',
    auth: true,
    // Carrier users too: no people in it (SPEC §9).
    roles: ANY_USER,
    response: z.array(rampSchema),
    handler: async ({ deps }) => listRamps(deps.db),
  }),
  route({
    method: 'POST',
    path: '/api/ramps',
    summary: 'Create a ramp',
    tag: 'ramps',
    auth: true,
    roles: ADMIN_ONLY,
    body: rampCreateSchema,
    status: 201,
    response: rampSchema,
    errors: [409, 422],
    handler: async ({ deps, actor, body }) => createRamp(deps.db, actor, body),
  }),
  route({
    method: 'GET',
    path: '/api/ramps/:id',
    summary: 'Get a ramp',
    tag: 'ramps',
    auth: true,
    response: rampSchema,
    handler: async (ctx) => getRamp(ctx.deps.db, ctx.id),
  }),
  route({
    method: 'PATCH',
    path: '/api/ramps/:id',
    summary: 'Update a ramp',
    tag: 'ramps',
    auth: true,
    roles: ADMIN_ONLY,
    body: rampUpdateSchema,
    response: rampSchema,
    errors: [409, 422],
    handler: async (ctx) => updateRamp(ctx.deps.db, ctx.actor, ctx.id, ctx.body),
  }),
  route({
    method: 'DELETE',
    path: '/api/ramps/:id',
    summary: 'Delete a ramp without assignments',
    tag: 'ramps',
    auth: true,
    roles: ADMIN_ONLY,
    status: 204,
    errors: [409],
    handler: async (ctx) => deleteRamp(ctx.deps.db, ctx.actor, ctx.id),
  }),
];
