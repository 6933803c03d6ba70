import { describe, expect, it } from 'vitest';
import type { BoardEventMessage } from '@/lib/realtime';
import type { Assignment } from '@/lib/schemas/assignments';
import type { TvBoard } from '@/lib/schemas/board';
import type { Ramp } from '@/lib/schemas/ramps';
import { flagsOf } from '@/lib/board-rules';
import { applyTvEvent, dataFromBoard, figuresOf, HOUR, MINUTE, prune, rampRows, visibleRamps } from '@/components/tv/tv-model';

const NOW = Date.parse('2030-01-01T12:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
const STATUS = {
  PLANNED: { id: 1, code: 'PLANNED', label: 'Planned', color: 'blue' },
  ARRIVED: { id: 2, code: 'ARRIVED', label: 'Arrived', color: 'cyan' },
  IN_PROGRESS: { id: 3, code: 'IN_PROGRESS', label: 'In progress', color: 'yellow' },
  COMPLETED: { id: 5, code: 'COMPLETED', label: 'Completed', color: 'green' },
  CANCELLED: { id: 6, code: 'CANCELLED', label: 'Cancelled', color: 'red' },
  REQUESTED: { id: 7, code: 'REQUESTED', label: 'Requested', color: 'purple' },
  DECLINED: { id: 8, code: 'DECLINED', label: 'Declined', color: 'gray' },
};

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

const a = (id: number, over: Partial<Assignment> & { status?: Assignment['status']; from?: number; to?: number; direction?: 'IB' | 'OB' } = {}): Assignment => {
  const { from = NOW + HOUR, to = NOW + 2 * HOUR, direction = 'IB', status = STATUS.PLANNED, ...rest } = over;
  return {
    id,
    ramp_id: 1,
    load_id: 100 + id,
    status_id: status.id,
    eta_in: iso(from),
    eta_out: iso(to),
    arrived_at: null,
    started_at: null,
    completed_at: null,
    departed_at: null,
    called_at: null,
    version: 1,
    created_by: null,
    updated_by: null,
    created_at: iso(NOW - HOUR),
    updated_at: iso(NOW - HOUR),
    ramp: { id: 1, code: 'R1', description: '', kind: 'BOTH' },
    load: { id: 100 + id, reference: `L-${id}`, direction, planned_arrival: null, planned_departure: null, notes: null, carrier: null },
    status,
    creator: null,
    updater: null,
    ...rest,
  };
};

const board = (assignments: Assignment[], direction: 'IB' | 'OB' | null = null): TvBoard => ({
  seq: 10,
  display: { name: 'Hall A', direction },
  paging: { page_seconds: 10, hide_free_ramps: false },
  time_zone: 'UTC',
  now: iso(NOW),
  ramps: [ramp(1), ramp(2, { kind: 'OB' })],
  statuses: Object.values(STATUS).map((s, i) => ({ ...s, sort_order: i })),
  assignments,
});

const ev = (type: string, seq: number, data: unknown, extra: Partial<BoardEventMessage> = {}): BoardEventMessage =>
  ({
    type,
    seq,
    timestamp: iso(NOW),
    action: type.endsWith('_created') ? 'CREATE' : type.endsWith('_deleted') ? 'DELETE' : 'UPDATE',
    user_id: 1,
    user_email: 'x@y',
    data,
    ...extra,
  }) as BoardEventMessage;

describe('TV model', () => {
  it('applies assignment events by id and version, removes deleted ones', () => {
    const data = dataFromBoard(board([a(1, { version: 2 })]), NOW);
    expect(
      applyTvEvent(
        data,
        ev('assignment_updated', 11, a(1, { version: 2, status: STATUS.ARRIVED }), { entity: 'assignment', entity_id: 1, assignment_id: 1 }),
        NOW,
      ),
    ).toBe(false);
    expect(data.assignments.get(1)!.status.code).toBe('PLANNED');
    expect(
      applyTvEvent(
        data,
        ev('assignment_updated', 12, a(1, { version: 3, status: STATUS.ARRIVED }), { entity: 'assignment', entity_id: 1, assignment_id: 1 }),
        NOW,
      ),
    ).toBe(true);
    expect(data.assignments.get(1)!.status.code).toBe('ARRIVED');
    applyTvEvent(data, ev('assignment_created', 13, a(2), { entity: 'assignment', entity_id: 2, assignment_id: 2 }), NOW);
    expect(data.assignments.size).toBe(2);
    applyTvEvent(data, ev('assignment_deleted', 14, a(2), { entity: 'assignment', entity_id: 2, assignment_id: 2 }), NOW);
    expect([...data.assignments.keys()]).toEqual([1]);
  });

  it('keeps only the display direction and drops what ended more than 12 hours ago', () => {
    const data = dataFromBoard(board([a(1), a(2, { direction: 'OB' })], 'IB'), NOW);
    expect([...data.assignments.keys()]).toEqual([1]);
    applyTvEvent(data, ev('assignment_updated', 11, a(1, { version: 2, direction: 'OB' }), { entity: 'assignment', entity_id: 1, assignment_id: 1 }), NOW);
    expect(data.assignments.size).toBe(0);
    applyTvEvent(
      data,
      ev('assignment_created', 12, a(3, { from: NOW - 3 * HOUR, to: NOW - HOUR }), { entity: 'assignment', entity_id: 3, assignment_id: 3 }),
      NOW,
    );
    expect(data.assignments.has(3)).toBe(true);
    expect(prune(data, NOW + 12 * HOUR)).toBe(true);
    expect(data.assignments.has(3)).toBe(false);
    expect(visibleRamps(data).map((r) => r.code)).toEqual(['R1']);
  });

  it('refreshes embedded statuses and loads, and ramps by updated_at', () => {
    const data = dataFromBoard(board([a(1)]), NOW);
    applyTvEvent(data, ev('status_updated', 11, { ...STATUS.PLANNED, label: 'Booked', sort_order: 0 }, { entity: 'status', entity_id: 1 }), NOW);
    expect(data.assignments.get(1)!.status.label).toBe('Booked');
    applyTvEvent(
      data,
      ev(
        'load_updated',
        12,
        { id: 101, reference: 'NEW', direction: 'IB', planned_arrival: null, planned_departure: null, notes: null, created_at: '', updated_at: '' },
        { entity: 'load', entity_id: 101 },
      ),
      NOW,
    );
    expect(data.assignments.get(1)!.load.reference).toBe('NEW');
    applyTvEvent(data, ev('ramp_updated', 13, ramp(1, { code: 'OLD', updated_at: '2029-01-01T00:00:00.000Z' }), { entity: 'ramp', entity_id: 1 }), NOW);
    expect(data.ramps.get(1)!.code).toBe('R1');
    applyTvEvent(data, ev('ramp_updated', 14, ramp(1, { is_active: false, updated_at: '2030-01-01T01:00:00.000Z' }), { entity: 'ramp', entity_id: 1 }), NOW);
    expect(visibleRamps(data).map((r) => r.code)).toEqual(['R2']);
  });

  it('flags late and overdue as the spec says', () => {
    expect(flagsOf(a(1, { from: NOW - 14 * MINUTE }), NOW)).toEqual({ late: false, overdue: false });
    expect(flagsOf(a(1, { from: NOW - 16 * MINUTE }), NOW)).toEqual({ late: true, overdue: false });
    expect(flagsOf(a(1, { from: NOW - 3 * HOUR, to: NOW - MINUTE, status: STATUS.IN_PROGRESS }), NOW)).toEqual({ late: false, overdue: true });
    expect(flagsOf(a(1, { from: NOW - 3 * HOUR, to: NOW - MINUTE, status: STATUS.COMPLETED }), NOW)).toEqual({ late: false, overdue: false });
  });

  it('picks the current and next load per ramp and the headline figures', () => {
    const list = [
      a(1, { from: NOW - 3 * HOUR, to: NOW - 2 * HOUR, status: STATUS.COMPLETED, updated_at: iso(NOW - 2 * HOUR) }),
      a(2, { from: NOW - HOUR, to: NOW + HOUR, status: STATUS.IN_PROGRESS }),
      a(3, { from: NOW + HOUR, to: NOW + 2 * HOUR }),
      a(4, { from: NOW + 2 * HOUR, to: NOW + 3 * HOUR }),
      a(5, { ramp_id: 2, from: NOW - HOUR, to: NOW + HOUR }),
      a(6, { ramp_id: 2, from: NOW - 2 * HOUR, to: NOW - HOUR, status: STATUS.CANCELLED }),
    ];
    const [r1, r2] = rampRows([ramp(1), ramp(2)], list, NOW);
    expect(r1!.current?.assignment.id).toBe(2);
    expect(r1!.next?.assignment.id).toBe(3);
    expect(r1!.later).toBe(1);
    expect(r2!.current?.assignment.id).toBe(5);
    expect(r2!.current?.late).toBe(true);
    expect(figuresOf(list, NOW, 'UTC')).toEqual({ onDock: 1, waiting: 0, completedToday: 1, onTimePct: 67, late: 1, overdue: 0 });
  });

  it('shows a requested booking as expected, not on the dock, and drops a declined one', () => {
    const requested = a(1, { from: NOW + HOUR, to: NOW + 2 * HOUR, status: STATUS.REQUESTED });
    const [row] = rampRows([ramp(1)], [requested], NOW);
    expect(row!.current).toBeNull();
    expect(row!.next?.assignment.id).toBe(1);
    expect(figuresOf([requested], NOW, 'UTC')).toMatchObject({ onDock: 0, waiting: 0 });
    const data = dataFromBoard(board([requested, a(2, { status: STATUS.DECLINED })]), NOW);
    expect([...data.assignments.keys()]).toEqual([1]);
    const declined = a(1, { version: 2, status: STATUS.DECLINED });
    applyTvEvent(data, ev('assignment_updated', 11, declined, { entity: 'assignment', entity_id: 1 }), NOW);
    expect(data.assignments.size).toBe(0);
  });
});
