import { describe, expect, it } from 'vitest';
import type { Assignment, HistoryEntry } from '@/lib/schemas/assignments';
import { describeEntry } from '@/components/history/describe';

const a = (over: Partial<Assignment> = {}) =>
  ({
    id: 1,
    eta_in: '2030-01-01T10:00:00.000Z',
    eta_out: '2030-01-01T12:00:00.000Z',
    arrived_at: null,
    started_at: null,
    completed_at: null,
    departed_at: null,
    called_at: null,
    ramp: { id: 1, code: 'R1', description: '', kind: 'BOTH' },
    load: { id: 9, reference: 'IB-1', direction: 'IB', planned_arrival: null, planned_departure: null, notes: null },
    status: { id: 2, code: 'ARRIVED', label: 'Arrived', color: 'cyan' },
    ...over,
  }) as Assignment;

const entry = (action: HistoryEntry['action'], before: Assignment | null, after: Assignment | null, changes: HistoryEntry['changes']) => ({
  action,
  before,
  after,
  changes,
});

describe('describeEntry: the actual times', () => {
  it('names a recorded or corrected time in the site zone, a cleared one as a dash', () => {
    const before = a({ arrived_at: '2030-01-01T10:20:00.000Z' });
    const after = a({ arrived_at: '2030-01-01T10:05:00.000Z', started_at: '2030-01-01T10:30:00.000Z', departed_at: null });
    const parts = describeEntry(
      entry('UPDATE', before, after, {
        arrived_at: { from: before.arrived_at, to: after.arrived_at },
        started_at: { from: null, to: after.started_at },
        departed_at: { from: '2030-01-01T11:50:00.000Z', to: null },
      }),
      'Europe/Berlin',
      '2030-01-01',
    );
    expect(parts).toEqual([
      { field: 'arrived', from: '11:20', to: '11:05' },
      { field: 'started', from: '—', to: '11:30' },
      { field: 'departed', from: '12:50', to: '—' },
    ]);
  });

  it('lists the times a created assignment starts with, after ramp, window and status', () => {
    const created = a({ arrived_at: '2030-01-01T09:55:00.000Z' });
    expect(describeEntry(entry('CREATE', null, created, {}), 'UTC', '2030-01-01').map((p) => `${p.field} ${p.value}`)).toEqual([
      'ramp R1',
      'window 10:00–12:00',
      'status Arrived',
      'arrived 09:55',
    ]);
  });

  it('reads entries stored before the actual times existed', () => {
    const old = { ...a() } as Partial<Assignment>;
    delete old.arrived_at;
    expect(describeEntry(entry('DELETE', old as Assignment, null, {}), 'UTC', '2030-01-01')).toHaveLength(3);
  });
});

describe('describeEntry: words, not codes', () => {
  it('names statuses by their labels and writes times in the site locale', () => {
    const planned = a({ status: { id: 1, code: 'PLANNED', label: 'Planned', color: 'slate' } });
    const delayed = a({ status: { id: 4, code: 'DELAYED', label: 'Delayed', color: 'amber' }, eta_in: '2030-01-01T14:30:00.000Z' });
    const change = entry('UPDATE', planned, delayed, {
      status_id: { from: 1, to: 4 },
      status: { from: 'PLANNED', to: 'DELAYED' },
      eta_in: { from: planned.eta_in, to: delayed.eta_in },
    });
    expect(describeEntry(change, 'UTC', '2030-01-01', 'en-US')).toEqual([
      { field: 'status', from: 'Planned', to: 'Delayed' },
      { field: 'ETA in', from: expect.stringMatching(/^10:00\sAM$/), to: expect.stringMatching(/^2:30\sPM$/) },
    ]);
    expect(describeEntry(change, 'UTC', '2030-01-01', 'de-DE')[1]).toEqual({ field: 'ETA in', from: '10:00', to: '14:30' });
  });
});
