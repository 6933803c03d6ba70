// The portal's start times: every 15 minutes inside the free windows the API gives (zod-free, pure).
import type { Availability } from '@/lib/schemas/booking';

export const SLOT_STEP_MINUTES = 15;
const STEP_MS = SLOT_STEP_MINUTES * 60_000;

export type Slot = { etaIn: string; rampId: number | null };
export type RampSlots = { rampId: number; code: string; description: string; starts: string[] };

/** Start instants on the 15-minute grid whose whole duration fits in one of the windows. */
export function startsIn(windows: { from: string; to: string }[], durationMinutes: number): string[] {
  const out: string[] = [];
  for (const w of windows) {
    const end = Date.parse(w.to) - durationMinutes * 60_000;
    for (let t = Math.ceil(Date.parse(w.from) / STEP_MS) * STEP_MS; t <= end; t += STEP_MS) out.push(new Date(t).toISOString());
  }
  return out;
}

/** Each ramp's start times, and the earliest-first union across ramps ("any door": the site picks the door). */
export function slotsOf(availability: Availability | undefined): { anyDoor: string[]; ramps: RampSlots[] } {
  if (!availability || availability.closed_reason) return { anyDoor: [], ramps: [] };
  const minutes = availability.load_type.duration_minutes;
  const ramps = availability.ramps.map((r) => ({ rampId: r.ramp_id, code: r.code, description: r.description, starts: startsIn(r.windows, minutes) }));
  const anyDoor = [...new Set(ramps.flatMap((r) => r.starts))].sort();
  return { anyDoor, ramps: ramps.filter((r) => r.starts.length > 0) };
}
