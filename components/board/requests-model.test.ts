import { describe, expect, it } from 'vitest';
import type { BoardEventMessage } from '@/lib/realtime';
import type { Assignment } from '@/lib/schemas/assignments';
import type { Board } from '@/lib/schemas/board';
import type { Booking } from '@/lib/schemas/booking';
import type { Status } from '@/lib/schemas/statuses';
import { applyEvent } from '@/components/board/board-model';
import { boardAfterDecision, stillPending, touchesRequests } from '@/components/board/requests-model';

const status = (id: number, code: string, label: string, color: string) => ({ id, code, label, color }) as Status;
const STATUSES = [status(1, 'PLANNED', 'Planned', 'blue'), status(7, 'REQUESTED', 'Requested', 'purple'), status(8, 'DECLINED', 'Declined', 'gray')];
const REQUESTED = { id: 7, code: 'REQUESTED', label: 'Requested', color: 'purple' };

// `as`: the shape only grows (carrier fields on loads and assignments), and these tests read none of the new fields.
const a = (over: Partial<Assignment> = {}) =>
  ({
    id: 1,
    ramp_id: 1,
    load_id: 9,
    status_id: 7,
    eta_in: '2030-01-01T10:00:00.000Z',
    eta_out: '2030-01-01T11:00:00.000Z',
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
    load: { id: 9, reference: 'IB-REQ-1', direction: 'IB', planned_arrival: '2030-01-01T10:00:00.000Z', planned_departure: null, notes: null, carrier: 'ACME' },
    status: REQUESTED,
    creator: null,
    updater: null,
    ...over,
  }) as Assignment;
const board = (assignments: Assignment[]) =>
  ({
    seq: 5,
    date: '2030-01-01',
    time_zone: 'UTC',
    day_start: '2030-01-01T00:00:00.000Z',
    day_end: '2030-01-02T00:00:00.000Z',
    backlog_from: null,
    ramps: [],
    statuses: STATUSES,
    assignments,
    unassigned_loads: [],
    yard: [],
  }) as unknown as Board;
const booking = (over: Partial<Booking> = {}) =>
  ({
    id: 1,
    version: 2,
    state: 'approved',
    status_code: 'PLANNED',
    reference: 'IB-REQ-1',
    direction: 'IB',
    load_id: 9,
    ramp_id: 1,
    ramp_code: 'R1',
    eta_in: '2030-01-01T10:00:00.000Z',
    eta_out: '2030-01-01T11:00:00.000Z',
    updated_at: '2030-01-01T09:00:00.000Z',
    ...over,
  }) as Booking;
const ev = (type: string, entity: string, data: unknown, entityId: number) =>
  ({ type, seq: 6, data, timestamp: '', action: 'UPDATE', user_id: 1, user_email: 'x', entity, entity_id: entityId }) as BoardEventMessage;

describe('touchesRequests', () => {
  it('is true for a requested assignment created, changed or deleted, and for one the list holds that is no longer requested', () => {
    expect(touchesRequests([ev('assignment_created', 'assignment', a(), 1)], [])).toBe(true);
    expect(touchesRequests([ev('assignment_deleted', 'assignment', a(), 1)], [])).toBe(true);
    const approved = a({ status: { id: 1, code: 'PLANNED', label: 'Planned', color: 'blue' }, status_id: 1 });
    expect(touchesRequests([ev('assignment_updated', 'assignment', approved, 1)], [booking({ state: 'requested' })])).toBe(true);
  });

  it('is false for other assignments, and for loads and ramps the list does not show', () => {
    const planned = a({ id: 2, status: { id: 1, code: 'PLANNED', label: 'Planned', color: 'blue' } });
    expect(touchesRequests([ev('assignment_updated', 'assignment', planned, 2)], [booking()])).toBe(false);
    expect(touchesRequests([ev('load_updated', 'load', {}, 10)], [booking()])).toBe(false);
    expect(touchesRequests([ev('load_updated', 'load', {}, 9)], [booking()])).toBe(true);
    expect(touchesRequests([ev('ramp_updated', 'ramp', {}, 1)], [booking()])).toBe(true);
    expect(touchesRequests([ev('status_updated', 'status', {}, 7)], [booking()])).toBe(false);
  });
});

describe('boardAfterDecision', () => {
  it('gives the block its new version and status on an approval', () => {
    const next = boardAfterDecision(board([a()]), 'all', booking());
    expect(next.assignments).toEqual([expect.objectContaining({ id: 1, version: 2, status_id: 1, status: STATUSES[0] })]);
    expect(next.seq).toBe(5);
  });

  it('takes a declined request off the board (its load is free again); the real event after it changes nothing', () => {
    const decided = booking({ status_code: 'DECLINED', state: 'declined' });
    const next = boardAfterDecision(board([a()]), 'all', decided);
    expect(next.assignments).toEqual([]);
    const declined = a({ version: 2, status_id: 8, status: { id: 8, code: 'DECLINED', label: 'Declined', color: 'gray' } });
    expect(applyEvent(next, 'all', ev('assignment_updated', 'assignment', declined, 1)).assignments).toEqual([]);
  });

  it('leaves a day without the block, or with a newer version of it, as it is', () => {
    const other = board([a({ id: 5 })]);
    expect(boardAfterDecision(other, 'all', booking())).toBe(other);
    const newer = board([a({ version: 3 })]);
    expect(boardAfterDecision(newer, 'all', booking())).toBe(newer);
  });
});

describe('declined requests on the board', () => {
  it('drop out of a day when the event says declined, like a deletion', () => {
    const declined = a({ version: 2, status_id: 8, status: { id: 8, code: 'DECLINED', label: 'Declined', color: 'gray' } });
    expect(applyEvent(board([a()]), 'all', ev('assignment_updated', 'assignment', declined, 1)).assignments).toEqual([]);
  });
});

describe('stillPending', () => {
  it('drops requests whose window has ended', () => {
    const now = Date.parse('2030-01-01T10:30:00.000Z');
    const items = [booking({ id: 1 }), booking({ id: 2, eta_out: '2030-01-01T10:15:00.000Z' })];
    expect(stillPending(items, now).map((b) => b.id)).toEqual([1]);
  });
});
