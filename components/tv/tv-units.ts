import type { CSSProperties } from 'react';
import { DEFAULT_LOCALE, dayOf, formatClock, formatWeekday, formatWeekdayDate } from '@/lib/zoned-time';

/**
 * One hundredth of the largest 16:9 box that fits the viewport (1vw on a 16:9
 * screen, less on a narrower one): every size on the TV is a multiple of it,
 * so 720p, 1080p and 4K look the same from across the hall.
 */
export const UNIT_VAR: CSSProperties = { ['--u' as string]: 'min(1vw, 1.7778vh)' };

/** `n` units, for inline styles. */
export const u = (n: number) => `calc(var(--u) * ${n})`;

/** "Wednesday, 12 June" in the site's zone and locale. */
export const formatLongDate = (ms: number, timeZone: string, locale: string) => formatWeekdayDate(ms, timeZone, locale);

/** "14:05" ("2:05 PM"), or "Thu 09:00" when not today (site zone and locale). */
export function formatWhen(iso: string, now: number, timeZone: string, locale: string = DEFAULT_LOCALE): string {
  const ms = Date.parse(iso);
  const time = formatClock(ms, timeZone, locale);
  if (dayOf(new Date(ms), timeZone) === dayOf(new Date(now), timeZone)) return time;
  return `${formatWeekday(ms, timeZone, locale)} ${time}`;
}
