'use client';

import { useSite } from '@/components/providers';
import { type PickD3Scale, scaleBand, scaleLinear } from '@visx/scale';
import { Bar, LinePath } from '@visx/shape';
import type { Report, ReportDay } from '@/lib/schemas/reports';
import { ChartFigure, DayAxis, innerHeight, innerWidth, NoData, type Series, shortDay, ValueAxis } from './chart-parts';
import { handledSummary, onTimeSummary, utilizationSummary, waitDwellSummary } from './chart-summary';

type Category<T> = { key: string; label: string; row: T };

/** Grouped bars, one group per category (a day, a ramp); a null value draws nothing. */
function BarChart<T>({
  categories,
  series,
  max,
  unit,
  days = false,
}: {
  categories: Category<T>[];
  series: Series<T>[];
  max?: number;
  unit: string;
  /** Categories are days ('YYYY-MM-DD' keys): fewer labels on a long range. */
  days?: boolean;
}) {
  const top = max ?? Math.max(1, ...categories.flatMap((c) => series.map((s) => s.value(c.row) ?? 0)));
  const x = scaleBand({ domain: categories.map((c) => c.key), range: [0, innerWidth], padding: 0.25 });
  const inner = scaleBand({ domain: series.map((s) => s.key), range: [0, x.bandwidth()], padding: 0.1 });
  const y = scaleLinear({ domain: [0, top], range: [innerHeight, 0], nice: true });
  const labels = categories.map((c) => c.key);
  return (
    <>
      <ValueAxis scale={y} />
      {categories.map((c) =>
        series.map((s) => {
          const v = s.value(c.row);
          if (v === null) return null;
          const h = innerHeight - y(v);
          return (
            <Bar key={`${c.key}-${s.key}`} x={(x(c.key) ?? 0) + (inner(s.key) ?? 0)} y={y(v)} width={inner.bandwidth()} height={h} className={s.className}>
              <title>{`${c.label} · ${s.label}: ${v}${unit}`}</title>
            </Bar>
          );
        }),
      )}
      {days ? <DayAxis scale={x} days={labels} /> : <CategoryAxis scale={x} categories={categories} />}
    </>
  );
}

function CategoryAxis<T>({ scale, categories }: { scale: PickD3Scale<'band', number, string>; categories: Category<T>[] }) {
  return (
    <g aria-hidden transform={`translate(0, ${innerHeight})`}>
      <line x2={innerWidth} className="stroke-slate-300" />
      {categories.map((c) => (
        <text key={c.key} x={(scale(c.key) ?? 0) + scale.bandwidth() / 2} y={18} textAnchor="middle" className="fill-current font-mono text-[11px]">
          {c.label}
        </text>
      ))}
    </g>
  );
}

/** One line per series across the days, a dot per known value; a day without a figure breaks the line. */
function DayLineChart({ days, series, unit }: { days: ReportDay[]; series: Series<ReportDay>[]; unit: string }) {
  const top = Math.max(10, ...days.flatMap((d) => series.map((s) => s.value(d) ?? 0)));
  const x = scaleBand({ domain: days.map((d) => d.date), range: [0, innerWidth], padding: 0.25 });
  const y = scaleLinear({ domain: [0, top], range: [innerHeight, 0], nice: true });
  const cx = (d: ReportDay) => (x(d.date) ?? 0) + x.bandwidth() / 2;
  const { locale } = useSite();
  return (
    <>
      <ValueAxis scale={y} />
      {series.map((s) => (
        <g key={s.key} className={s.className}>
          <LinePath<ReportDay>
            data={days}
            x={cx}
            y={(d) => y(s.value(d) ?? 0)}
            defined={(d) => s.value(d) !== null}
            className="fill-none stroke-current"
            strokeWidth={2}
          />
          {days.map((d) => {
            const v = s.value(d);
            return v === null ? null : (
              <circle key={d.date} cx={cx(d)} cy={y(v)} r={3} className="fill-current">
                <title>{`${shortDay(d.date, locale)} · ${s.label}: ${v}${unit}`}</title>
              </circle>
            );
          })}
        </g>
      ))}
      <DayAxis scale={x} days={days.map((d) => d.date)} />
    </>
  );
}

const ON_TIME: Series<ReportDay>[] = [
  { key: 'on_time', label: 'On time', className: 'fill-emerald-600', swatch: 'bg-emerald-600', value: (d) => d.on_time_arrival_pct },
];
const WAIT_DWELL: Series<ReportDay>[] = [
  { key: 'wait', label: 'Average wait', className: 'text-amber-600', swatch: 'bg-amber-600', value: (d) => d.avg_wait_minutes },
  { key: 'dwell', label: 'Average dwell', className: 'text-blue-700', swatch: 'bg-blue-700', value: (d) => d.avg_dwell_minutes },
];
const HANDLED: Series<ReportDay>[] = [
  { key: 'handled', label: 'Handled', className: 'fill-blue-700', swatch: 'bg-blue-700', value: (d) => d.handled },
  { key: 'no_show', label: 'No-shows', className: 'fill-red-600', swatch: 'bg-red-600', value: (d) => d.no_show },
];
type RampRow = Report['ramps'][number];
const UTILIZATION: Series<RampRow>[] = [
  { key: 'utilization', label: 'Utilization', className: 'fill-violet-600', swatch: 'bg-violet-600', value: (r) => r.utilization_pct },
];

const legendOf = <T,>(series: Series<T>[]) => series.map((s) => ({ label: s.label, swatch: s.swatch }));

/** The four charts of a report. Loaded on /reports only (a dynamic import), so no other page carries the chart code. */
export function ReportCharts({ report }: { report: Report }) {
  const days = report.days;
  const { locale } = useSite();
  const dayCategories = days.map((d) => ({ key: d.date, label: shortDay(d.date, locale), row: d }));
  const anyDue = days.some((d) => d.due > 0);
  return (
    <div className="grid gap-4 lg:grid-cols-2 print:grid-cols-2">
      <ChartFigure title="On-time arrival (%)" summary={onTimeSummary(days, locale)} testId="chart-on-time">
        {anyDue ? <BarChart categories={dayCategories} series={ON_TIME} max={100} unit=" %" days /> : <NoData text="No trucks were due in this range" />}
      </ChartFigure>
      <ChartFigure title="Average wait and dwell (minutes)" summary={waitDwellSummary(days, locale)} legend={legendOf(WAIT_DWELL)} testId="chart-wait-dwell">
        {anyDue ? <DayLineChart days={days} series={WAIT_DWELL} unit=" min" /> : <NoData text="No trucks were due in this range" />}
      </ChartFigure>
      <ChartFigure title="Trucks handled and no-shows" summary={handledSummary(days, locale)} legend={legendOf(HANDLED)} testId="chart-handled">
        <BarChart categories={dayCategories} series={HANDLED} unit="" days />
      </ChartFigure>
      <ChartFigure title="Ramp utilization (%)" summary={utilizationSummary(report.ramps)} testId="chart-utilization">
        {report.ramps.length > 0 ? (
          <BarChart categories={report.ramps.map((r) => ({ key: String(r.ramp_id), label: r.code, row: r }))} series={UTILIZATION} unit=" %" />
        ) : (
          <NoData text="No ramps" />
        )}
      </ChartFigure>
    </div>
  );
}
