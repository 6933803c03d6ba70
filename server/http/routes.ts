import { z } from 'zod';
import {
  assignmentCreateSchema,
  assignmentListQuerySchema,
  assignmentSchema,
  assignmentUpdateSchema,
  historyEntrySchema,
  assignmentDeleteQuerySchema,
} from '@/lib/schemas/assignments';
import { boardQuerySchema, boardSchema, dayHistoryEntrySchema, dayHistoryQuerySchema, tvBoardSchema } from '@/lib/schemas/board';
import { displayCreateSchema, displaySchema, displayUpdateSchema } from '@/lib/schemas/displays';
import { loadCreateSchema, loadListQuerySchema, loadSchema, loadUpdateSchema } from '@/lib/schemas/loads';
import { rampCreateSchema, rampSchema, rampUpdateSchema } from '@/lib/schemas/ramps';
import { statusCreateSchema, statusSchema, statusUpdateSchema } from '@/lib/schemas/statuses';
import { loginSchema, tokenSchema, userCreateSchema, userSchema, userUpdateSchema } from '@/lib/schemas/users';
import { ADMIN_ONLY, WRITE_ASSIGNMENTS, WRITE_LOADS } from '@/lib/roles';
import { authenticate, issueToken } from '@/server/auth/login';
import { assignmentHistory } from '@/server/assignments/assignment-history';
import { getAssignment } from '@/server/assignments/get-assignment';
import { createAssignment } from '@/server/assignments/create-assignment';
import { deleteAssignment } from '@/server/assignments/delete-assignment';
import { listAssignments } from '@/server/assignments/list-assignments';
import { updateAssignment } from '@/server/assignments/update-assignment';
import { dayHistory } from '@/server/board/day-history';
import { getBoard } from '@/server/board/get-board';
import { createDisplay, listDisplays, revokeDisplay, updateDisplay } from '@/server/displays/displays';
import { getTvBoard } from '@/server/displays/tv-board';
import { HttpError, RETRY_AFTER_SECONDS } from '@/server/errors';
import { databaseAnswers } from '@/server/db/ping';
import { createLoad, deleteLoad, getLoad, listLoads, updateLoad } from '@/server/loads/loads';
import { createRamp, deleteRamp, getRamp, listRamps, updateRamp } from '@/server/ramps/ramps';
import { createStatus, deleteStatus, getStatus, listStatuses, updateStatus } from '@/server/statuses/statuses';
import { createUser, deleteUser, getMe, getUser, listUsers, revokeSessions, updateUser } from '@/server/users/users';
import { route, type Route } from '@/server/http/route';

/** /api/ready answers within a second even when the pool does not. */
const READY_DEADLINE_MS = 800;

/**
 * The REST API; the same table feeds the router, the OpenAPI document and the
 * role checks. Handlers get `body`, `query` and `id` parsed (server/http/app.ts).
 */
