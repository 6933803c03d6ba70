import type { Route } from '@/server/http/route';
import { assignmentRoutes } from '@/server/http/routes/assignment-routes';
import { boardRoutes } from '@/server/http/routes/board-routes';
import { bookingRoutes } from '@/server/http/routes/booking-routes';
import { carrierRoutes } from '@/server/http/routes/carrier-routes';
import { bookingDecisionRoutes } from '@/server/http/routes/booking-decision-routes';
import { displayRoutes } from '@/server/http/routes/display-routes';
import { gateRoutes } from '@/server/http/routes/gate-routes';
import { kpiRoutes } from '@/server/http/routes/kpi-routes';
import { loadRoutes } from '@/server/http/routes/load-routes';
import { rampRoutes } from '@/server/http/routes/ramp-routes';
import { rulesRoutes } from '@/server/http/routes/rules-routes';
import { reportRoutes } from '@/server/http/routes/report-routes';
import { searchRoutes } from '@/server/http/routes/search-routes';
import { statusRoutes } from '@/server/http/routes/status-routes';
import { systemRoutes } from '@/server/http/routes/system-routes';
import { userRoutes } from '@/server/http/routes/user-routes';
import { webhookRoutes } from '@/server/http/routes/webhook-routes';

/**
 * The REST API, one file per domain under routes/; the same table feeds the
 * router, the OpenAPI document and the role checks. Handlers get `body`,
 * `query` and `id` parsed (server/http/app.ts).
 */
export const routes: Route[] = [
  ...systemRoutes,
  ...userRoutes,
  ...rampRoutes,
  ...rulesRoutes,
  ...carrierRoutes,
  ...statusRoutes,
  ...loadRoutes,
  ...assignmentRoutes,
  ...gateRoutes,
  ...boardRoutes,
  ...searchRoutes,
  ...displayRoutes,
  ...kpiRoutes,
  ...reportRoutes,
  ...webhookRoutes,
  ...bookingRoutes,
  ...bookingDecisionRoutes,
];
