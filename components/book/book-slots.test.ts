import { describe, expect, it } from 'vitest';
import { slotsOf, startsIn } from '@/components/book/book-slots';

describe('portal start times', () => {
  it('offers every 15 minutes where the whole duration fits, from the first quarter hour in the window', () => {
    expect(startsIn([{ from: '2031-01-06T08:05:00.000Z', to: '2031-01-06T09:30:00.000Z' }], 60)).toEqual([
      '2031-01-06T08:15:00.000Z',
      '2031-01-06T08:30:00.000Z',
    ]);
    expect(startsIn([{ from: '2031-01-06T08:00:00.000Z', to: '2031-01-06T08:45:00.000Z' }], 60)).toEqual([]);
  });

  it('"any door" is the union of the ramps’ times, earliest first; a closed day has none', () => {
    const base = { date: '2031-01-06', direction: 'IB' as const, load_type: { id: 1, name: 'Pallets', duration_minutes: 30 }, earliest: null };
    const ramps = [
      { ramp_id: 1, code: 'R1', description: '', windows: [{ from: '2031-01-06T09:00:00.000Z', to: '2031-01-06T09:45:00.000Z' }] },
      { ramp_id: 2, code: 'R2', description: '', windows: [{ from: '2031-01-06T08:45:00.000Z', to: '2031-01-06T09:30:00.000Z' }] },
      { ramp_id: 3, code: 'R3', description: '', windows: [] },
    ];
    const slots = slotsOf({ ...base, closed_reason: null, ramps });
    expect(slots.anyDoor).toEqual(['2031-01-06T08:45:00.000Z', '2031-01-06T09:00:00.000Z', '2031-01-06T09:15:00.000Z']);
    expect(slots.ramps.map((r) => r.code)).toEqual(['R1', 'R2']);
    expect(slotsOf({ ...base, closed_reason: 'Closed', ramps }).anyDoor).toEqual([]);
  });
});
