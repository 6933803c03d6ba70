import { describe, expect, it } from 'vitest';
import { directionRefusal } from '@/lib/ramp-refusal';
import type { Assignment } from '@/lib/schemas/assignments';
import { cardStart, plannedDuration, refusalOf, slotText, stepText } from '@/components/board/drag-rules';

const at = (hh: number, mm = 0) => Date.UTC(2030, 0, 1, hh, mm);
const iso = (hh: number, mm = 0) => new Date(at(hh, mm)).toISOString();
const block = (id: number, from: number, to: number, status = 'PLANNED') =>
  ({ id, eta_in: iso(from), eta_out: iso(to), status: { code: status }, load: { reference: `IB-${id}` } }) as unknown as Assignment;

describe('where a drop lands and why a ramp refuses it', () => {
  it('says a ramp of one direction takes that direction only, in plain words', () => {
    expect(directionRefusal({ code: 'R5', kind: 'IB' }, 'OB')).toBe('R5 takes inbound loads only');
    expect(directionRefusal({ code: 'R6', kind: 'OB' }, 'IB')).toBe('R6 takes outbound loads only');
    expect(directionRefusal({ code: 'R7', kind: 'BOTH' }, 'OB')).toBeNull();
    expect(directionRefusal({ code: 'R5', kind: 'IB' }, 'IB')).toBeNull();
  });

  it('refuses an occupied window (not the block itself, nor a cancelled one), the direction first', () => {
    const items = [block(1, 10, 12), block(2, 13, 14, 'CANCELLED')];
    const ramp = { code: 'R3', kind: 'IB' as const };
    expect(refusalOf(ramp, items, 'IB', at(11), at(13), null, 'UTC')).toBe('R3 is already occupied then by IB-1 (10:00–12:00)');
    expect(refusalOf(ramp, items, 'IB', at(11), at(13), 1, 'UTC')).toBeNull();
    expect(refusalOf(ramp, items, 'IB', at(12), at(14), null, 'UTC')).toBeNull();
    expect(refusalOf(ramp, items, 'OB', at(15), at(16), null, 'UTC')).toBe('R3 takes inbound loads only');
  });

  it('drops a card on its planned arrival within half an hour of it, else on the 15-minute grid; its planned length, or two hours', () => {
    const load = { planned_arrival: iso(10, 10), planned_departure: iso(11, 40) };
    expect(cardStart(at(10, 35), load, at(0))).toBe(at(10, 10));
    expect(cardStart(at(9, 45), load, at(0))).toBe(at(10, 10));
    expect(cardStart(at(14, 6), load, at(0))).toBe(at(14));
    expect(cardStart(at(14, 8), { planned_arrival: null }, at(0))).toBe(at(14, 15));
    expect(plannedDuration(load)).toBe(90 * 60_000);
    expect(plannedDuration({ planned_arrival: null, planned_departure: null })).toBe(2 * 3_600_000);
  });

  it('words the ghost and each announced step', () => {
    const t = { rampId: 5, rampCode: 'R5', start: at(10, 30), end: at(12, 30), reason: null, reference: 'IB-2026-007' };
    expect(slotText(t, 'UTC')).toBe('R5 · 10:30–12:30');
    expect(stepText(t, 'UTC')).toBe('IB-2026-007 to R5 at 10:30');
    expect(stepText({ ...t, reason: 'R5 takes inbound loads only' }, 'UTC')).toBe('IB-2026-007 to R5 at 10:30. Not possible: R5 takes inbound loads only.');
  });

  it('refuses closed time before the drop, in the server’s words: a break between spans, before opening, a day without hours, a closure', () => {
    // 1 January 2030 is a Tuesday; the ramp opens 06:00–12:00 and 13:00–22:00 on Tuesdays and not on Wednesdays.
    const rules = {
      time_zone: 'UTC',
      always_open: false,
      hours: [
        { weekday: 2, opens: '06:00', closes: '12:00' },
        { weekday: 2, opens: '13:00', closes: '22:00' },
      ],
      closures: [{ id: 1, ramp_id: 3, starts_at: iso(15), ends_at: iso(16), reason: 'Leveller repair', created_at: '' }],
    };
    const ramp = { code: 'R3', kind: 'BOTH' as const, rules };
    const refusal = (from: number, to: number) => refusalOf(ramp, [], 'IB', from, to, null, 'UTC');
    expect(refusal(at(11, 30), at(12, 30))).toBe('R3 is closed 12:00–13:00 on Tuesdays');
    expect(refusal(at(5), at(7))).toBe('R3 opens at 06:00 on Tuesdays');
    expect(refusal(at(21), at(23))).toBe('R3 closes at 22:00 on Tuesdays');
    expect(refusal(at(14, 30), at(15, 30))).toBe('R3 is closed 15:00–16:00 on 1 Jan: Leveller repair');
    expect(refusal(at(24 + 9), at(24 + 10))).toBe('R3 is closed on Wednesday');
    expect(refusal(at(13), at(15))).toBeNull();
    // The direction comes first, an occupied window last, as the server checks them.
    expect(refusalOf({ ...ramp, kind: 'OB' }, [], 'IB', at(11, 30), at(12, 30), null, 'UTC')).toBe('R3 takes outbound loads only');
    expect(refusalOf(ramp, [block(9, 11, 12)], 'IB', at(11, 30), at(12, 30), null, 'UTC')).toBe('R3 is closed 12:00–13:00 on Tuesdays');
    // The keyboard move reads it out.
    const t = { rampId: 3, rampCode: 'R3', start: at(11, 30), end: at(12, 30), reason: refusal(at(11, 30), at(12, 30)), reference: 'IB-2030-001' };
    expect(stepText(t, 'UTC')).toBe('IB-2030-001 to R3 at 11:30. Not possible: R3 is closed 12:00–13:00 on Tuesdays.');
  });
});
