// Calls to the door on the wall TV: an assignment whose called_at is less than
// CALL_SHOW_MS old, from the assignments the TV already holds (no event of its own).
import type { Assignment } from '@/lib/schemas/assignments';
import { CALL_SHOW_MS } from '@/lib/board-rules';

export type DoorCall = { id: number; reference: string; ramp: string; calledAt: number };

/** The calls on screen at `now`, newest first; a truck that left or a cancelled booking is not called any more. */
export function activeCalls(assignments: Iterable<Assignment>, now: number): DoorCall[] {
  const calls: DoorCall[] = [];
  for (const a of assignments) {
    if (!a.called_at || a.departed_at || a.status.code === 'CANCELLED') continue;
    const calledAt = Date.parse(a.called_at);
    if (calledAt + CALL_SHOW_MS > now) calls.push({ id: a.id, reference: a.load.reference, ramp: a.ramp.code, calledAt });
  }
  return calls.sort((x, y) => y.calledAt - x.calledAt || x.id - y.id);
}

/** Milliseconds until the first of `calls` leaves the screen; null when none is shown. */
export function nextExpiryIn(calls: DoorCall[], now: number): number | null {
  if (calls.length === 0) return null;
  return Math.max(0, Math.min(...calls.map((c) => c.calledAt + CALL_SHOW_MS)) - now);
}
