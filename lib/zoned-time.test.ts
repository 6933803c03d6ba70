import { describe, expect, it } from 'vitest';
import {
  dayBounds,
  dayOf,
  formatClock,
  formatClockSeconds,
  formatDateTime,
  formatDay,
  formatShortDate,
  formatTime,
  formatZone,
  fromLocalInput,
  shiftDay,
  toLocalInput,
  uses12Hour,
} from '@/lib/zoned-time';

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

describe('dates and times in the site locale', () => {
  const at = '2026-12-01T13:05:09Z';
  it('writes times 24-hour where the locale does, 12-hour in en-US', () => {
    expect(formatClock(at, 'Europe/Amsterdam', 'de-DE')).toBe('14:05');
    expect(formatClock('2026-12-01T08:05:00Z', 'UTC', 'en-GB')).toBe('08:05');
    expect(formatClock(at, 'Europe/Amsterdam', 'en-US')).toMatch(/^2:05\sPM$/);
    expect(formatClockSeconds(at, 'UTC', 'pl-PL')).toBe('13:05:09');
    expect(uses12Hour('en-US')).toBe(true);
    expect(uses12Hour('en-GB')).toBe(false);
  });

  it('writes days in the locale', () => {
    expect(formatDay('2026-12-01', 'en-GB')).toBe('Tuesday, 1 December 2026');
    expect(formatDay('2026-12-01', 'de-DE')).toBe('Dienstag, 1. Dezember 2026');
    expect(formatDay('2026-12-01', 'en-US')).toBe('Tuesday, December 1, 2026');
    expect(formatDay('2026-12-01', 'en-GB', 'weekday')).toBe('Tue 1 Dec');
    expect(formatDateTime(at, 'UTC', 'en-GB')).toBe('1 Dec 2026, 13:05');
    expect(formatShortDate(at, 'UTC', 'en-GB')).toBe('1 Dec');
  });

  it('names the zone with its abbreviation', () => {
    expect(formatZone('Europe/Amsterdam', 'en-GB', new Date(at))).toBe('Europe/Amsterdam · CET');
    expect(formatZone('Europe/Amsterdam', 'en-GB', new Date('2026-07-01T12:00:00Z'))).toBe('Europe/Amsterdam · CEST');
    expect(formatZone('UTC', 'en-GB')).toBe('UTC');
  });
});
