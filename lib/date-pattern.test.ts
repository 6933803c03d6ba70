import { describe, expect, it } from 'vitest';
import { datePattern, firstDayOfWeek, formatDateInput, formatTimeInput, parseDateInput, parseTimeInput, timePattern, weekdayNames } from './date-pattern';

describe('date pattern of the site locale', () => {
  it('shows the day as the locale writes it, with its own placeholder', () => {
    expect(formatDateInput('2026-12-01', 'de-DE')).toBe('01.12.2026');
    expect(formatDateInput('2026-12-01', 'en-GB')).toBe('01/12/2026');
    expect(formatDateInput('2026-12-01', 'en-US')).toBe('12/01/2026');
    expect(datePattern('de-DE').placeholder).toBe('TT.MM.JJJJ');
    expect(datePattern('en-GB').placeholder).toBe('DD/MM/YYYY');
    expect(datePattern('en-US').placeholder).toBe('MM/DD/YYYY');
    expect(datePattern('pl-PL').placeholder).toBe('DD.MM.RRRR');
  });

  it('reads a typed date in the locale order, or ISO', () => {
    expect(parseDateInput('01.12.2026', 'de-DE')).toBe('2026-12-01');
    expect(parseDateInput('1.12.2026', 'de-DE')).toBe('2026-12-01');
    expect(parseDateInput('12/01/2026', 'en-US')).toBe('2026-12-01');
    expect(parseDateInput('12/01/2026', 'en-GB')).toBe('2026-01-12');
    expect(parseDateInput('2026-12-01', 'en-US')).toBe('2026-12-01');
    expect(parseDateInput('1/12/26', 'en-GB')).toBe('2026-12-01');
    expect(parseDateInput('1/12/26', 'en-GB', true)).toBeNull();
    expect(parseDateInput('30/02/2026', 'en-GB')).toBeNull();
    expect(parseDateInput('tomorrow', 'en-GB')).toBeNull();
    expect(parseDateInput('01/12', 'en-GB')).toBeNull();
  });
});

describe('time pattern of the site locale', () => {
  it('is 24-hour in de-DE and en-GB, 12-hour in en-US', () => {
    expect(timePattern('de-DE').h12).toBe(false);
    expect(timePattern('en-GB').placeholder).toBe('HH:MM');
    expect(timePattern('en-US').h12).toBe(true);
    expect(formatTimeInput('14:30', 'de-DE')).toBe('14:30');
    expect(formatTimeInput('14:30', 'en-US')).toBe('2:30 PM');
    expect(formatTimeInput('00:15', 'en-US')).toBe('12:15 AM');
  });

  it('reads typed times', () => {
    expect(parseTimeInput('14:30', 'de-DE')).toBe('14:30');
    expect(parseTimeInput('1430', 'de-DE')).toBe('14:30');
    expect(parseTimeInput('9', 'de-DE')).toBe('09:00');
    expect(parseTimeInput('2:30 PM', 'en-US')).toBe('14:30');
    expect(parseTimeInput('2:30pm', 'en-US')).toBe('14:30');
    expect(parseTimeInput('12:10 am', 'en-US')).toBe('00:10');
    expect(parseTimeInput('14:30', 'en-US')).toBe('14:30');
    expect(parseTimeInput('25:00', 'de-DE')).toBeNull();
    expect(parseTimeInput('13:00 PM', 'en-US')).toBeNull();
    expect(parseTimeInput('noon', 'en-GB')).toBeNull();
  });

  it('knows the first weekday and its names', () => {
    expect(firstDayOfWeek('en-US')).toBe(0);
    expect(firstDayOfWeek('de-DE')).toBe(1);
    expect(weekdayNames('de-DE')[1]).toBe('Mo');
  });
});
