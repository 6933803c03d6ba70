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
  backlog_from: null,
  ramps: [],
  statuses: [],
  assignments,
  unassigned_loads: [],
  yard: [],
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

describe("applyEvent: today's backlog and the yard", () => {
  const load = (over: Partial<Load> = {}): Load => ({ ...a().load, carrier: null, arrived_at: null, created_at: '', updated_at: '', ...over });
  const of = (type: string, data: Load, seq = 6) =>
    ({ type, seq, data, timestamp: '', action: 'UPDATE' as const, user_id: 1, user_email: 'x', entity: 'load', entity_id: data.id }) as BoardEventMessage;
  const today = (assignments: Assignment[] = []): Board => ({ ...board(assignments), backlog_from: '2029-12-25T00:00:00.000Z' });
  const arrived = { id: 3, code: 'ARRIVED', label: 'Arrived', color: 'amber' };
  const cancelled = { id: 6, code: 'CANCELLED', label: 'Cancelled', color: 'red' };

  it('lists loads without a planned time and carried-over ones on today only, and not older than backlog_from', () => {
    const unplanned = load({ id: 30, planned_arrival: null });
    const yesterday = load({ id: 31, planned_arrival: '2029-12-31T09:00:00.000Z' });
    const old = load({ id: 32, planned_arrival: '2029-12-01T09:00:00.000Z' });
    let b = today();
    for (const [i, l] of [unplanned, yesterday, old].entries()) b = applyEvent(b, 'all', of('load_created', l, 6 + i));
    expect(b.unassigned_loads.map((l) => l.id)).toEqual([30, 31]);
    let other = board([]);
    for (const [i, l] of [unplanned, yesterday].entries()) other = applyEvent(other, 'all', of('load_created', l, 6 + i));
    expect(other.unassigned_loads).toEqual([]);
  });

  it('puts a checked-in load into the yard and the backlog; planning it moves the yard entry to the assignment', () => {
    const gate = load({ id: 40, planned_arrival: '2030-01-05T09:00:00.000Z', arrived_at: '2030-01-01T09:30:00.000Z' });
    const checkedIn = applyEvent(today(), 'all', of('load_updated', gate));
    expect(checkedIn.yard.map((e) => [e.load.id, e.assignment, e.arrived_at])).toEqual([[40, null, '2030-01-01T09:30:00.000Z']]);
    expect(checkedIn.unassigned_loads.map((l) => l.id)).toEqual([40]);
    const plannedA = a({ id: 7, load_id: 40, load: { ...a().load, id: 40 }, status: arrived, status_id: 3, arrived_at: gate.arrived_at });
    const planned = applyEvent(checkedIn, 'all', ev('assignment_created', plannedA, 7));
    expect(planned.yard.map((e) => [e.load.id, e.assignment?.id, e.load.arrived_at])).toEqual([[40, 7, gate.arrived_at]]);
    expect(planned.unassigned_loads).toEqual([]);
    // Cancelled: the truck is still on site, back as a gate load, and back in the backlog.
    const back = applyEvent(planned, 'all', ev('assignment_updated', { ...plannedA, version: 2, status: cancelled, status_id: 6 }, 8));
    expect(back.yard.map((e) => [e.load.id, e.assignment])).toEqual([[40, null]]);
    expect(back.unassigned_loads.map((l) => l.id)).toEqual([40]);
  });

  it('keeps the yard oldest first and drops a truck once it starts, leaves or is called into another direction', () => {
    const early = a({ id: 1, arrived_at: '2030-01-01T08:00:00.000Z', status: arrived });
    const late = a({ id: 2, load_id: 10, load: { ...a().load, id: 10, reference: 'IB-2' }, arrived_at: '2030-01-01T08:30:00.000Z', status: arrived });
    let b = applyEvent(today(), 'all', ev('assignment_updated', { ...late, version: 2 }, 6));
    b = applyEvent(b, 'all', ev('assignment_updated', { ...early, version: 2 }, 7));
    expect(b.yard.map((e) => e.assignment?.id)).toEqual([1, 2]);
    const called = applyEvent(b, 'all', ev('assignment_updated', { ...early, version: 3, called_at: '2030-01-01T09:00:00.000Z' }, 8));
    expect(called.yard[0]!.assignment!.called_at).toBe('2030-01-01T09:00:00.000Z');
    const started = applyEvent(called, 'all', ev('assignment_updated', { ...early, version: 4, started_at: '2030-01-01T09:05:00.000Z' }, 9));
    expect(started.yard.map((e) => e.assignment?.id)).toEqual([2]);
    expect(applyEvent(started, 'all', ev('assignment_updated', { ...late, version: 1 }, 10)).yard).toBe(started.yard);
    expect(applyEvent(started, 'OB', ev('assignment_updated', { ...late, version: 3 }, 10)).yard).toEqual([]);
  });
});

describe('flagsOf', () => {
  it('marks a PLANNED block late after 15 minutes past eta_in, and overdue past eta_out while open', () => {
    const x = a();
    expect(flagsOf(x, Date.parse('2030-01-01T10:14:00Z')).late).toBe(false);
    expect(flagsOf(x, Date.parse('2030-01-01T10:16:00Z')).late).toBe(true);
    expect(flagsOf(x, Date.parse('2030-01-01T12:01:00Z')).overdue).toBe(true);
    expect(flagsOf(a({ status: { id: 5, code: 'COMPLETED', label: 'Completed', color: 'green' } }), Date.parse('2030-01-01T13:00:00Z')).overdue).toBe(false);
  });
});
