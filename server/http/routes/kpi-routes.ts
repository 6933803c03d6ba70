import { kpisQuerySchema, dayKpisSchema } from '@/lib/schemas/kpis';
import { findActiveDisplay } from '@/server/displays/displays';
import { notFound } from '@/server/errors';
import { route } from '@/server/http/route';
import { dayKpis } from '@/server/kpis/day-kpis';

const DEFINITIONS =
  'As of now, over the assignments with eta_in in the site day (not cancelled), with the rules of the board and the TV. Arrived: ' +
  'arrived_at, else the first of started/completed/departed (a truck that started was there), else a status ARRIVED, IN_PROGRESS or ' +
  'COMPLETED. Completed: COMPLETED, or completed/departed by now. late: not arrived, not completed, now past eta_in + 15 min, whatever ' +
  'the status. overdue: not completed, now past eta_out. no_show: now past eta_out and not arrived by eta_out. on_time_arrival_pct: ' +
  'of those due (arrived by now, or now past eta_in + 15 min) the share whose recorded arrival is by eta_in + 15 min. on_dock: started, ' +
  'not completed. waiting: arrived, not started (and loads checked in at the gate that day with no live assignment). Averages over the ' +
  'assignments having both times: wait arrived → started, door started → completed, dwell arrived → departed. utilization_pct per ' +
  'active ramp: started → completed (still at the door: up to now) inside the day, over its 24 h (23/25 on DST days), today over its ' +
  'elapsed part; a planned window that did not happen occupies nothing.';

/** A day's figures from the recorded facts: for signed-in users, and without people for a display link. */
export const kpiRoutes = [
  route({
    method: 'GET',
    path: '/api/kpis',
    summary: `A site day's KPIs (today unless \`date\`). ${DEFINITIONS}`,
    tag: 'reports',
    auth: true,
    query: kpisQuerySchema,
    response: dayKpisSchema,
    handler: async ({ deps, query }) => dayKpis(deps.db, deps.config.timeZone, query),
  }),
  route({
    method: 'GET',
    path: '/api/tv/:token/kpis',
    summary: "Today's KPIs in a display link's direction (no login: the link is the credential); the same figures as /api/kpis",
    tag: 'displays',
    auth: false,
    response: dayKpisSchema,
    handler: async ({ deps, params }) => {
      const display = await findActiveDisplay(deps.db, params.token ?? '');
      if (!display) throw notFound('Display link');
      return dayKpis(deps.db, deps.config.timeZone, { direction: display.direction ?? undefined });
    },
  }),
];
