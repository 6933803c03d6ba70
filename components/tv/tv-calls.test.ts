import { describe, expect, it } from 'vitest';
import type { Assignment } from '@/lib/schemas/assignments';
import { activeCalls, nextExpiryIn } from '@/components/tv/tv-calls';

const call = (id: number, called_at: string | null, over: Partial<Assignment> = {}) =>
  ({
    id,
    called_at,
    departed_at: null,
    status: { id: 3, code: 'ARRIVED', label: 'Arrived', color: 'amber' },
    load: { reference: `IB-2026-00${id}` },
    ramp: { code: `R${id}` },
    ...over,
  }) as Assignment;

describe('activeCalls', () => {
  const now = Date.parse('2030-01-01T10:00:00Z');
  it('shows calls of the last 10 minutes, newest first, and nothing older, departed or cancelled', () => {
    const list = [
      call(1, '2030-01-01T09:51:00Z'),
      call(2, '2030-01-01T09:58:00Z'),
      call(3, '2030-01-01T09:49:59Z'),
      call(4, null),
      call(5, '2030-01-01T09:59:00Z', { departed_at: '2030-01-01T09:59:30Z' }),
      call(6, '2030-01-01T09:59:00Z', { status: { id: 6, code: 'CANCELLED', label: 'Cancelled', color: 'red' } }),
    ];
    expect(activeCalls(list, now).map((c) => `${c.reference} → ${c.ramp}`)).toEqual(['IB-2026-002 → R2', 'IB-2026-001 → R1']);
    expect(nextExpiryIn(activeCalls(list, now), now)).toBe(60_000);
    expect(activeCalls(list, now + 60_000).map((c) => c.id)).toEqual([2]);
    expect(nextExpiryIn([], now)).toBeNull();
  });
});
