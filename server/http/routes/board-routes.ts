import { z } from 'zod';
import { boardQuerySchema, boardSchema, dayHistoryEntrySchema, dayHistoryQuerySchema } from '@/lib/schemas/board';
import { dayHistory } from '@/server/board/day-history';
import { getBoard } from '@/server/board/get-board';
import { route } from '@/server/http/route';

/** One day of the board, and one day's changes. */
export const boardRoutes = [
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
];
