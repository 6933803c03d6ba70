// SPEC §9: when a carrier may book, from the site's settings (lead time, next-day cut-off, horizon).
// Pure (the clock is a parameter): availability and the request path both ask it, and unit tests pin it.
import { dayBounds, dayOf, formatDay, formatTime, shiftDay, zonedToInstant } from '@/lib/zoned-time';
import type { BookingConfig } from '@/server/booking/booking-config';

export type BookingSite = { timeZone: string; booking: BookingConfig };

// The API speaks English; the portal words its own screens in the site's locale.
const WORDS_LOCALE = 'en-GB';
const clock = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
const weekday = (day: string) => formatDay(day, WORDS_LOCALE, 'weekday').replace(',', '');
const hoursText = (minutes: number) =>
  minutes % 60 === 0 ? `${minutes / 60} hour${minutes === 60 ? '' : 's'}` : `${minutes} minute${minutes === 1 ? '' : 's'}`;

/** The instant the cut-off locks `day`: the cut-off's wall time on the day before. */
export function cutoffAt(day: string, cutoffMinutes: number, timeZone: string): Date {
  const [y, m, d] = shiftDay(day, -1).split('-').map(Number) as [number, number, number];
  return zonedToInstant(y, m, d, Math.floor(cutoffMinutes / 60), cutoffMinutes % 60, timeZone);
}

/** Why `day` (YYYY-MM-DD, the site's) cannot be booked at `now`, or null when it can. */
export function dayClosedReason(day: string, now: Date, site: BookingSite): string | null {
  const today = dayOf(now, site.timeZone);
  if (day < today) return `${weekday(day)} has passed`;
  const last = shiftDay(today, site.booking.horizonDays);
  if (day > last) return `Bookings open ${site.booking.horizonDays} days ahead; the last day you can book now is ${weekday(last)}`;
  const cutoff = site.booking.cutoffMinutes;
  if (cutoff !== null && now >= cutoffAt(day, cutoff, site.timeZone)) {
    return `Bookings for ${weekday(day)} closed at ${clock(cutoff)} on ${weekday(shiftDay(day, -1))}`;
  }
  return null;
}

/** The earliest instant a booking may start: now plus the lead time. */
export const earliestStart = (now: Date, site: BookingSite): Date => new Date(now.getTime() + site.booking.leadMinutes * 60_000);

/** What a day offers: its bounds, the earliest start and the reason it is closed (null: open). */
export function bookingDay(day: string, now: Date, site: BookingSite) {
  return { ...dayBounds(day, site.timeZone), earliest: earliestStart(now, site), closedReason: dayClosedReason(day, now, site) };
}

/** The refusal of a start time by the site's rules (checked again when a request arrives), or null. */
export function startRefusal(etaIn: Date, now: Date, site: BookingSite): string | null {
  const closed = dayClosedReason(dayOf(etaIn, site.timeZone), now, site);
  if (closed) return closed;
  const earliest = earliestStart(now, site);
  if (etaIn < earliest) {
    const at = `${formatTime(earliest, site.timeZone)} on ${weekday(dayOf(earliest, site.timeZone))}`;
    return `Book at least ${hoursText(site.booking.leadMinutes)} ahead: the earliest start is ${at}`;
  }
  return null;
}
