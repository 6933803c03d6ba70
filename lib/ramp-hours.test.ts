import { describe, expect, it } from 'vitest';
import { closedAt, closedBands } from '@/lib/ramp-hours';
import type { RampRules } from '@/lib/schemas/ramps';

const TZ = 'Europe/Amsterdam';
const rules = (over: Partial<RampRules> = {}): RampRules => ({
  time_zone: TZ,
  always_open: false,
  hours: [{ weekday: 1, opens: '06:00', closes: '22:00' }],
  closures: [],
  ...over,
});
// Monday 6 January 2031 in Amsterdam (UTC+1): 2031-01-05T23:00Z – 2031-01-06T23:00Z.
const DAY = { from: Date.parse('2031-01-05T23:00:00Z'), to: Date.parse('2031-01-06T23:00:00Z') };

describe('closedBands', () => {
  it('shades before opening and after closing, nothing for a ramp open at all times', () => {
    expect(closedBands(rules(), DAY.from, DAY.to)).toEqual([
      { from: DAY.from, to: Date.parse('2031-01-06T05:00:00Z'), title: 'Closed: outside opening hours' },
      { from: Date.parse('2031-01-06T21:00:00Z'), to: DAY.to, title: 'Closed: outside opening hours' },
    ]);
    expect(closedBands(rules({ always_open: true, hours: [] }), DAY.from, DAY.to)).toEqual([]);
    expect(closedBands(undefined, DAY.from, DAY.to)).toEqual([]);
  });

  it('a day without hours is closed all day; a closure is a band with its reason', () => {
    const sunday = { from: DAY.from - 86_400_000, to: DAY.from };
    expect(closedBands(rules(), sunday.from, sunday.to)).toEqual([{ ...sunday, title: 'Closed: outside opening hours' }]);
    const closure = { id: 1, ramp_id: 1, starts_at: '2031-01-06T11:00:00Z', ends_at: '2031-01-06T13:00:00Z', reason: 'maintenance', created_at: '' };
    const bands = closedBands(rules({ closures: [closure] }), DAY.from, DAY.to);
    expect(bands).toContainEqual({ from: Date.parse(closure.starts_at), to: Date.parse(closure.ends_at), title: 'Closed: maintenance' });
    expect(closedAt(rules({ closures: [closure] }), Date.parse('2031-01-06T12:00:00Z'))?.title).toBe('Closed: maintenance');
    expect(closedAt(rules(), Date.parse('2031-01-06T10:00:00Z'))).toBeNull();
  });
});
