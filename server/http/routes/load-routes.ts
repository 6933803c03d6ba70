import { z } from 'zod';
import { ANY_USER, WRITE_LOADS } from '@/lib/roles';
import { loadCreateSchema, loadListQuerySchema, loadSchema, loadUpdateSchema } from '@/lib/schemas/loads';
import { carrierScope } from '@/server/carriers/carrier-scope';
import { route } from '@/server/http/route';
import { createLoad, deleteLoad, getLoad, listLoads, updateLoad } from '@/server/loads/loads';

export const loadRoutes = [
  route({
    method: 'GET',
    path: '/api/loads',
    summary: 'List loads',
    tag: 'loads',
    auth: true,
    // A carrier user: its own carrier's only (SPEC §9); loads name no people.
    roles: ANY_USER,
    query: loadListQuerySchema,
    response: z.array(loadSchema),
    handler: async ({ deps, query, actor }) => listLoads(deps.db, { ...query, carrierId: carrierScope(actor) }),
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
    // A carrier user: its own carrier's only; another's is 404.
    roles: ANY_USER,
    response: loadSchema,
    handler: async (ctx) => getLoad(ctx.deps.db, ctx.id, carrierScope(ctx.actor)),
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
