import { nextOpenStart } from '@/lib/ramp-hours';
import type { RampRules } from '@/lib/schemas/ramps';
import type { Api } from './fixtures';

/** A ramp's rules as the board gets them (hours and closures), over REST. */
export async function rampRules(api: Api, rampId: number): Promise<RampRules> {
  const [hours, closures] = await Promise.all([api.ok('GET', `/api/ramps/${rampId}/hours`), api.ok('GET', `/api/ramps/${rampId}/closures`)]);
  return { ...hours, closures };
}

/**
 * The first window of `minutes` at or after `from` (default now, whole minutes) in which the
 * ramp is open. The demo ramps have working hours (server/db/seed-rules.ts): on a Sunday at
 * 02:00 their next open time is past the demo's own trucks or that Sunday's 22:00. A test's
 * own ramps (setupLane) have no hours and answer `from` itself.
 */
export async function nextOpenSlot(api: Api, rampId: number, minutes: number, from = Date.now()): Promise<{ eta_in: string; eta_out: string }> {
  const start = nextOpenStart(await rampRules(api, rampId), Math.ceil(from / 60_000) * 60_000, minutes);
  if (start === null) throw new Error(`ramp ${rampId} has no open ${minutes} min in the next two weeks`);
  return { eta_in: new Date(start).toISOString(), eta_out: new Date(start + minutes * 60_000).toISOString() };
}
