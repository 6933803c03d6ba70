import { DEFAULT_REPORT_DAYS, MAX_REPORT_DAYS } from '@/lib/schemas/reports';
import { dayOf, shiftDay } from '@/lib/zoned-time';

/**
 * A range's missing ends: `to` today, `from` `days` - 1 before `to` (the query
 * schema checks a range given in full; one given by half is kept within the limit).
 */
export function resolveRange(q: { from?: string; to?: string }, timeZone: string, now: Date, days = DEFAULT_REPORT_DAYS): { from: string; to: string } {
  if (q.from && q.to) return { from: q.from, to: q.to };
  if (q.from) {
    const limit = shiftDay(q.from, MAX_REPORT_DAYS - 1);
    const today = dayOf(now, timeZone);
    // Days as text compare in calendar order.
    if (today < q.from) return { from: q.from, to: q.from };
    if (today > limit) return { from: q.from, to: limit };
    return { from: q.from, to: today };
  }
  const to = q.to ?? dayOf(now, timeZone);
  return { from: shiftDay(to, -(days - 1)), to };
}
