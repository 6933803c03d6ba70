import { z } from 'zod';
import { ADMIN_ONLY } from '@/lib/roles';
import { tvBoardSchema } from '@/lib/schemas/board';
import { displayCreateSchema, displaySchema, displayUpdateSchema } from '@/lib/schemas/displays';
import { createDisplay, listDisplays, revokeDisplay, updateDisplay } from '@/server/displays/displays';
import { getTvBoard } from '@/server/displays/tv-board';
import { route } from '@/server/http/route';

/** Display links for wall TVs, and the board a link shows. */
export const displayRoutes = [
  route({
    method: 'GET',
    path: '/api/tv/:token',
    summary: 'The board of a display link (no login: the link is the credential)',
    tag: 'displays',
    auth: false,
    response: tvBoardSchema,
    handler: async (ctx) => getTvBoard(ctx.deps.db, ctx.deps.config.timeZone, ctx.params.token ?? ''),
  }),
  route({
    method: 'GET',
    path: '/api/displays',
    summary: 'List display links',
    tag: 'displays',
    auth: true,
    roles: ADMIN_ONLY,
    response: z.array(displaySchema),
    handler: async ({ deps }) => listDisplays(deps.db),
  }),
  route({
    method: 'POST',
    path: '/api/displays',
    summary: 'Create a display link for a wall TV',
    tag: 'displays',
    auth: true,
    roles: ADMIN_ONLY,
    body: displayCreateSchema,
    status: 201,
    response: displaySchema,
    errors: [422],
    handler: async ({ deps, actor, body }) => createDisplay(deps.db, actor, body),
  }),
  route({
    method: 'PATCH',
    path: '/api/displays/:id',
    summary: 'Rename or rescope a display link, or change its page time and free ramps',
    tag: 'displays',
    auth: true,
    roles: ADMIN_ONLY,
    body: displayUpdateSchema,
    response: displaySchema,
    errors: [422],
    handler: async (ctx) => updateDisplay(ctx.deps.db, ctx.actor, ctx.id, ctx.body),
  }),
  route({
    method: 'DELETE',
    path: '/api/displays/:id',
    summary: 'Revoke a display link: its TVs stop showing data within seconds',
    tag: 'displays',
    auth: true,
    roles: ADMIN_ONLY,
    status: 204,
    handler: async (ctx) => revokeDisplay(ctx.deps.db, ctx.actor, ctx.id),
  }),
];
