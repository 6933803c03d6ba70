import { z } from 'zod';
import { ADMIN_ONLY } from '@/lib/roles';
import { carrierCreateSchema, carrierSchema, carrierUpdateSchema } from '@/lib/schemas/carriers';
import { route } from '@/server/http/route';
import { createCarrier, deleteCarrier, getCarrier, listCarriers, updateCarrier } from '@/server/carriers/carriers';

// SPEC §9: staff read the carriers (the load form's select); admins manage them. Carrier users get none of it.
export const carrierRoutes = [
  route({
    method: 'GET',
    path: '/api/carriers',
    summary: 'List carriers',
    tag: 'carriers',
    auth: true,
    response: z.array(carrierSchema),
    handler: async ({ deps }) => listCarriers(deps.db),
  }),
  route({
    method: 'POST',
    path: '/api/carriers',
    summary: 'Create a carrier',
    tag: 'carriers',
    auth: true,
    roles: ADMIN_ONLY,
    body: carrierCreateSchema,
    status: 201,
    response: carrierSchema,
    errors: [409, 422],
    handler: async ({ deps, body }) => createCarrier(deps.db, body),
  }),
  route({
    method: 'GET',
    path: '/api/carriers/:id',
    summary: 'Get a carrier',
    tag: 'carriers',
    auth: true,
    response: carrierSchema,
    handler: async (ctx) => getCarrier(ctx.deps.db, ctx.id),
  }),
  route({
    method: 'PATCH',
    path: '/api/carriers/:id',
    summary: 'Update a carrier (deactivate with is_active: false); a new name is also shown on its loads',
    tag: 'carriers',
    auth: true,
    roles: ADMIN_ONLY,
    body: carrierUpdateSchema,
    response: carrierSchema,
    errors: [409, 422],
    handler: async (ctx) => updateCarrier(ctx.deps.db, ctx.id, ctx.body),
  }),
  route({
    method: 'DELETE',
    path: '/api/carriers/:id',
    summary: 'Delete a carrier no load or user refers to (deactivate it otherwise)',
    tag: 'carriers',
    auth: true,
    roles: ADMIN_ONLY,
    status: 204,
    errors: [409],
    handler: async (ctx) => deleteCarrier(ctx.deps.db, ctx.id),
  }),
];
