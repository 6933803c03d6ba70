import { searchAnswerSchema, searchQuerySchema } from '@/lib/schemas/search';
import { route } from '@/server/http/route';
import { searchLoads } from '@/server/search/search-loads';

/** Finding a load on any day: for everyone who reads the board. */
export const searchRoutes = [
  route({
    method: 'GET',
    path: '/api/search',
    summary:
      'Loads of any day whose reference, carrier, notes or ramp (code or description of the live assignment) contains `q`, any case; ' +
      'each with its assignment (or none) and the site day it is on; today first (with the loads that have no planned time), ' +
      'then the nearest days; at most `limit`',
    tag: 'board',
    auth: true,
    query: searchQuerySchema,
    response: searchAnswerSchema,
    handler: async ({ deps, query }) => searchLoads(deps.db, deps.config.timeZone, query),
  }),
];
