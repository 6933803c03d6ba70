import { READ_REPORTS } from '@/lib/roles';
import { historyCsvQuerySchema, MAX_REPORT_DAYS, reportQuerySchema, reportSchema } from '@/lib/schemas/reports';
import { RawBody, route } from '@/server/http/route';
import { assignmentsCsv } from '@/server/reports/assignments-csv';
import { rangeFileName } from '@/server/reports/csv';
import { historyCsv } from '@/server/reports/history-csv';
import { reportData } from '@/server/reports/report-data';
import { resolveRange } from '@/server/reports/report-range';

const CSV = 'text/csv; charset=utf-8';
const attachment = (name: string) => ({ 'Content-Disposition': `attachment; filename="${name}"` });

/** Reports over a range of site days and their CSV downloads: supervisors and admins (SPEC §8). */
export const reportRoutes = [
  route({
    method: 'GET',
    path: '/api/reports',
    summary: `Per site day from..to (at most ${MAX_REPORT_DAYS} days; default the last 30) the figures of /api/kpis, per active ramp its utilization and trucks handled`,
    tag: 'reports',
    auth: true,
    roles: READ_REPORTS,
    query: reportQuerySchema,
    response: reportSchema,
    handler: async ({ deps, query }) => reportData(deps.db, deps.config.timeZone, query),
  }),
  route({
    method: 'GET',
    path: '/api/reports/assignments.csv',
    summary: 'One CSV row per assignment with eta_in in from..to: plan, the four actual times (site time zone, ISO 8601) and wait/door/dwell minutes',
    tag: 'reports',
    auth: true,
    roles: READ_REPORTS,
    query: reportQuerySchema,
    produces: CSV,
    handler: async ({ deps, query }) => {
      const range = resolveRange(query, deps.config.timeZone, new Date());
      return new RawBody(CSV, assignmentsCsv(deps.db, deps.config.timeZone, { ...query, ...range }), attachment(rangeFileName('assignments', range)));
    },
  }),
  route({
    method: 'GET',
    path: '/api/history.csv',
    summary: 'Every change committed in from..to (default today) as CSV: seq, time, user, type, entity, id and the fields an update changed',
    tag: 'reports',
    auth: true,
    roles: READ_REPORTS,
    query: historyCsvQuerySchema,
    produces: CSV,
    handler: async ({ deps, query }) => {
      const range = resolveRange(query, deps.config.timeZone, new Date(), 1);
      return new RawBody(CSV, historyCsv(deps.db, deps.config.timeZone, range), attachment(rangeFileName('history', range)));
    },
  }),
];
