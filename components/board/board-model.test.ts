import { describe, expect, it } from 'vitest';
import type { Assignment } from '@/lib/schemas/assignments';
import type { Board } from '@/lib/schemas/board';
import type { Load } from '@/lib/schemas/loads';
import type { Ramp } from '@/lib/schemas/ramps';
import { flagsOf } from '@/lib/board-rules';
import type { BoardEventMessage } from '@/lib/realtime';
import { applyEvent } from '@/components/board/board-model';

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
  load: { id: 9, reference: 'IB-1', direction: 'IB', planned_arrival: '2030-01-01T10:00:00.000Z', planned_departure: null, notes: null, carrier: null },
  status: { id: 1, code: 'PLANNED', label: 'Planned', color: 'blue' },
  creator: null,
  updater: null,
  ...over,
});
const board = (assignments: Assignment[]): Board => ({
  seq: 5,
  date: '2030-01-01',
  time_zone: 'UTC',
  day_start: '2030-01-01T00:00:00.000Z',
  day_end: '2030-01-02T00:00:00.000Z',
  ramps: [],
  statuses: [],
  assignments,
  unassigned_loads: [],
});
const ramp = (id: number, sort_order: number): Ramp => ({
  id,
  code: `R${id}`,
  description: '',
  kind: 'BOTH',
  is_active: true,
  sort_order,
  created_at: '',
  updated_at: '',
});
const ev = (type: string, data: Assignment, seq = 6) =>
  ({ type, seq, data, timestamp: '', action: 'UPDATE' as const, user_id: 1, user_email: 'x', entity: 'assignment', entity_id: data.id }) as BoardEventMessage;

describe('applyEvent', () => {
  it('takes a newer version and drops an older or equal one', () => {
    const b = board([a({ version: 2 })]);
    expect(applyEvent(b, 'all', ev('assignment_updated', a({ version: 3, ramp_id: 2 }))).assignments[0]!.ramp_id).toBe(2);
    expect(applyEvent(b, 'all', ev('assignment_updated', a({ version: 2, ramp_id: 2 }))).assignments[0]!.ramp_id).toBe(1);
  });

  it('removes an assignment moved to another day or deleted, and frees its load', () => {
    const b = board([a()]);
    expect(
      applyEvent(b, 'all', ev('assignment_updated', a({ version: 2, eta_in: '2030-01-03T10:00:00Z', eta_out: '2030-01-03T11:00:00Z' }))).assignments,
    ).toHaveLength(0);
    const deleted = applyEvent(b, 'all', ev('assignment_deleted', a()));
    expect(deleted.assignments).toHaveLength(0);
    expect(deleted.unassigned_loads.map((l) => l.id)).toEqual([9]);
  });

  it('ignores assignments of the other direction on a filtered board', () => {
    expect(applyEvent(board([]), 'OB', ev('assignment_created', a())).assignments).toHaveLength(0);
  });
});

describe("applyEvent: the board's own lists", () => {
  const load = (over: Partial<Load> = {}): Load => ({ ...a().load, carrier: null, arrived_at: null, created_at: '', updated_at: '', ...over });
  const of = (entity: 'load' | 'ramp', type: string, data: Load | Ramp, seq = 6) =>
    ({ type, seq, data, timestamp: '', action: 'UPDATE' as const, user_id: 1, user_email: 'x', entity, entity_id: data.id }) as BoardEventMessage;

  it('frees the load of a cancelled assignment planned that day, and takes it back when the assignment is planned again', () => {
    const cancelled = applyEvent(
      board([a()]),
      'all',
      ev('assignment_updated', a({ version: 2, status: { id: 6, code: 'CANCELLED', label: 'Cancelled', color: 'red' } })),
    );
    expect(cancelled.unassigned_loads.map((l) => l.id)).toEqual([9]);
    expect(applyEvent(cancelled, 'all', ev('assignment_updated', a({ version: 3 }), 7)).unassigned_loads).toEqual([]);
  });

  it('lists a load of the day without a ramp, and drops it once deleted or moved to another day', () => {
    const listed = applyEvent(board([]), 'all', of('load', 'load_created', load({ id: 20 })));
    expect(listed.unassigned_loads.map((l) => l.id)).toEqual([20]);
    expect(applyEvent(listed, 'all', of('load', 'load_updated', load({ id: 20, planned_arrival: '2030-01-05T10:00:00.000Z' }), 7)).unassigned_loads).toEqual(
      [],
    );
    expect(applyEvent(listed, 'all', of('load', 'load_deleted', load({ id: 20 }), 7)).unassigned_loads).toEqual([]);
    expect(applyEvent(board([a()]), 'all', of('load', 'load_updated', load({ reference: 'IB-9' }))).unassigned_loads).toEqual([]);
  });

  it("keeps ramps in the server's order and leaves untouched lists as they were", () => {
    const b = { ...board([a()]), ramps: [ramp(1, 1), ramp(2, 2)] };
    const next = applyEvent(b, 'all', of('ramp', 'ramp_updated', { ...ramp(2, 0), updated_at: '2030-01-01T01:00:00.000Z' }));
    expect(next.ramps.map((r) => r.id)).toEqual([2, 1]);
    expect(next.assignments).toBe(b.assignments);
    expect(next.seq).toBe(6);
  });
});

describe('flagsOf', () => {
  it('marks late after 15 minutes past eta_in while PLANNED, and overdue past eta_out while open', () => {
    const x = a();
    expect(flagsOf(x, Date.parse('2030-01-01T10:14:00Z')).late).toBe(false);
    expect(flagsOf(x, Date.parse('2030-01-01T10:16:00Z')).late).toBe(true);
    expect(flagsOf(x, Date.parse('2030-01-01T12:01:00Z')).overdue).toBe(true);
    expect(flagsOf(a({ status: { id: 5, code: 'COMPLETED', label: 'Completed', color: 'green' } }), Date.parse('2030-01-01T13:00:00Z')).overdue).toBe(false);
  });
});
