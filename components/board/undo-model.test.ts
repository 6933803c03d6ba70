import { describe, expect, it } from 'vitest';
import type { Assignment } from '@/lib/schemas/assignments';
import { inverseChanges, recreateInput, undoState } from '@/components/board/undo-model';

const a = (over: Partial<Assignment> = {}): Assignment => ({
  id: 1,
  ramp_id: 1,
  load_id: 9,
  status_id: 1,
  eta_in: '2030-01-01T10:00:00.000Z',
  eta_out: '2030-01-01T12:00:00.000Z',
  arrived_at: null,
  started_at: null,
  completed_at: null,
  departed_at: null,
  called_at: null,
  version: 1,
  created_by: 1,
  updated_by: 1,
  created_at: '',
  updated_at: '',
  ramp: { id: 1, code: 'R1', description: '', kind: 'BOTH' },
  load: { id: 9, reference: 'IB-1', direction: 'IB', planned_arrival: null, planned_departure: null, notes: null, carrier: null },
  status: { id: 1, code: 'PLANNED', label: 'Planned', color: 'blue' },
  creator: null,
  updater: null,
  ...over,
});

describe('inverseChanges', () => {
  it('puts a move back: the old ramp and times, nothing else', () => {
    const before = a();
    const after = a({ ramp_id: 2, eta_in: '2030-01-01T10:30:00.000Z', eta_out: '2030-01-01T12:30:00.000Z', version: 2 });
    expect(inverseChanges(before, after)).toEqual({ ramp_id: 1, eta_in: before.eta_in, eta_out: before.eta_out });
  });

  it('undoes what the server filled in as well (a status change that recorded the arrival), and compares times as instants', () => {
    const before = a();
    const after = a({ status_id: 3, arrived_at: '2030-01-01T10:05:00.000Z', eta_in: '2030-01-01T10:00:00Z', version: 2 });
    expect(inverseChanges(before, after)).toEqual({ status_id: 1, arrived_at: null });
  });

  it('is empty when nothing changed', () => expect(inverseChanges(a(), a({ version: 2 }))).toEqual({}));
});

describe('undoState', () => {
  it('may write while the cached row is the version our change produced', () => {
    expect(undoState(a({ version: 2 }), { id: 1, version: 2 })).toBe('ok');
  });
  it('is "changed" once someone saved a newer version, "gone" once it was deleted', () => {
    expect(undoState(a({ version: 3 }), { id: 1, version: 2 })).toBe('changed');
    expect(undoState(undefined, { id: 1, version: 2 })).toBe('gone');
  });
});

describe('recreateInput', () => {
  it('is the same load, ramp, times and status, with the actual times recorded', () => {
    const deleted = a({ ramp_id: 4, status_id: 2, arrived_at: '2030-01-01T10:02:00.000Z', version: 5 });
    expect(recreateInput(deleted)).toEqual({
      ramp_id: 4,
      load_id: 9,
      status_id: 2,
      eta_in: deleted.eta_in,
      eta_out: deleted.eta_out,
      arrived_at: '2030-01-01T10:02:00.000Z',
    });
  });
});
