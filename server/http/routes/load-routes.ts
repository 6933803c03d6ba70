import { z } from 'zod';
import { WRITE_LOADS } from '@/lib/roles';
import { loadCreateSchema, loadListQuerySchema, loadSchema, loadUpdateSchema } from '@/lib/schemas/loads';
import { route } from '@/server/http/route';
import { createLoad, deleteLoad, getLoad, listLoads, updateLoad } from '@/server/loads/loads';

export const loadRoutes = [
  route({
    method: 'GET',
    path: '/api/loads',
    summary: 'List loads',
    tag: 'loads',
    auth: true,
    query: loadListQuerySchema,
    response: z.array(loadSchema),
    handler: async ({ deps, query }) => listLoads(deps.db, query),
  }),
  route({
    method: 'POST',
    path: '/api/loads',
    summary: 'Create a load',
    tag: 'loads',
    auth: true,
    roles: WRITE_LOADS,
    body: loadCreateSchema,
    status: 201,
    response: loadSchema,
    errors: [409, 422],
    handler: async ({ deps, actor, body }) => createLoad(deps.db, actor, body),
  }),
  route({
    method: 'GET',
    path: '/api/loads/:id',
    summary: 'Get a load',
    tag: 'loads',
    auth: true,
    response: loadSchema,
    handler: async (ctx) => getLoad(ctx.deps.db, ctx.id),
  }),
  route({
    method: 'PATCH',
    path: '/api/loads/:id',
    summary: 'Update a load',
    tag: 'loads',
    auth: true,
    roles: WRITE_LOADS,
    body: loadUpdateSchema,
    response: loadSchema,
    errors: [409, 422],
    handler: async (ctx) => updateLoad(ctx.deps.db, ctx.actor, ctx.id, ctx.body),
  }),
  route({
    method: 'DELETE',
    path: '/api/loads/:id',
    summary: 'Delete a load without an assignment',
    tag: 'loads',
    auth: true,
    roles: WRITE_LOADS,
    status: 204,
    errors: [409],
    handler: async (ctx) => deleteLoad(ctx.deps.db, ctx.actor, ctx.id),
  }),
];
