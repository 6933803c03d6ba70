// SPEC §9 on screens: which parts of a day a ramp is closed, from the rules its snapshot carries.
// zod-free (the board and the TV import it); the server's refusal is the database's (0011_rules.sql).
import type { RampRules } from '@/lib/schemas/ramps';
import { dayOf, zonedToInstant } from '@/lib/zoned-time';

export type ClosedBand = { from: number; to: number; title: string };

const DAY_MS = 86_400_000;
const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));
const at = (day: string, m: number, tz: string) => {
  const [y, mo, d] = day.split('-').map(Number) as [number, number, number];
  return zonedToInstant(y, mo, d, 0, 0, tz).getTime() + m * 60_000;
};

/** Open spans of the local days that touch [from, to), as instants. */
function openSpans(rules: RampRules, from: number, to: number): [number, number][] {
  const tz = rules.time_zone;
  const spans: [number, number][] = [];
  for (let t = from - DAY_MS; t < to + DAY_MS; t += DAY_MS) {
    const day = dayOf(new Date(t), tz);
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    for (const h of rules.hours) if (h.weekday === weekday) spans.push([at(day, minutes(h.opens), tz), at(day, minutes(h.closes), tz)]);
  }
  return spans.sort((a, b) => a[0] - b[0]);
}

/** The closed parts of [from, to): outside the hours ("Closed: outside opening hours") and each closure ("Closed: <reason>"). */
export function closedBands(rules: RampRules | undefined, from: number, to: number): ClosedBand[] {
  if (!rules) return [];
  const bands: ClosedBand[] = [];
  if (!rules.always_open) {
    let cursor = from;
    for (const [o, c] of openSpans(rules, from, to)) {
      if (c <= cursor) continue;
      if (o > cursor) bands.push({ from: cursor, to: Math.min(o, to), title: 'Closed: outside opening hours' });
      cursor = Math.max(cursor, c);
      if (cursor >= to) break;
    }
    if (cursor < to) bands.push({ from: cursor, to, title: 'Closed: outside opening hours' });
  }
  for (const c of rules.closures) {
    const [s, e] = [Date.parse(c.starts_at), Date.parse(c.ends_at)];
    if (e > from && s < to) bands.push({ from: Math.max(s, from), to: Math.min(e, to), title: `Closed: ${c.reason || 'closure'}` });
  }
  return bands.filter((b) => b.to > b.from);
}

/** The band covering `now`, if the ramp is closed now (the TV marks the row). */
export const closedAt = (rules: RampRules | undefined, now: number): ClosedBand | null =>
  closedBands(rules, now, now + 1).find((b) => b.from <= now && now < b.to) ?? null;

/**
 * The first instant at or after `from` where a window of `minutes` fits without closed time
 * (hours and closures), within `days` days; null when there is none.
 */
export function nextOpenStart(rules: RampRules | undefined, from: number, minutes: number, days = 14): number | null {
  const length = minutes * 60_000;
  for (let t = from; t < from + days * DAY_MS; ) {
    const bands = closedBands(rules, t, t + length);
    if (bands.length === 0) return t;
    // Past the earliest closed band (clipped to the window, so a long one is walked through window by window).
    t = bands.reduce((a, b) => (b.from < a.from ? b : a)).to;
  }
  return null;
}
