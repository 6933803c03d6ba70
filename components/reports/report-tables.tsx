import type { ReactNode } from 'react';
import { useSite } from '@/components/providers';
import type { Report, ReportDay } from '@/lib/schemas/reports';
import { formatDay } from '@/lib/zoned-time';

// The charts' figures as tables: the text alternative of every chart, and what a supervisor copies into a mail.

const num = (v: number | null, unit = '') => (v === null ? '—' : `${Number.isInteger(v) ? v : v.toFixed(1)}${unit}`);

const th = 'px-3 py-2 text-right font-semibold first:text-left';
const td = 'px-3 py-1.5 text-right tabular-nums first:text-left';

const DAY_COLUMNS: { header: string; cell: (d: ReportDay) => string }[] = [
  { header: 'Due', cell: (d) => String(d.due) },
  { header: 'Arrived', cell: (d) => String(d.arrived) },
  { header: 'On time', cell: (d) => num(d.on_time_arrival_pct, ' %') },
  { header: 'Avg wait', cell: (d) => num(d.avg_wait_minutes, ' min') },
  { header: 'Avg at door', cell: (d) => num(d.avg_door_minutes, ' min') },
  { header: 'Avg dwell', cell: (d) => num(d.avg_dwell_minutes, ' min') },
  { header: 'Handled', cell: (d) => String(d.handled) },
  { header: 'No-shows', cell: (d) => String(d.no_show) },
];

/** A table that may scroll sideways: a named, focusable region, so keyboard users can scroll it too (axe scrollable-region-focusable). */
function ScrollBox({ label, children }: { label: string; children: ReactNode }) {
  return (
    <section
      aria-label={label}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must take focus to be scrolled without a mouse
      tabIndex={0}
      className="overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600/40 print:shadow-none"
    >
      {children}
    </section>
  );
}

export function DayTable({ days }: { days: ReportDay[] }) {
  const { locale } = useSite();
  return (
    <ScrollBox label="Figures by day">
      <table className="w-full border-collapse text-sm" data-testid="report-day-table">
        <caption className="px-3 py-2 text-left text-sm font-semibold text-slate-900">Figures by day</caption>
        <thead className="border-y border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className={th}>
              Day
            </th>
            {DAY_COLUMNS.map((c) => (
              <th key={c.header} scope="col" className={th}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {days.map((d) => (
            <tr key={d.date} data-testid={`report-day-${d.date}`}>
              <th scope="row" className={`${td} font-medium text-slate-800`}>
                <time dateTime={d.date}>{formatDay(d.date, locale, 'weekday')}</time>
              </th>
              {DAY_COLUMNS.map((c) => (
                <td key={c.header} className={td}>
                  {c.cell(d)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollBox>
  );
}

export function RampTable({ ramps }: { ramps: Report['ramps'] }) {
  return (
    <ScrollBox label="Figures by ramp">
      <table className="w-full border-collapse text-sm" data-testid="report-ramp-table">
        <caption className="px-3 py-2 text-left text-sm font-semibold text-slate-900">Figures by ramp</caption>
        <thead className="border-y border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className={th}>
              Ramp
            </th>
            <th scope="col" className={th}>
              Utilization
            </th>
            <th scope="col" className={th}>
              Handled
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {ramps.map((r) => (
            <tr key={r.ramp_id}>
              <th scope="row" className={`${td} font-mono font-medium text-slate-800`}>
                {r.code}
              </th>
              <td className={td}>{num(r.utilization_pct, ' %')}</td>
              <td className={td}>{r.handled}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollBox>
  );
}
