import { DATE_RE, shiftDay } from '@/lib/zoned-time';

/** The API's limit (MAX_REPORT_DAYS of lib/schemas/reports.ts): imported from there, zod (~34 kB gzip) would come along into the page. */
export const MAX_REPORT_DAYS = 366;

/** The presets: the day, the last 7 days or the last 30 days, each ending today. */
export const PRESETS = [
  { id: 'day', label: 'Day', days: 1, title: 'Today' },
  { id: 'week', label: 'Week', days: 7, title: 'The last 7 days' },
  { id: 'month', label: 'Month', days: 30, title: 'The last 30 days' },
] as const;
export type PresetId = (typeof PRESETS)[number]['id'];

export type ReportRange = { from: string; to: string; carrier: string };

/** What a first visit shows: a month, so the charts have something to say. */
export const DEFAULT_PRESET: PresetId = 'month';

export function presetRange(id: PresetId, today: string): { from: string; to: string } {
  const preset = PRESETS.find((p) => p.id === id)!;
  return { from: shiftDay(today, 1 - preset.days), to: today };
}

/** The preset a range is, if it is one (so its button shows as pressed). */
export function presetOf(range: { from: string; to: string }, today: string): PresetId | null {
  return PRESETS.find((p) => range.to === today && range.from === shiftDay(today, 1 - p.days))?.id ?? null;
}

const isDay = (v: string | undefined): v is string => !!v && DATE_RE.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`));

/** Days from `from` to `to`, both included. */
export function rangeDays(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

/** Why a range cannot be asked for (the API's own limits), or null. */
export function rangeProblem(from: string, to: string): string | null {
  if (!isDay(from) || !isDay(to)) return 'Pick both days.';
  const days = rangeDays(from, to);
  if (days < 1) return '“To” must be on or after “From”.';
  if (days > MAX_REPORT_DAYS) return `A report covers at most ${MAX_REPORT_DAYS} days.`;
  return null;
}

/** The range in the address (`?from=&to=&carrier=`), or the default month when it is missing or refused. */
export function rangeFromParams(params: { from?: string; to?: string; carrier?: string }, today: string): ReportRange {
  const carrier = (params.carrier ?? '').trim().slice(0, 120);
  if (isDay(params.from) && isDay(params.to) && !rangeProblem(params.from, params.to)) return { from: params.from, to: params.to, carrier };
  return { ...presetRange(DEFAULT_PRESET, today), carrier };
}

/** The query string of a range, as the page's address and the API take it. */
export function rangeQuery({ from, to, carrier }: ReportRange, withCarrier = true): string {
  const q = new URLSearchParams({ from, to });
  if (withCarrier && carrier) q.set('carrier', carrier);
  return q.toString();
}
