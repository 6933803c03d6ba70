import { describe, expect, it } from 'vitest';
import { BOARD_EVENT_TYPES, changedAny, heldOf, mergeEvent, type HeldBoard } from '@/lib/board-merge';
import type { BoardEventMessage } from '@/lib/realtime';
import type { Assignment } from '@/lib/schemas/assignments';
import type { Load } from '@/lib/schemas/loads';
import type { Ramp } from '@/lib/schemas/ramps';
import type { Status } from '@/lib/schemas/statuses';

const PLANNED = { id: 1, code: 'PLANNED', label: 'Planned', color: 'blue' };
const assignment = (id: number, over: Partial<Assignment> = {}): Assignment => ({
  id,
  ramp_id: 1,
  load_id: 100 + id,
  status_id: 1,
  eta_in: '2030-01-01T10:00:00.000Z',
  eta_out: '2030-01-01T11:00:00.000Z',
  arrived_at: null,
  started_at: null,
  completed_at: null,
  departed_at: null,
  called_at: null,
  version: 1,
  created_by: null,
  updated_by: null,
  created_at: '',
  updated_at: '',
  ramp: { id: 1, code: 'R1', description: '', kind: 'BOTH' },
  load: { id: 100 + id, reference: `L-${id}`, direction: 'IB', planned_arrival: null, planned_departure: null, notes: null, carrier: null },
  status: PLANNED,
  creator: null,
  updater: null,
  ...over,
});
const ramp = (id: number, over: Partial<Ramp> = {}): Ramp => ({
  id,
  code: `R${id}`,
  description: '',
  kind: 'BOTH',
  is_active: true,
  sort_order: id,
  created_at: '',
  updated_at: '2030-01-01T00:00:00.000Z',
  ...over,
});
const load = (id: number, over: Partial<Load> = {}): Load => ({
  id,
  reference: `L-${id - 100}`,
  direction: 'IB',
  planned_arrival: null,
  planned_departure: null,
  notes: null,
  carrier: null,
  arrived_at: null,
  created_at: '',
  updated_at: '',
  ...over,
});

let seq = 0;
function event<E extends BoardEventMessage['entity']>(
  entity: E,
  action: 'created' | 'updated' | 'deleted',
  data: Extract<BoardEventMessage, { entity: E }>['data'],
) {
  const word = { created: 'CREATE', updated: 'UPDATE', deleted: 'DELETE' } as const;
  return {
    type: `${entity}_${action}`,
    seq: ++seq,
    timestamp: '',
    action: word[action],
    user_id: 1,
    user_email: null,
    entity,
    entity_id: data.id,
    data,
  } as BoardEventMessage;
}

const held = (assignments: Assignment[] = [], ramps: Ramp[] = [ramp(1)], statuses: Status[] = [{ ...PLANNED, sort_order: 0 }]): HeldBoard =>
  heldOf({ ramps, statuses, assignments });
const everywhere = () => true;

describe('mergeEvent: assignments', () => {
  it('takes a newer version in place, drops an older or equal one as stale, and adds new ones last', () => {
    const h = held([assignment(1, { version: 2 }), assignment(2)]);
    expect(mergeEvent(h, event('assignment', 'updated', assignment(1, { version: 2, ramp_id: 9 })), everywhere)).toMatchObject({
      stale: true,
      assignments: false,
    });
    expect(mergeEvent(h, event('assignment', 'updated', assignment(1, { version: 1, ramp_id: 9 })), everywhere).stale).toBe(true);
    expect(h.assignments.get(1)!.ramp_id).toBe(1);
    expect(mergeEvent(h, event('assignment', 'updated', assignment(1, { version: 3, ramp_id: 9 })), everywhere)).toMatchObject({
      stale: false,
      assignments: true,
    });
    mergeEvent(h, event('assignment', 'created', assignment(3)), everywhere);
    expect([...h.assignments.values()].map((a) => [a.id, a.ramp_id])).toEqual([
      [1, 9],
      [2, 1],
      [3, 1],
    ]);
  });

  it('removes a deleted assignment, and one the screen does not keep (another day, another direction)', () => {
    const h = held([assignment(1), assignment(2)]);
    expect(mergeEvent(h, event('assignment', 'deleted', assignment(1)), everywhere).assignments).toBe(true);
    const ib = (a: Assignment) => a.load.direction === 'IB';
    const moved = assignment(2, { version: 2, load: { ...assignment(2).load, direction: 'OB' } });
    expect(mergeEvent(h, event('assignment', 'updated', moved), ib).assignments).toBe(true);
    expect(h.assignments.size).toBe(0);
    // Neither held nor kept: nothing changed.
    expect(changedAny(mergeEvent(h, event('assignment', 'created', assignment(3, { load: moved.load })), ib))).toBe(false);
    expect(changedAny(mergeEvent(h, event('assignment', 'deleted', assignment(4)), ib))).toBe(false);
  });
});

