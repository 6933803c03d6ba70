import type { Metadata } from 'next';
import { ReportsNotForRole } from '@/components/reports/not-for-role';
import { mayReadReports } from '@/lib/roles';
import { rangeFromParams } from '@/components/reports/report-range';
import { ReportsScreen } from '@/components/reports/reports-screen';
import { dayOf } from '@/lib/zoned-time';
import { requirePageActor } from '@/server/auth/session';
import { getRuntime } from '@/server/runtime';

export const metadata: Metadata = { title: 'Reports' };

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** /reports?from=YYYY-MM-DD&to=YYYY-MM-DD[&carrier=]: supervisors and admins; the last 30 days when the range is missing. */
export default async function ReportsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const [actor, params] = await Promise.all([requirePageActor('/reports'), searchParams]);
  // Checked here, so an operator's browser never fetches the report code either.
  if (!mayReadReports(actor.role)) return <ReportsNotForRole />;
  const today = dayOf(new Date(), getRuntime().config.timeZone);
  const range = rangeFromParams({ from: one(params.from), to: one(params.to), carrier: one(params.carrier) }, today);
  return <ReportsScreen key={`${range.from}|${range.to}|${range.carrier}`} initial={range} />;
}
