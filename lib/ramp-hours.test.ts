import { describe, expect, it } from 'vitest';
import { closedAt, closedBands, nextOpenStart } from '@/lib/ramp-hours';
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

describe('nextOpenStart', () => {
  // The demo's week (server/db/seed-rules.ts): round the clock Monday to Saturday, Sunday from 22:00.
  const demo = rules({
    time_zone: 'UTC',
    hours: [...[1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, opens: '00:00', closes: '24:00' })), { weekday: 0, opens: '22:00', closes: '24:00' }],
  });
  const at = (iso: string) => Date.parse(iso);

  it('answers the time itself when the ramp is open for the whole window, or has no hours', () => {
    expect(nextOpenStart(demo, at('2031-01-08T10:00:00Z'), 60)).toBe(at('2031-01-08T10:00:00Z'));
    expect(nextOpenStart(undefined, at('2031-01-05T02:00:00Z'), 60)).toBe(at('2031-01-05T02:00:00Z'));
  });

  it('on a Sunday at 02:00 gives that Sunday’s 22:00; a window that would run into Sunday waits for it too', () => {
    expect(nextOpenStart(demo, at('2031-01-05T02:00:00Z'), 60)).toBe(at('2031-01-05T22:00:00Z'));
    expect(nextOpenStart(demo, at('2031-01-04T23:30:00Z'), 60)).toBe(at('2031-01-05T22:00:00Z'));
    // Sunday 22:00 → Monday runs on across midnight.
    expect(nextOpenStart(demo, at('2031-01-05T23:30:00Z'), 120)).toBe(at('2031-01-05T23:30:00Z'));
  });

  it('steps past a closure and a break between two spans, and gives up beyond the horizon', () => {
    const closure = { id: 1, ramp_id: 1, starts_at: '2031-01-06T11:00:00Z', ends_at: '2031-01-06T13:00:00Z', reason: 'maintenance', created_at: '' };
    expect(nextOpenStart(rules({ closures: [closure] }), at('2031-01-06T10:30:00Z'), 60)).toBe(at('2031-01-06T13:00:00Z'));
    const split = rules({
      hours: [
        { weekday: 1, opens: '06:00', closes: '12:00' },
        { weekday: 1, opens: '13:00', closes: '22:00' },
      ],
    });
    // Amsterdam is UTC+1 in January: 11:30 local is 10:30Z, the break ends at 13:00 local (12:00Z).
    expect(nextOpenStart(split, at('2031-01-06T10:30:00Z'), 60)).toBe(at('2031-01-06T12:00:00Z'));
    expect(nextOpenStart(rules({ hours: [] }), at('2031-01-06T10:30:00Z'), 60)).toBeNull();
  });
});
