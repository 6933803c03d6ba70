import { describe, expect, it } from 'vitest';
import {
  arrivalDelayMinutes,
  arrivalOf,
  byOrder,
  flagsOf,
  hasArrived,
  inScope,
  isExpected,
  isFreed,
  isNoShow,
  isOpen,
  LATE_TOLERANCE_MS,
} from '@/lib/board-rules';

const at = (iso: string) => Date.parse(iso);
const slot = (code: string) => ({
  status: { id: 1, code, label: code, color: 'blue' },
  eta_in: '2030-01-01T10:00:00.000Z',
  eta_out: '2030-01-01T12:00:00.000Z',
});

describe('flagsOf', () => {
  it('marks late more than 15 minutes past eta_in; an ARRIVED truck is not late', () => {
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

  it('SPEC §9: a declined booking is freed like a cancelled one; a request waiting for approval is not expected, so never late, overdue or a no-show', () => {
    const after = at('2030-01-01T13:00:00Z');
    for (const code of ['DECLINED', 'REQUESTED']) {
      expect(flagsOf(slot(code), after)).toEqual({ late: false, overdue: false });
      expect(isNoShow(slot(code), after)).toBe(false);
      expect(isExpected(slot(code))).toBe(false);
    }
    expect([isFreed(slot('DECLINED')), isFreed(slot('CANCELLED')), isFreed(slot('REQUESTED')), isFreed(slot('PLANNED'))]).toEqual([true, true, false, false]);
    expect([isOpen(slot('DECLINED')), isOpen(slot('REQUESTED'))]).toEqual([false, true]);
    expect(isNoShow(slot('PLANNED'), after)).toBe(true);
  });
});

describe('SPEC §8: late, overdue and no-show from the actual times', () => {
  const timed = (code: string, times: Partial<Record<'arrived_at' | 'started_at' | 'completed_at' | 'departed_at', string>> = {}) => ({
    ...slot(code),
    ...times,
  });

  it('marks late whatever the status while no arrival is recorded, DELAYED included; never completed or cancelled', () => {
    expect(flagsOf(timed('DELAYED'), at('2030-01-01T10:15:01Z')).late).toBe(true);
    expect(flagsOf(timed('DELAYED'), at('2030-01-01T10:15:00Z')).late).toBe(false);
    expect(flagsOf(timed('PLANNED', { arrived_at: '2030-01-01T10:40:00Z' }), at('2030-01-01T11:00:00Z')).late).toBe(false);
    expect(flagsOf(timed('COMPLETED'), at('2030-01-01T10:30:00Z')).late).toBe(false);
    expect(flagsOf(timed('CANCELLED'), at('2030-01-01T10:30:00Z')).late).toBe(false);
  });

  it('an arrival recorded after now does not count yet; a later fact counts as the arrival', () => {
    expect(flagsOf(timed('PLANNED', { arrived_at: '2030-01-01T11:00:00Z' }), at('2030-01-01T10:30:00Z')).late).toBe(true);
    expect(arrivalOf(timed('IN_PROGRESS', { started_at: '2030-01-01T10:20:00Z' }))).toBe(at('2030-01-01T10:20:00Z'));
    expect(hasArrived(timed('PLANNED', { started_at: '2030-01-01T10:20:00Z' }), at('2030-01-01T10:30:00Z'))).toBe(true);
    expect(hasArrived(timed('DELAYED'), at('2030-01-01T10:30:00Z'))).toBe(false);
  });

  it('is not overdue once completed or departed at a recorded time, whatever the status says', () => {
    expect(flagsOf(timed('IN_PROGRESS', { completed_at: '2030-01-01T11:50:00Z' }), at('2030-01-01T12:30:00Z')).overdue).toBe(false);
    expect(flagsOf(timed('ARRIVED', { departed_at: '2030-01-01T11:50:00Z' }), at('2030-01-01T12:30:00Z')).overdue).toBe(false);
    expect(flagsOf(timed('DELAYED'), at('2030-01-01T12:00:01Z')).overdue).toBe(true);
  });

  it('marks a no-show once eta_out passed without an arrival by then', () => {
    expect(isNoShow(timed('PLANNED'), at('2030-01-01T12:00:00Z'))).toBe(false);
    expect(isNoShow(timed('PLANNED'), at('2030-01-01T12:00:01Z'))).toBe(true);
    expect(isNoShow(timed('DELAYED'), at('2030-01-01T13:00:00Z'))).toBe(true);
    expect(isNoShow(timed('ARRIVED', { arrived_at: '2030-01-01T12:30:00Z' }), at('2030-01-01T13:00:00Z'))).toBe(true);
    expect(isNoShow(timed('COMPLETED', { arrived_at: '2030-01-01T11:59:00Z' }), at('2030-01-01T13:00:00Z'))).toBe(false);
    expect(isNoShow(timed('CANCELLED'), at('2030-01-01T13:00:00Z'))).toBe(false);
    // A status that says the truck came, with no time recorded (rows from before the actual times).
    expect(isNoShow(timed('IN_PROGRESS'), at('2030-01-01T13:00:00Z'))).toBe(false);
  });

  it('gives the arrival against the plan in minutes', () => {
    expect(arrivalDelayMinutes(timed('ARRIVED', { arrived_at: '2030-01-01T10:12:00Z' }))).toBe(12);
    expect(arrivalDelayMinutes(timed('ARRIVED', { arrived_at: '2030-01-01T09:50:00Z' }))).toBe(-10);
    expect(arrivalDelayMinutes(timed('PLANNED'))).toBeNull();
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
