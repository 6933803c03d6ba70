import { dayOf, shiftDay, zonedToInstant } from '@/lib/zoned-time';
import type { Db } from '@/server/db/client';

// SPEC §9 in the demo: the week of a DC that works round the clock from Monday
// to Saturday and, like most of Europe under the Sunday truck ban, takes no
// trucks on Sunday until 22:00, when the first ones for Monday come in. Bay D
// (R7, R8) is also shut on the coming Sunday night for its dock levellers' service.
//
// Written after the demo's assignments (the trigger checks only new or moved
// bookings), and the demo's own trucks around `now` always stay inside the
// hours: when the demo is first started on a Sunday night or morning, that
// Sunday's part of the demo window is opening time too. So the board a
// newcomer sees never has its trucks on closed time, at any wall-clock time.

const DAY_MIN = 1440;
const HOUR = 3_600_000;
/** seed.ts's demo blocks: from 4 h before the hour of `now` to 5.5 h + 2 h after it (rounded out to whole hours). */
const WINDOW = { before: 5 * HOUR, after: 8 * HOUR };
const SUNDAY = 0;
const SUNDAY_OPENS = 22 * 60;

type Span = { weekday: number; opens: number; closes: number };

/** The local weekday spans that [from, to) covers in `tz`, whole hours. */
function localSpans(from: number, to: number, tz: string): Span[] {
  const spans: Span[] = [];
  for (let day = dayOf(new Date(from), tz); ; day = shiftDay(day, 1)) {
    const [y, m, d] = day.split('-').map(Number) as [number, number, number];
    const start = zonedToInstant(y, m, d, 0, 0, tz).getTime();
    if (start >= to) break;
    const next = zonedToInstant(...(shiftDay(day, 1).split('-').map(Number) as [number, number, number]), 0, 0, tz).getTime();
    const opens = Math.max(0, Math.floor((from - start) / HOUR) * 60);
    const closes = Math.min(DAY_MIN, Math.ceil((Math.min(to, next) - start) / HOUR) * 60);
    if (closes > opens) spans.push({ weekday: new Date(Date.UTC(y, m - 1, d)).getUTCDay(), opens, closes });
  }
  return spans;
}

/** Sunday's hours: 22:00–24:00, plus the part of the demo window that falls on a Sunday (merged). */
function sundayHours(now: number, tz: string): Span[] {
  const extra = localSpans(now - WINDOW.before, now + WINDOW.after, tz).filter((s) => s.weekday === SUNDAY);
  const spans = [...extra, { weekday: SUNDAY, opens: SUNDAY_OPENS, closes: DAY_MIN }].sort((a, b) => a.opens - b.opens);
  const merged: Span[] = [];
  for (const s of spans) {
    const last = merged.at(-1);
    if (last && s.opens <= last.closes) last.closes = Math.max(last.closes, s.closes);
    else merged.push({ ...s });
  }
  return merged;
}

/** The first Sunday whose 22:00 is after the demo window: there the demo's Bay D closure goes. */
function comingSundayEvening(now: number, tz: string): { starts: Date; ends: Date } {
  for (let day = dayOf(new Date(now), tz); ; day = shiftDay(day, 1)) {
    const [y, m, d] = day.split('-').map(Number) as [number, number, number];
    const starts = zonedToInstant(y, m, d, 22, 0, tz);
    if (new Date(Date.UTC(y, m - 1, d)).getUTCDay() !== SUNDAY || starts.getTime() < now + WINDOW.after) continue;
    const [ny, nm, nd] = shiftDay(day, 1).split('-').map(Number) as [number, number, number];
    return { starts, ends: zonedToInstant(ny, nm, nd, 6, 0, tz) };
  }
}

/** Hours for every ramp and the coming Sunday night's closure of R7 and R8 (the demo's ramps are R1–R8). */
export async function seedRules(db: Db, now: Date, timeZone: string): Promise<void> {
  const week: Span[] = [1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, opens: 0, closes: DAY_MIN }));
  week.push(...sundayHours(now.getTime(), timeZone));
  const ramps = await db.$client<{ id: number; code: string }[]>`SELECT id, code FROM ramps ORDER BY sort_order`;
  for (const ramp of ramps) {
    for (const h of week) {
      await db.$client`INSERT INTO ramp_hours (ramp_id, weekday, opens, closes, time_zone) VALUES (${ramp.id}, ${h.weekday}, ${h.opens}, ${h.closes}, ${timeZone})`;
    }
  }
  const { starts, ends } = comingSundayEvening(now.getTime(), timeZone);
  for (const ramp of ramps.filter((r) => r.code === 'R7' || r.code === 'R8')) {
    await db.$client`
      INSERT INTO ramp_closures (ramp_id, starts_at, ends_at, reason, time_zone)
      VALUES (${ramp.id}, ${starts.toISOString()}, ${ends.toISOString()}, 'Bay D dock levellers serviced', ${timeZone})`;
  }
}
