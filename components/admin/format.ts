// Dates and times of admin tables and history rows, in the site time zone and locale (lib/zoned-time.ts).

import { formatClockSeconds, formatDateTime as dateTime, formatDay as day, formatShortDate as shortDate } from '@/lib/zoned-time';

/** "27 Nov 2026, 14:05" (en-GB) in the zone. */
export const formatDateTime = (iso: string, timeZone: string, locale: string) => dateTime(iso, timeZone, locale);

/** "27 Nov" (en-GB) in the zone. */
export const formatShortDate = (iso: string, timeZone: string, locale: string) => shortDate(iso, timeZone, locale);

/** "14:05:09" (en-GB) / "2:05:09 PM" (en-US) in the zone. */
export const formatTimeSeconds = (iso: string, timeZone: string, locale: string) => formatClockSeconds(iso, timeZone, locale);

/** "Friday, 27 November 2026" (en-GB) for a 'YYYY-MM-DD' calendar day. */
export const formatDay = (d: string, locale: string) => day(d, locale);
