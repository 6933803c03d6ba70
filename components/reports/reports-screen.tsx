'use client';

import { useQuery } from '@tanstack/react-query';
import dynamic from 'next/dynamic';
import { useCallback, useEffect, useState } from 'react';
import { formatDay } from '@/components/admin/format';
import { useSite } from '@/components/providers';
import { Button } from '@/components/ui/controls';
import type { Report } from '@/lib/schemas/reports';
import { dayOf } from '@/lib/zoned-time';
import { rangeOnTimePct } from './chart-summary';
import { carriersQuery, reportQuery } from './queries';
import { RangeControls } from './range-controls';
import { rangeDays, rangeQuery, type ReportRange } from './report-range';
import { DayTable, RampTable } from './report-tables';

// The chart code (visx, d3 scales) is fetched by this page only, after its first paint.
const ReportCharts = dynamic(() => import('./report-charts').then((m) => m.ReportCharts), { loading: () => <ChartsPlaceholder /> });

function ChartsPlaceholder() {
  return (
    <div className="grid gap-4 lg:grid-cols-2" aria-hidden>
      {['a', 'b', 'c', 'd'].map((k) => (
        <div key={k} className="h-72 animate-pulse rounded-xl border border-slate-200 bg-slate-50" />
      ))}
    </div>
  );
}

function Figure({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div className="rounded-xl border border-slate-200 bg-white px-4 py-3 shadow-sm print:shadow-none">
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="mt-1 text-2xl font-semibold tabular-nums text-slate-900" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

function RangeFigures({ report }: { report: Report }) {
  const sum = (pick: (d: Report['days'][number]) => number) => report.days.reduce((s, d) => s + pick(d), 0);
  const onTime = rangeOnTimePct(report.days);
  return (
    <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
      <Figure label="Trucks due" value={String(sum((d) => d.due))} testId="figure-due" />
      <Figure label="Arrived on time" value={onTime === null ? '—' : `${onTime} %`} testId="figure-on-time" />
      <Figure label="Handled" value={String(sum((d) => d.handled))} testId="figure-handled" />
      <Figure label="No-shows" value={String(sum((d) => d.no_show))} testId="figure-no-show" />
    </dl>
  );
}

const linkClass =
  'inline-flex h-9 items-center gap-1.5 rounded-md border border-slate-300 bg-white px-3 text-sm font-medium text-slate-800 shadow-sm hover:bg-slate-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600/40';

/** /reports: a range's figures per day and per ramp, as charts and tables, with the CSV downloads of that range. */
export function ReportsScreen({ initial }: { initial: ReportRange }) {
  const { timeZone, locale } = useSite();
  const today = dayOf(new Date(), timeZone);
  const [range, setRange] = useState(initial);
  const query = useQuery(reportQuery(range));
  const carriers = useQuery(carriersQuery(range.from, range.to, timeZone));
  const onChange = useCallback((next: ReportRange) => setRange(next), []);

  // The range lives in the address: a link to this page shows the same figures.
  useEffect(() => {
    const url = `/reports?${rangeQuery(range)}`;
    if (window.location.pathname + window.location.search !== url) window.history.replaceState(null, '', url);
  }, [range]);

  const days = rangeDays(range.from, range.to);
  const report = query.data;
  const csv = `from=${range.from}&to=${range.to}`;
  const carrierParam = range.carrier ? `&carrier=${encodeURIComponent(range.carrier)}` : '';
  return (
    <div className="mx-auto w-full max-w-7xl px-4 py-8 sm:px-6 print:max-w-none print:p-0">
      <div className="mb-6 flex flex-wrap items-start justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight text-slate-900">Reports</h1>
          <p className="mt-1 text-sm text-slate-600" data-testid="report-range">
            {range.from === range.to ? formatDay(range.from, locale) : `${formatDay(range.from, locale)} – ${formatDay(range.to, locale)}`} ({days}{' '}
            {days === 1 ? 'day' : 'days'}){range.carrier ? `, carrier “${range.carrier}”` : ', all carriers'}. Site days in {timeZone}.
          </p>
        </div>
        <div className="flex flex-wrap gap-2 print:hidden">
          <a className={linkClass} href={`/api/reports/assignments.csv?${csv}${carrierParam}`} download data-testid="download-assignments">
            Assignments CSV
          </a>
          <a className={linkClass} href={`/api/history.csv?${csv}`} download data-testid="download-history">
            History CSV
          </a>
          <Button onClick={() => window.print()} className="h-9">
            Print
          </Button>
        </div>
      </div>

      <div className="mb-6 print:hidden">
        <RangeControls range={range} today={today} carriers={carriers.data ?? []} onChange={onChange} />
      </div>

      <section aria-label="Report" aria-busy={query.isFetching || undefined} className="space-y-6">
        {query.error && !report ? (
          <div role="alert" className="rounded-xl border border-red-200 bg-red-50 p-4 text-sm text-red-800">
            The figures could not be loaded.{' '}
            <button type="button" className="font-medium underline" onClick={() => void query.refetch()}>
              Try again
            </button>
          </div>
        ) : null}
        {report ? (
          <>
            <RangeFigures report={report} />
            <ReportCharts report={report} />
            <div className="grid gap-4 lg:grid-cols-[3fr_1fr] print:block print:space-y-4">
              <DayTable days={report.days} />
              <RampTable ramps={report.ramps} />
            </div>
          </>
        ) : query.isPending ? (
          <ChartsPlaceholder />
        ) : null}
      </section>
      <p className="mt-3 h-4 text-xs text-slate-500 print:hidden" aria-live="polite">
        {query.isFetching ? 'Loading…' : report ? `Figures for ${report.from} to ${report.to}.` : ''}
      </p>
    </div>
  );
}
