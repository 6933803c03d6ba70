// The Hours dialog's week (SPEC §9): several opening spans per weekday, checked
// in plain words before they are sent (the server checks them again). zod-free.
import type { RampHours } from '@/lib/schemas/rules';

/** Monday first, as a week reads on a site; weekday numbers are 0 = Sunday … 6 = Saturday. */
export const WEEK = [
  [1, 'Monday'],
  [2, 'Tuesday'],
  [3, 'Wednesday'],
  [4, 'Thursday'],
  [5, 'Friday'],
  [6, 'Saturday'],
  [0, 'Sunday'],
] as const;

export type Span = { opens: string; closes: string };
export type DayHours = { open: boolean; spans: Span[] };
export type Week = Record<number, DayHours>;
/** A problem with one input: which day, span and field, and what to say. */
export type HoursIssue = { weekday: number; span: number; field: 'opens' | 'closes'; message: string };

const DEFAULT_SPAN: Span = { opens: '06:00', closes: '22:00' };
const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));
const clock = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
const dayName = (weekday: number) => WEEK.find(([d]) => d === weekday)![1];

/** The week as stored: a day without spans is closed, unless the ramp has no hours at all (open at all times). */
export function weekOf(h: RampHours | undefined): Week {
  const week: Week = {};
  for (const [d] of WEEK) {
    const spans = (h?.hours ?? []).filter((x) => x.weekday === d).map((x) => ({ opens: x.opens, closes: x.closes }));
    week[d] = spans.length > 0 ? { open: true, spans } : { open: h ? h.always_open : true, spans: [{ ...DEFAULT_SPAN }] };
  }
  return week;
}

/** A span after the day's last one: an hour after it closes, for four hours (within the day). */
export function nextSpan(spans: Span[]): Span {
  const last = spans.at(-1);
  if (!last || !CLOCK.test(last.closes)) return { ...DEFAULT_SPAN };
  const opens = Math.min(minutes(last.closes) + 60, 23 * 60);
  return { opens: clock(opens), closes: clock(Math.min(opens + 240, 1440)) };
}

/** What is wrong with the week, input by input, in words an admin reads next to the field. */
export function hoursIssues(week: Week): HoursIssue[] {
  const issues: HoursIssue[] = [];
  for (const [d] of WEEK) {
    const day = week[d];
    if (!day?.open) continue;
    const name = dayName(d);
    const valid: { span: number; from: number; to: number; text: string }[] = [];
    day.spans.forEach((s, i) => {
      const label = day.spans.length > 1 ? `${name}, span ${i + 1}` : name;
      const badOpens = !CLOCK.test(s.opens) || s.opens === '24:00';
      const badCloses = !CLOCK.test(s.closes);
      if (badOpens) issues.push({ weekday: d, span: i, field: 'opens', message: `${label}: the opening time must be a time such as 06:00` });
      if (badCloses)
        issues.push({ weekday: d, span: i, field: 'closes', message: `${label}: the closing time must be a time such as 22:00 (24:00 for midnight)` });
      if (badOpens || badCloses) return;
      if (minutes(s.closes) <= minutes(s.opens)) {
        issues.push({ weekday: d, span: i, field: 'closes', message: `${label}: closes at ${s.closes}, not after it opens at ${s.opens}` });
        return;
      }
      valid.push({ span: i, from: minutes(s.opens), to: minutes(s.closes), text: `${s.opens}–${s.closes}` });
    });
    valid.sort((a, b) => a.from - b.from);
    for (let k = 1; k < valid.length; k++) {
      const [p, s] = [valid[k - 1]!, valid[k]!];
      if (s.from < p.to) issues.push({ weekday: d, span: s.span, field: 'opens', message: `${name}: ${p.text} and ${s.text} overlap` });
    }
  }
  return issues;
}

/** The week as the API takes it: every open day's spans, earliest first. */
export function hoursOf(week: Week): { weekday: number; opens: string; closes: string }[] {
  return WEEK.flatMap(([d]) =>
    week[d]?.open ? [...week[d]!.spans].sort((a, b) => minutes(a.opens) - minutes(b.opens)).map((s) => ({ weekday: d, ...s })) : [],
  );
}
