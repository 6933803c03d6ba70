import { z } from 'zod';
import { ADMIN_ONLY, ANY_USER } from '@/lib/roles';
import { statusCreateSchema, statusSchema, statusUpdateSchema } from '@/lib/schemas/statuses';
import { route } from '@/server/http/route';
import { createStatus, deleteStatus, getStatus, listStatuses, updateStatus } from '@/server/statuses/statuses';

export const statusRoutes = [
  route({
    method: 'GET',
    path: '/api/statuses',
    summary: 'List statuses',
    tag: 'statuses',
    auth: true,
    // Carrier users too: no people in it (SPEC §9).
    roles: ANY_USER,
    response: z.array(statusSchema),
    handler: async ({ deps }) => listStatuses(deps.db),
  }),
  route({
    method: 'POST',
    path: '/api/statuses',
    summary: 'Create a status',
    tag: 'statuses',
    auth: true,
    roles: ADMIN_ONLY,
    body: statusCreateSchema,
    status: 201,
    response: statusSchema,
    errors: [409, 422],
    handler: async ({ deps, actor, body }) => createStatus(deps.db, actor, body),
  }),
  route({
    method: 'GET',
    path: '/api/statuses/:id',
    summary: 'Get a status',
    tag: 'statuses',
    auth: true,
    response: statusSchema,
    handler: async (ctx) => getStatus(ctx.deps.db, ctx.id),
  }),
  route({
    method: 'PATCH',
    path: '/api/statuses/:id',
    summary: 'Update a status',
    tag: 'statuses',
    auth: true,
    roles: ADMIN_ONLY,
    body: statusUpdateSchema,
    response: statusSchema,
    errors: [409, 422],
    handler: async (ctx) => updateStatus(ctx.deps.db, ctx.actor, ctx.id, ctx.body),
  }),
  route({
    method: 'DELETE',
    path: '/api/statuses/:id',
    summary: 'Delete an unused status',
    tag: 'statuses',
    auth: true,
    roles: ADMIN_ONLY,
    status: 204,
    errors: [409],
    handler: async (ctx) => deleteStatus(ctx.deps.db, ctx.actor, ctx.id),
  }),
];
