import { describe, expect, it } from 'vitest';
import { byOrder, flagsOf, inScope, isOpen, LATE_TOLERANCE_MS } from '@/lib/board-rules';

const at = (iso: string) => Date.parse(iso);
const slot = (code: string) => ({
  status: { id: 1, code, label: code, color: 'blue' },
  eta_in: '2030-01-01T10:00:00.000Z',
  eta_out: '2030-01-01T12:00:00.000Z',
});

describe('flagsOf', () => {
  it('marks late only while PLANNED and more than 15 minutes past eta_in', () => {
    expect(LATE_TOLERANCE_MS).toBe(15 * 60_000);
    expect(flagsOf(slot('PLANNED'), at('2030-01-01T10:15:00Z')).late).toBe(false);
    expect(flagsOf(slot('PLANNED'), at('2030-01-01T10:15:01Z')).late).toBe(true);
    expect(flagsOf(slot('ARRIVED'), at('2030-01-01T10:30:00Z')).late).toBe(false);
  });

  it('marks overdue while open past eta_out, never once completed or cancelled', () => {
    expect(flagsOf(slot('IN_PROGRESS'), at('2030-01-01T12:00:00Z')).overdue).toBe(false);
    expect(flagsOf(slot('IN_PROGRESS'), at('2030-01-01T12:00:01Z')).overdue).toBe(true);
    expect(flagsOf(slot('PLANNED'), at('2030-01-01T13:00:00Z'))).toEqual({ late: true, overdue: true });
    expect(flagsOf(slot('COMPLETED'), at('2030-01-01T13:00:00Z'))).toEqual({ late: false, overdue: false });
    expect(flagsOf(slot('CANCELLED'), at('2030-01-01T13:00:00Z'))).toEqual({ late: false, overdue: false });
    expect(isOpen(slot('DELAYED'))).toBe(true);
  });
});

describe('inScope', () => {
  it('shows everything on a view of all directions and only its own on a view of one', () => {
    expect([inScope('all', 'IB'), inScope(null, 'OB'), inScope('IB', 'IB'), inScope('IB', 'OB')]).toEqual([true, true, true, false]);
  });
});

describe('byOrder', () => {
  it('orders by sort order, then code, then id', () => {
    const list = [
      { id: 4, sort_order: 2, code: 'A' },
      { id: 3, sort_order: 1, code: 'R2' },
      { id: 2, sort_order: 1, code: 'R10' },
      { id: 1, sort_order: 1, code: 'R2' },
    ];
    expect([...list].sort(byOrder).map((x) => x.id)).toEqual([2, 1, 3, 4]);
  });
});