export const routes: Route[] = [
  route({
    method: 'GET',
    path: '/api/health',
    summary: 'Liveness',
    tag: 'system',
    auth: false,
    response: z.object({ status: z.literal('ok') }),
    handler: async () => ({ status: 'ok' }),
  }),
  route({
    method: 'GET',
    path: '/api/ready',
    summary: 'Readiness: the database answers',
    tag: 'system',
    auth: false,
    response: z.object({ status: z.literal('ready'), database: z.literal('ok') }),
    errors: [503],
    handler: async ({ deps }) => {
      if (deps.lifecycle?.draining) throw new HttpError(503, 'Shutting down', {}, { 'Retry-After': '1' });
      // Its own deadline: a pool that hangs must fail the check, not hold it.
      if (!(await databaseAnswers(deps.db, READY_DEADLINE_MS))) throw new HttpError(503, 'Database unavailable', {}, { 'Retry-After': RETRY_AFTER_SECONDS });
      return { status: 'ready', database: 'ok' };
    },
  }),
  route({
    method: 'GET',
    path: '/api/ws/stats',
    summary: 'Open WebSocket and Socket.IO connections of every instance: ids and filters only',
    tag: 'realtime',
    auth: false,
    response: z.object({
      active_connections: z.number(),
      clients: z.array(z.object({ client_id: z.string(), filters: z.object({ direction: z.enum(['IB', 'OB']).optional() }) })),
    }),
    handler: async ({ deps }) => {
      if (!deps.realtime) return { active_connections: 0, clients: [] };
      try {
        return await deps.realtime.stats();
      } catch (error) {
        // Other instances' clients are only known from the database: say so rather than under-count.
        deps.logger.warn({ err: error }, 'socket stats unavailable');
        throw new HttpError(503, 'Connection statistics are unavailable while the database is unreachable', {}, { 'Retry-After': '2' });
      }
    },
  }),
  route({
    method: 'POST',
    path: '/api/auth/login',
    summary: 'Exchange email and password for a bearer token',
    tag: 'auth',
    auth: false,
    body: loginSchema,
    jsonOnly: true,
    response: tokenSchema,
    errors: [401, 415, 422, 429],
    handler: async ({ deps, body, ip }) => issueToken(await authenticate(deps.db, deps.loginGuard, body, ip), deps.config),
  }),

  route({
    method: 'GET',
    path: '/api/users/me',
    summary: 'The signed-in user',
    tag: 'users',
    auth: true,
    response: userSchema,
    handler: async ({ deps, actor }) => getMe(deps.db, actor),
  }),
  route({
    method: 'GET',
    path: '/api/users',
    summary: 'List users',
    tag: 'users',
    auth: true,
    roles: ADMIN_ONLY,
    response: z.array(userSchema),
    handler: async ({ deps }) => listUsers(deps.db),
  }),
  route({
    method: 'POST',
    path: '/api/users',
    summary: 'Create a user',
    tag: 'users',
    auth: true,
    roles: ADMIN_ONLY,
    body: userCreateSchema,
    status: 201,
    response: userSchema,
    errors: [409, 422],
    handler: async ({ deps, actor, body }) => createUser(deps.db, actor, body),
  }),
  route({
    method: 'GET',
    path: '/api/users/:id',
    summary: 'Get a user',
    tag: 'users',
    auth: true,
    roles: ADMIN_ONLY,
    response: userSchema,
    handler: async (ctx) => getUser(ctx.deps.db, ctx.id),
  }),
  route({
    method: 'PATCH',
    path: '/api/users/:id',
    summary: 'Update a user (deactivate with is_active: false); a password, role or activity change signs them out everywhere',
    tag: 'users',
    auth: true,
    roles: ADMIN_ONLY,
    body: userUpdateSchema,
    response: userSchema,
    errors: [400, 409, 422],
    handler: async (ctx) => updateUser(ctx.deps.db, ctx.actor, ctx.id, ctx.body),
  }),
  route({
    method: 'POST',
    path: '/api/auth/logout-all',
    summary: 'Sign out everywhere: every token and browser session of the signed-in user stops working, their sockets close',
    tag: 'auth',
    auth: true,
    status: 204,
    handler: async ({ deps, actor }) => revokeSessions(deps.db, actor, actor.id),
  }),
  route({
    method: 'POST',
    path: '/api/users/:id/sessions/revoke',
    summary: 'Sign a user out everywhere: their tokens and browser sessions stop working, their sockets close',
    tag: 'users',
    auth: true,
    roles: ADMIN_ONLY,
    status: 204,
    handler: async (ctx) => revokeSessions(ctx.deps.db, ctx.actor, ctx.id),
  }),
  route({
    method: 'DELETE',
    path: '/api/users/:id',
    summary: 'Delete a user (not yourself)',
    tag: 'users',
    auth: true,
    roles: ADMIN_ONLY,
    status: 204,
    errors: [400, 409],
    handler: async (ctx) => deleteUser(ctx.deps.db, ctx.actor, ctx.id),
  }),

  route({
    method: 'GET',
    path: '/api/ramps',
    summary: 'List ramps',
    tag: 'ramps',
    auth: true,
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

  route({
    method: 'GET',
    path: '/api/statuses',
    summary: 'List statuses',
    tag: 'statuses',
    auth: true,
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

  route({
    method: 'GET',
    path: '/api/assignments',
    summary: 'List assignments (window: those overlapping [from, to))',
    tag: 'assignments',
    auth: true,
    query: assignmentListQuerySchema,
    response: z.array(assignmentSchema),
    handler: async ({ deps, query }) => listAssignments(deps.db, query),
  }),
  route({
    method: 'POST',
    path: '/api/assignments',
    summary: 'Assign a load to a ramp for a time window',
    tag: 'assignments',
    auth: true,
    roles: WRITE_ASSIGNMENTS,
    body: assignmentCreateSchema,
    status: 201,
    response: assignmentSchema,
    errors: [409, 422],
    handler: async ({ deps, actor, body }) => createAssignment(deps.db, actor, body),
  }),
  route({
    method: 'GET',
    path: '/api/assignments/:id',
    summary: 'Get an assignment',
    tag: 'assignments',
    auth: true,
    response: assignmentSchema,
    handler: async (ctx) => getAssignment(ctx.deps.db, ctx.id),
  }),
  ...(['PATCH', 'PUT'] as const).map((method) =>
    route({
      method,
      path: '/api/assignments/:id',
      summary: 'Update an assignment; `version` must be the one the change was based on (409 otherwise)',
      tag: 'assignments',
      auth: true,
      roles: WRITE_ASSIGNMENTS,
      body: assignmentUpdateSchema,
      response: assignmentSchema,
      errors: [409, 422],
      handler: async (ctx) => updateAssignment(ctx.deps.db, ctx.actor, ctx.id, ctx.body),
    }),
  ),
  route({
    method: 'DELETE',
    path: '/api/assignments/:id',
    summary: 'Delete an assignment; `?version=` makes it conditional',
    tag: 'assignments',
    auth: true,
    roles: WRITE_ASSIGNMENTS,
    query: assignmentDeleteQuerySchema,
    status: 204,
    errors: [409],
    handler: async (ctx) => deleteAssignment(ctx.deps.db, ctx.actor, ctx.id, ctx.query),
  }),
  route({
    method: 'GET',
    path: '/api/board',
    summary: "One day of the board (site time zone): ramps, statuses, the day's assignments and unassigned loads, and the seq they reflect",
    tag: 'board',
    auth: true,
    query: boardQuerySchema,
    response: boardSchema,
    handler: async ({ deps, query }) => getBoard(deps.db, deps.config.timeZone, query),
  }),
  route({
    method: 'GET',
    path: '/api/history',
    summary: 'Every assignment change of one day, newest first',
    tag: 'board',
    auth: true,
    query: dayHistoryQuerySchema,
    response: z.array(dayHistoryEntrySchema),
    handler: async ({ deps, query }) => dayHistory(deps.db, deps.config.timeZone, query),
  }),
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
    summary: 'Rename or rescope a display link',
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
  route({
    method: 'GET',
    path: '/api/assignments/:id/history',
    summary: 'Every change of an assignment, from the event log',
    tag: 'assignments',
    auth: true,
    response: z.array(historyEntrySchema),
    handler: async (ctx) => assignmentHistory(ctx.deps.db, ctx.id),
  }),
];
