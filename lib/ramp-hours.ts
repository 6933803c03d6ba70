// SPEC §9 on screens: which parts of a day a ramp is closed, from the rules its snapshot carries.
// zod-free (the board and the TV import it); the server's refusal is the database's (0011_rules.sql).
import type { RampRules } from '@/lib/schemas/ramps';
import { dayOf, formatTime, zonedToInstant } from '@/lib/zoned-time';

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

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const clock = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
/** "24 Dec" of a local day "2031-12-24" (PostgreSQL's 'FMDD Mon'). */
const shortDate = (day: string) => `${Number(day.slice(8))} ${MONTHS[Number(day.slice(5, 7)) - 1]}`;
const weekdayOf = (day: string) => new Date(`${day}T00:00:00Z`).getUTCDay();

/** The closure's words as the database says them: "is closed 12:00–14:00 on 24 Dec: stock count" or "from … to …". */
function closureText(code: string, c: RampRules['closures'][number], tz: string): string {
  const [s, e] = [new Date(c.starts_at), new Date(c.ends_at)];
  const [sd, ed] = [dayOf(s, tz), dayOf(e, tz)];
  const endsAtMidnight = formatTime(e, tz) === '00:00';
  let when: string;
  if (sd === ed) when = `${formatTime(s, tz)}–${formatTime(e, tz)} on ${shortDate(sd)}`;
  else if (endsAtMidnight && Date.parse(`${ed}T00:00:00Z`) - Date.parse(`${sd}T00:00:00Z`) === DAY_MS) when = `${formatTime(s, tz)}–24:00 on ${shortDate(sd)}`;
  else when = `from ${shortDate(sd)} ${formatTime(s, tz)} to ${shortDate(ed)} ${formatTime(e, tz)}`;
  return `${code} is closed ${when}${c.reason ? `: ${c.reason}` : ''}`;
}

/**
 * Why the ramp is closed for some of [start, end), in the words the server refuses it with
 * (ramp_window_refusal, 0011_rules.sql): a closure first, else the first closed moment against
 * that weekday's hours ("R3 is closed 12:00–13:00 on Mondays", "R3 opens at 06:00 on Mondays",
 * "R3 is closed on Sunday"). Null when the ramp is open for all of it.
 */
export function closedRefusal(code: string, rules: RampRules | undefined, start: number, end: number): string | null {
  if (!rules || end <= start) return null;
  const tz = rules.time_zone;
  const closure = rules.closures
    .filter((c) => Date.parse(c.starts_at) < end && Date.parse(c.ends_at) > start)
    .sort((a, b) => Date.parse(a.starts_at) - Date.parse(b.starts_at))[0];
  if (closure) return closureText(code, closure, tz);
  // No hours: open at all times (as the server has it).
  if (rules.hours.length === 0) return null;
  let gap = start;
  for (const [o, c] of openSpans(rules, start, end)) {
    if (o > gap) break;
    gap = Math.max(gap, c);
  }
  if (gap >= end) return null;
  const day = dayOf(new Date(gap), tz);
  const weekday = weekdayOf(day);
  const [h, m] = formatTime(new Date(gap), tz).split(':').map(Number) as [number, number];
  const mins = h * 60 + m;
  const spans = rules.hours.filter((x) => x.weekday === weekday).map((x) => ({ opens: minutes(x.opens), closes: minutes(x.closes) }));
  const name = WEEKDAYS[weekday]!;
  if (spans.length === 0) return `${code} is closed on ${name}`;
  const first = Math.min(...spans.map((x) => x.opens));
  const last = Math.max(...spans.map((x) => x.closes));
  if (mins < first) return `${code} opens at ${clock(first)} on ${name}s`;
  if (mins >= last) return `${code} closes at ${clock(last)} on ${name}s`;
  const from = Math.max(...spans.filter((x) => x.closes <= mins).map((x) => x.closes));
  const to = Math.min(...spans.filter((x) => x.opens > mins).map((x) => x.opens));
  return `${code} is closed ${clock(from)}–${clock(to)} on ${name}s`;
}
