import type { Report, ReportDay } from '@/lib/schemas/reports';
import { DEFAULT_LOCALE, formatDay } from '@/lib/zoned-time';

// One sentence per chart for screen readers (the chart's <desc>): the range's
// extremes and what is missing, so nobody has to read 30 bars to know the gist.

const nameOf = (day: string, locale: string) => formatDay(day, locale, 'short');
const fmt = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(1));

type Picked = { date: string; value: number };

function extremes(days: ReportDay[], value: (d: ReportDay) => number | null): { low: Picked; high: Picked; count: number } | null {
  const known = days.flatMap((d) => {
    const v = value(d);
    return v === null ? [] : [{ date: d.date, value: v }];
  });
  if (known.length === 0) return null;
  const low = known.reduce((a, b) => (b.value < a.value ? b : a));
  const high = known.reduce((a, b) => (b.value > a.value ? b : a));
  return { low, high, count: known.length };
}

function describeSeries(days: ReportDay[], label: string, unit: string, value: (d: ReportDay) => number | null, locale: string): string {
  const e = extremes(days, value);
  if (!e) return `${label}: no figures in this range.`;
  if (days.length === 1 || e.low.value === e.high.value) return `${label}: ${fmt(e.high.value)}${unit}${days.length === 1 ? '' : ' every day'}.`;
  const missing = days.length - e.count;
  return (
    `${label}: from ${fmt(e.low.value)}${unit} on ${nameOf(e.low.date, locale)} to ${fmt(e.high.value)}${unit} on ${nameOf(e.high.date, locale)}` +
    (missing > 0 ? `; no figure on ${missing} ${missing === 1 ? 'day' : 'days'}.` : '.')
  );
}

export const onTimeSummary = (days: ReportDay[], locale = DEFAULT_LOCALE) =>
  describeSeries(days, 'On-time arrivals', ' %', (d) => d.on_time_arrival_pct, locale);

export const waitDwellSummary = (days: ReportDay[], locale = DEFAULT_LOCALE) =>
  `${describeSeries(days, 'Average wait', ' min', (d) => d.avg_wait_minutes, locale)} ${describeSeries(days, 'Average dwell', ' min', (d) => d.avg_dwell_minutes, locale)}`;

export function handledSummary(days: ReportDay[], locale = DEFAULT_LOCALE): string {
  const handled = days.reduce((s, d) => s + d.handled, 0);
  const noShow = days.reduce((s, d) => s + d.no_show, 0);
  return `${handled} trucks handled and ${noShow} no-shows in ${days.length} ${days.length === 1 ? 'day' : 'days'}. ${describeSeries(days, 'Handled per day', '', (d) => d.handled, locale)}`;
}

export function utilizationSummary(ramps: Report['ramps']): string {
  const known = ramps.filter((r) => r.utilization_pct !== null);
  if (known.length === 0) return 'Ramp utilization: no figures in this range.';
  const sorted = [...known].sort((a, b) => b.utilization_pct! - a.utilization_pct!);
  const top = sorted[0]!;
  const low = sorted[sorted.length - 1]!;
  return `Ramp utilization: highest ${top.code} at ${fmt(top.utilization_pct!)} %, lowest ${low.code} at ${fmt(low.utilization_pct!)} %, over ${known.length} ramps.`;
}

/** On-time share of the whole range: each day's share weighted by the trucks due that day. */
export function rangeOnTimePct(days: ReportDay[]): number | null {
  const weighted = days.filter((d) => d.on_time_arrival_pct !== null && d.due > 0);
  const due = weighted.reduce((s, d) => s + d.due, 0);
  if (due === 0) return null;
  return Math.round((weighted.reduce((s, d) => s + d.on_time_arrival_pct! * d.due, 0) / due) * 10) / 10;
}
