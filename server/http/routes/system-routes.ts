import { z } from 'zod';
import { databaseAnswers } from '@/server/db/ping';
import { HttpError, RETRY_AFTER_SECONDS } from '@/server/errors';
import { route } from '@/server/http/route';

/** /api/ready answers within a second even when the pool does not. */
const READY_DEADLINE_MS = 800;

/** Liveness, readiness and the socket statistics: no login. */
export const systemRoutes = [
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
];
