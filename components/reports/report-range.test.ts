import { describe, expect, it } from 'vitest';
import { MAX_REPORT_DAYS as API_MAX } from '@/lib/schemas/reports';
import { MAX_REPORT_DAYS, presetOf, presetRange, rangeFromParams, rangeProblem, rangeQuery } from './report-range';
import { rangeOnTimePct } from './chart-summary';

describe('report range', () => {
  it('keeps the API limit without importing its schema module', () => {
    expect(MAX_REPORT_DAYS).toBe(API_MAX);
  });

  it('turns presets into ranges ending today and recognises them back', () => {
    expect(presetRange('day', '2026-03-01')).toEqual({ from: '2026-03-01', to: '2026-03-01' });
    expect(presetRange('week', '2026-03-01')).toEqual({ from: '2026-02-23', to: '2026-03-01' });
    expect(presetRange('month', '2026-03-01')).toEqual({ from: '2026-01-31', to: '2026-03-01' });
    expect(presetOf({ from: '2026-02-23', to: '2026-03-01' }, '2026-03-01')).toBe('week');
    expect(presetOf({ from: '2026-02-23', to: '2026-02-28' }, '2026-03-01')).toBeNull();
  });

  it('reads the address and falls back to the last 30 days when the range is missing or refused', () => {
    expect(rangeFromParams({ from: '2026-01-05', to: '2026-01-09', carrier: ' Nordline ' }, '2026-03-01')).toEqual({
      from: '2026-01-05',
      to: '2026-01-09',
      carrier: 'Nordline',
    });
    const month = { from: '2026-01-31', to: '2026-03-01', carrier: '' };
    expect(rangeFromParams({}, '2026-03-01')).toEqual(month);
    expect(rangeFromParams({ from: '2026-01-09', to: '2026-01-05' }, '2026-03-01')).toEqual(month);
    expect(rangeFromParams({ from: '2024-01-01', to: '2026-01-05' }, '2026-03-01')).toEqual(month);
    expect(rangeFromParams({ from: '2026-02-30', to: '2026-03-01' }, '2026-03-01')).toEqual(month);
    expect(rangeProblem('2026-01-09', '2026-01-05')).toMatch(/on or after/);
    expect(rangeQuery({ from: '2026-01-05', to: '2026-01-09', carrier: 'A & B' })).toBe('from=2026-01-05&to=2026-01-09&carrier=A+%26+B');
  });

  it('weights the range on-time share by the trucks due each day', () => {
    const day = (due: number, pct: number | null) => ({
      date: '2026-01-01',
      due,
      arrived: due,
      on_time_arrival_pct: pct,
      avg_wait_minutes: null,
      avg_door_minutes: null,
      avg_dwell_minutes: null,
      handled: 0,
      no_show: 0,
    });
    expect(rangeOnTimePct([day(30, 90), day(10, 50)])).toBe(80);
    expect(rangeOnTimePct([day(0, null)])).toBeNull();
  });
});
