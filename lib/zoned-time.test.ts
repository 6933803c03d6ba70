import { describe, expect, it } from 'vitest';
import { dayBounds, dayOf, formatTime, fromLocalInput, shiftDay, toLocalInput } from '@/lib/zoned-time';

describe('zoned time', () => {
  it('cuts days at local midnight, including the 23- and 25-hour DST days', () => {
    expect(dayBounds('2026-07-01', 'Europe/Amsterdam').start.toISOString()).toBe('2026-06-30T22:00:00.000Z');
    const spring = dayBounds('2026-03-29', 'Europe/Amsterdam');
    expect((spring.end.getTime() - spring.start.getTime()) / 3_600_000).toBe(23);
    const autumn = dayBounds('2026-10-25', 'Europe/Amsterdam');
    expect((autumn.end.getTime() - autumn.start.getTime()) / 3_600_000).toBe(25);
    expect(dayBounds('2026-07-01', 'UTC').end.toISOString()).toBe('2026-07-02T00:00:00.000Z');
  });

  it('shows and reads wall-clock times in the zone', () => {
    expect(formatTime('2026-07-01T12:30:00Z', 'Europe/Amsterdam')).toBe('14:30');
    expect(dayOf(new Date('2026-07-01T23:30:00Z'), 'Europe/Amsterdam')).toBe('2026-07-02');
    expect(toLocalInput('2026-07-01T12:30:00Z', 'America/New_York')).toBe('2026-07-01T08:30');
    expect(fromLocalInput('2026-07-01T08:30', 'America/New_York')).toBe('2026-07-01T12:30:00.000Z');
    expect(shiftDay('2026-12-31', 1)).toBe('2027-01-01');
  });
});
