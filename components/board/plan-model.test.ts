import { describe, expect, it } from 'vitest';
import type { Ramp } from '@/lib/schemas/ramps';
import { defaultWindow, planRefusal, rampChoices, type Placed } from '@/components/board/plan-model';

const ramp = (id: number, kind: Ramp['kind'], over: Partial<Ramp> = {}): Ramp => ({
  id,
  code: `R${id}`,
  description: '',
  kind,
  is_active: true,
  sort_order: id,
  created_at: '',
  updated_at: '',
  ...over,
});
const at = (hh: number, mm = 0) => Date.UTC(2030, 0, 1, hh, mm);
const iso = (hh: number, mm = 0) => new Date(at(hh, mm)).toISOString();
const placed = (id: number, rampId: number, from: number, to: number, over: Partial<Placed> = {}): Placed => ({
  id,
  ramp_id: rampId,
  load_id: 100 + id,
  eta_in: iso(from),
  eta_out: iso(to),
  status: { code: 'PLANNED' },
  load: { reference: `IB-2026-00${id}` },
  ...over,
});
const load = { id: 1, direction: 'IB' as const };

describe('rampChoices', () => {
  const ramps = [ramp(1, 'BOTH'), ramp(2, 'IB'), ramp(3, 'BOTH'), ramp(4, 'OB'), ramp(5, 'IB', { is_active: false })];

  it('offers the ramps that fit the direction and are free, first and in order; the others with the reason in words', () => {
    const choices = rampChoices(ramps, load, at(10), at(12), [placed(4, 3, 10, 12)], 'UTC');
    expect(choices.map((c) => [c.ramp.code, c.free, c.reason])).toEqual([
      ['R1', true, null],
      ['R2', true, null],
      ['R3', false, 'R3 is taken 10:00–12:00 by IB-2026-004'],
      ['R4', false, 'R4 takes outbound loads only'],
      ['R5', false, 'R5 is not in use'],
    ]);
  });

  it('counts an overlap only: touching windows, cancelled slots and the load itself leave the ramp free', () => {
    const others = [
      placed(1, 1, 8, 10),
      placed(2, 1, 12, 14),
      placed(3, 2, 10, 11, { status: { code: 'CANCELLED' } }),
      placed(4, 3, 9, 11, { load_id: load.id }),
    ];
    const free = rampChoices(ramps.slice(0, 3), load, at(10), at(12), others, 'UTC').filter((c) => c.free);
    expect(free.map((c) => c.ramp.code)).toEqual(['R1', 'R2', 'R3']);
    const overlapping = rampChoices([ramp(1, 'BOTH')], load, at(9, 45), at(12), others, 'UTC');
    expect(overlapping[0]!.reason).toBe('R1 is taken 08:00–10:00 by IB-2026-001');
  });

  it('a ramp closed then is not offered as free, and says why in the server’s words (SPEC §9)', () => {
    // 1 January 2030 is a Tuesday: R1 opens 06:00–11:00 only; R2 has a closure over the window.
    const r1 = ramp(1, 'BOTH', { rules: { time_zone: 'UTC', always_open: false, hours: [{ weekday: 2, opens: '06:00', closes: '11:00' }], closures: [] } });
    const closure = { id: 1, ramp_id: 2, starts_at: iso(9), ends_at: iso(13), reason: 'Leveller repair', created_at: '' };
    const r2 = ramp(2, 'BOTH', { rules: { time_zone: 'UTC', always_open: true, hours: [], closures: [closure] } });
    const choices = rampChoices([r1, r2, ramp(3, 'BOTH')], load, at(10), at(12), [], 'UTC');
    expect(choices.map((c) => [c.ramp.code, c.free])).toEqual([
      ['R3', true],
      ['R1', false],
      ['R2', false],
    ]);
    expect(choices[1]!.reason).toBe('R1 closes at 11:00 on Tuesdays');
    expect(choices[2]!.reason).toMatch(/^R2 is closed .*: Leveller repair$/);
    expect(rampChoices([r1], load, at(7), at(9), [], 'UTC')[0]!.free).toBe(true);
  });

  it('an outbound load is refused by inbound ramps', () => {
    const [r2] = rampChoices([ramp(2, 'IB')], { id: 1, direction: 'OB' }, at(10), at(12), [], 'UTC');
    expect(r2!.reason).toBe('R2 takes inbound loads only');
  });
});

describe('defaultWindow', () => {
  it('is the planned arrival and departure when both are known', () => {
    expect(defaultWindow({ planned_arrival: iso(9), planned_departure: iso(10, 30) }, at(7))).toEqual({ from: at(9), to: at(10, 30) });
  });
  it('is the arrival plus 2 h with no departure, and the next quarter hour plus 2 h with no time at all', () => {
    expect(defaultWindow({ planned_arrival: iso(9), planned_departure: null }, at(7))).toEqual({ from: at(9), to: at(11) });
    expect(defaultWindow({ planned_arrival: null, planned_departure: null }, at(7, 2))).toEqual({ from: at(7, 15), to: at(9, 15) });
    expect(defaultWindow({ planned_arrival: null, planned_departure: null }, at(7, 15))).toEqual({ from: at(7, 30), to: at(9, 30) });
  });
});

describe('planRefusal', () => {
  it("says the server's 409 and 422 in the operator's words", () => {
    const r5 = { code: 'R5', kind: 'IB' as const };
    expect(planRefusal({ status: 409, message: 'The ramp is already occupied in that time window' }, r5, 'OB-1')).toBe(
      'R5 is already taken in that time; choose another ramp or time.',
    );
    expect(planRefusal({ status: 409, message: 'This load already has an active assignment' }, r5, 'OB-1')).toBe(
      'OB-1 already has a ramp: someone planned it meanwhile.',
    );
    expect(planRefusal({ status: 422, message: 'ramp_id: Direction mismatch: ramp of kind IB cannot take a OB load' }, r5, 'OB-1')).toBe(
      'R5 takes inbound loads only.',
    );
    expect(planRefusal({ status: 422, message: 'eta_out: eta_out must be after eta_in' }, r5, 'OB-1')).toBe('ETA out must be after ETA in.');
  });
});
