import Link from 'next/link';
import { formatDay } from '@/components/admin/format';
import type { Assignment } from '@/lib/schemas/assignments';
import type { Board } from '@/lib/schemas/board';
import type { Load } from '@/lib/schemas/loads';
import { formatClock, shiftDay } from '@/lib/zoned-time';
import { PrintButton } from './print-button';

// The day plan on paper: one section per ramp, A4 landscape. A ramp's table is kept
// on one sheet when it fits (break-inside: avoid); a longer one repeats its header row.
const PAGE_CSS = '@page { size: A4 landscape; margin: 10mm 12mm; }';

const LATE_MS = 15 * 60_000;
const CLOSED = new Set(['CANCELLED']);

const th = 'border-b border-slate-400 px-2 py-1.5 text-left text-[11px] font-semibold uppercase tracking-wide text-slate-600';
const td = 'border-b border-slate-200 px-2 py-1.5 align-top';

function minutesLate(a: Assignment): number | null {
  if (!a.arrived_at) return null;
  const late = Date.parse(a.arrived_at) - Date.parse(a.eta_in);
  return late > LATE_MS ? Math.round(late / 60_000) : null;
}

/** "08:10 · 08:25 · 09:40 · 09:55": arrived, started, completed, departed, as far as they are known. */
function actualOf(a: Assignment, timeZone: string, locale: string): string {
  const times = [a.arrived_at, a.started_at, a.completed_at, a.departed_at];
  const last = times.findLastIndex((t) => t !== null);
  if (last < 0) return '—';
  return times
    .slice(0, last + 1)
    .map((t) => (t ? formatClock(t, timeZone, locale) : '·'))
    .join(' → ');
}

function RampSection({
  code,
  description,
  rows,
  timeZone,
  locale,
}: {
  code: string;
  description: string;
  rows: Assignment[];
  timeZone: string;
  locale: string;
}) {
  return (
    <section className="break-inside-avoid" aria-labelledby={`ramp-${code}`} data-testid={`plan-ramp-${code}`}>
      <h2 id={`ramp-${code}`} className="mb-1 flex items-baseline gap-2 text-base font-semibold text-slate-900">
        <span className="font-mono">{code}</span>
        <span className="text-sm font-normal text-slate-600">{description}</span>
        <span className="ml-auto text-xs font-normal text-slate-500">
          {rows.length} {rows.length === 1 ? 'truck' : 'trucks'}
        </span>
      </h2>
      {rows.length === 0 ? (
        <p className="border-y border-slate-200 py-1.5 text-sm text-slate-500">Nothing planned.</p>
      ) : (
        <table className="w-full table-fixed border-collapse text-sm">
          <thead>
            <tr>
              <th scope="col" className={`${th} w-28`}>
                Planned
              </th>
              <th scope="col" className={`${th} w-36`}>
                Load
              </th>
              <th scope="col" className={`${th} w-40`}>
                Carrier
              </th>
              <th scope="col" className={`${th} w-12`}>
                Dir.
              </th>
              <th scope="col" className={`${th} w-28`}>
                Status
              </th>
              <th scope="col" className={`${th} w-72`}>
                Actual
              </th>
              <th scope="col" className={th}>
                Notes
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((a) => {
              const late = minutesLate(a);
              const cancelled = CLOSED.has(a.status.code);
              return (
                <tr key={a.id} className={cancelled ? 'text-slate-400 line-through' : ''} data-testid={`plan-row-${a.load.reference}`}>
                  <td className={`${td} whitespace-nowrap font-medium tabular-nums`}>
                    {formatClock(a.eta_in, timeZone, locale)}–{formatClock(a.eta_out, timeZone, locale)}
                  </td>
                  <td className={`${td} font-mono font-semibold`}>{a.load.reference}</td>
                  <td className={td}>{a.load.carrier ?? '—'}</td>
                  <td className={td}>{a.load.direction}</td>
                  <td className={td}>{a.status.label}</td>
                  <td className={`${td} whitespace-nowrap tabular-nums`}>
                    {actualOf(a, timeZone, locale)}
                    {late !== null ? <span className="ml-1 font-semibold text-red-700">+{late} min</span> : null}
                  </td>
                  <td className={`${td} text-slate-600`}>{a.load.notes ?? ''}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

function UnplannedSection({ loads, timeZone, locale }: { loads: Load[]; timeZone: string; locale: string }) {
  if (loads.length === 0) return null;
  return (
    <section className="break-inside-avoid" aria-labelledby="plan-unplanned" data-testid="plan-unplanned">
      <h2 id="plan-unplanned" className="mb-1 text-base font-semibold text-slate-900">
        Not yet on a ramp
      </h2>
      <ul className="columns-3 gap-6 border-y border-slate-200 py-1.5 text-sm">
        {loads.map((l) => (
          <li key={l.id} className="break-inside-avoid">
            <span className="font-mono font-semibold">{l.reference}</span> {l.direction}
            {l.planned_arrival ? ` · ${formatClock(l.planned_arrival, timeZone, locale)}` : ''}
            {l.carrier ? ` · ${l.carrier}` : ''}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** /board/print: the day's plan per ramp, to print and take to the dock. */
export function DayPlan({ board, printedAt, locale }: { board: Board; printedAt: Date; locale: string }) {
  const tz = board.time_zone;
  const byRamp = new Map<number, Assignment[]>();
  for (const a of [...board.assignments].sort((x, y) => Date.parse(x.eta_in) - Date.parse(y.eta_in))) {
    byRamp.set(a.ramp_id, [...(byRamp.get(a.ramp_id) ?? []), a]);
  }
  // Every active ramp, and an inactive one only when it still holds a block that day.
  const ramps = [...board.ramps].filter((r) => r.is_active || byRamp.has(r.id)).sort((a, b) => a.sort_order - b.sort_order);
  const nav = 'rounded-md px-2 py-1 text-sm font-medium text-blue-700 hover:bg-blue-50';
  return (
    <div className="mx-auto w-full max-w-[297mm] bg-white px-6 py-6 text-slate-900 print:max-w-none print:p-0" data-testid="day-plan">
      <style>{PAGE_CSS}</style>
      <header className="mb-4 flex flex-wrap items-end gap-3 border-b-2 border-slate-800 pb-2">
        <div>
          <h1 className="text-xl font-bold tracking-tight">Day plan · {formatDay(board.date, locale)}</h1>
          <p className="text-xs text-slate-600">
            {board.assignments.length} trucks on {ramps.length} ramps · actual: arrived → started → done → left · times in {tz} · printed{' '}
            {formatClock(printedAt, tz, locale)}
          </p>
        </div>
        <nav aria-label="Day" className="ml-auto flex items-center gap-1 print:hidden">
          <Link className={nav} href={`/board/print?date=${shiftDay(board.date, -1)}`}>
            ‹ Previous day
          </Link>
          <Link className={nav} href={`/board/print?date=${shiftDay(board.date, 1)}`}>
            Next day ›
          </Link>
          <Link className={nav} href={`/board?date=${board.date}`}>
            Back to the board
          </Link>
          <PrintButton />
        </nav>
      </header>
      <div className="space-y-5">
        {ramps.map((r) => (
          <RampSection key={r.id} code={r.code} description={r.description} rows={byRamp.get(r.id) ?? []} timeZone={tz} locale={locale} />
        ))}
        <UnplannedSection loads={board.unassigned_loads} timeZone={tz} locale={locale} />
      </div>
    </div>
  );
}
