import type { CSSProperties } from 'react';
import { dayOf, formatTime } from '@/lib/zoned-time';

/**
 * One hundredth of the largest 16:9 box that fits the viewport (1vw on a 16:9
 * screen, less on a narrower one): every size on the TV is a multiple of it,
 * so 720p, 1080p and 4K look the same from across the hall.
 */
export const UNIT_VAR: CSSProperties = { ['--u' as string]: 'min(1vw, 1.7778vh)' };

/** `n` units, for inline styles. */
export const u = (n: number) => `calc(var(--u) * ${n})`;

const dateFormatters = new Map<string, Intl.DateTimeFormat>();
const weekdayFormatters = new Map<string, Intl.DateTimeFormat>();

function cached(map: Map<string, Intl.DateTimeFormat>, timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  let f = map.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, ...options });
    map.set(timeZone, f);
  }
  return f;
}

/** "Wednesday 12 June" in the site's zone. */
export const formatLongDate = (ms: number, timeZone: string) => cached(dateFormatters, timeZone, { weekday: 'long', day: 'numeric', month: 'long' }).format(ms);

const zoneFormatters = new Map<string, Intl.DateTimeFormat>();

/** The site's zone as people read it: "Europe/Warsaw · CET", or just "UTC". */
export function formatZone(ms: number, timeZone: string): string {
  const short = cached(zoneFormatters, timeZone, { timeZoneName: 'short' })
    .formatToParts(ms)
    .find((p) => p.type === 'timeZoneName')?.value;
  return !short || short === timeZone ? timeZone : `${timeZone.replaceAll('_', ' ')} · ${short}`;
}

/** "14:05", or "Thu 09:00" when not today (site zone). */
export function formatWhen(iso: string, now: number, timeZone: string): string {
  const ms = Date.parse(iso);
  const time = formatTime(new Date(ms), timeZone);
  if (dayOf(new Date(ms), timeZone) === dayOf(new Date(now), timeZone)) return time;
  return `${cached(weekdayFormatters, timeZone, { weekday: 'short' }).format(ms)} ${time}`;
}