describe('mergeEvent: master data', () => {
  it('takes a ramp newer or equal by updated_at, drops an older one, removes a deleted one', () => {
    const h = held();
    expect(mergeEvent(h, event('ramp', 'updated', ramp(1, { code: 'OLD', updated_at: '2029-12-31T00:00:00.000Z' })), everywhere)).toMatchObject({
      stale: true,
      ramps: false,
    });
    expect(h.ramps.get(1)!.code).toBe('R1');
    expect(mergeEvent(h, event('ramp', 'updated', ramp(1, { code: 'NEW', updated_at: '2030-01-01T00:00:00.000Z' })), everywhere).ramps).toBe(true);
    expect(h.ramps.get(1)!.code).toBe('NEW');
    mergeEvent(h, event('ramp', 'created', ramp(2)), everywhere);
    expect(mergeEvent(h, event('ramp', 'deleted', ramp(1)), everywhere).ramps).toBe(true);
    expect([...h.ramps.keys()]).toEqual([2]);
  });

  it('refreshes the status the assignments embed, only where it is theirs', () => {
    const h = held([assignment(1), assignment(2, { status_id: 2, status: { id: 2, code: 'ARRIVED', label: 'Arrived', color: 'cyan' } })]);
    const m = mergeEvent(h, event('status', 'updated', { ...PLANNED, label: 'Booked', color: 'purple', sort_order: 0 }), everywhere);
    expect(m).toMatchObject({ statuses: true, assignments: true });
    expect(h.assignments.get(1)!.status).toEqual({ id: 1, code: 'PLANNED', label: 'Booked', color: 'purple' });
    expect(h.assignments.get(2)!.status.label).toBe('Arrived');
    expect(h.statuses.get(1)!.label).toBe('Booked');
  });

  it('refreshes the load the assignments embed and drops those it takes out of scope; a deleted load changes nothing held', () => {
    const h = held([assignment(1), assignment(2)]);
    const ib = (a: Assignment) => a.load.direction === 'IB';
    expect(mergeEvent(h, event('load', 'updated', load(101, { reference: 'NEW', notes: 'fragile' })), ib).assignments).toBe(true);
    expect(h.assignments.get(1)!.load).toEqual({
      id: 101,
      reference: 'NEW',
      direction: 'IB',
      planned_arrival: null,
      planned_departure: null,
      notes: 'fragile',
    });
    mergeEvent(h, event('load', 'updated', load(102, { direction: 'OB' })), ib);
    expect([...h.assignments.keys()]).toEqual([1]);
    expect(changedAny(mergeEvent(h, event('load', 'updated', load(999)), ib))).toBe(false);
    expect(changedAny(mergeEvent(h, event('load', 'deleted', load(101)), ib))).toBe(false);
    expect(h.assignments.get(1)!.load.reference).toBe('NEW');
  });
});

describe('BOARD_EVENT_TYPES', () => {
  it('names every board event a screen receives', () => {
    expect([...BOARD_EVENT_TYPES].sort()).toEqual(
      ['assignment', 'load', 'ramp', 'status'].flatMap((e) => ['created', 'deleted', 'updated'].map((a) => `${e}_${a}`)).sort(),
    );
  });
});
