import { describe, expect, it } from 'vitest';
import { dayClosedReason, startRefusal } from '@/server/booking/booking-rules';

const site = (cutoffMinutes: number | null, horizonDays = 30, leadMinutes = 120) => ({
  timeZone: 'Europe/Amsterdam',
  booking: { leadMinutes, cutoffMinutes, horizonDays },
});
// Tue 1 Dec 2026, 14:59 and 15:00 in Amsterdam (UTC+1).
const beforeCutoff = new Date('2026-12-01T13:59:00Z');
const atCutoff = new Date('2026-12-01T14:00:00Z');

describe('booking rules', () => {
  it('the next day closes at the cut-off, with the days in words', () => {
    expect(dayClosedReason('2026-12-02', beforeCutoff, site(15 * 60))).toBeNull();
    expect(dayClosedReason('2026-12-02', atCutoff, site(15 * 60))).toBe('Bookings for Wed 2 Dec closed at 15:00 on Tue 1 Dec');
    expect(dayClosedReason('2026-12-01', beforeCutoff, site(15 * 60))).toBe('Bookings for Tue 1 Dec closed at 15:00 on Mon 30 Nov');
    expect(dayClosedReason('2026-12-03', atCutoff, site(15 * 60))).toBeNull();
    expect(dayClosedReason('2026-12-01', atCutoff, site(null))).toBeNull();
  });

  it('past days and days beyond the horizon are closed', () => {
    expect(dayClosedReason('2026-11-30', atCutoff, site(null))).toBe('Mon 30 Nov has passed');
    expect(dayClosedReason('2026-12-08', atCutoff, site(null, 7))).toBeNull();
    expect(dayClosedReason('2026-12-09', atCutoff, site(null, 7))).toBe('Bookings open 7 days ahead; the last day you can book now is Tue 8 Dec');
  });

  it('a start sooner than the lead time is refused with the earliest start', () => {
    expect(startRefusal(new Date('2026-12-01T15:30:00Z'), atCutoff, site(null))).toBe('Book at least 2 hours ahead: the earliest start is 17:00 on Tue 1 Dec');
    expect(startRefusal(new Date('2026-12-01T16:00:00Z'), atCutoff, site(null))).toBeNull();
    expect(startRefusal(new Date('2026-12-01T14:30:00Z'), atCutoff, site(null, 30, 90))).toMatch(/^Book at least 90 minutes ahead/);
  });
});
