import { nextOpenStart } from '@/lib/ramp-hours';
import type { RampRules } from '@/lib/schemas/ramps';
import { api } from './test-server';

/**
 * The rules of a ramp as the board gets them, read over REST: a test that books
 * a demo ramp (which has working hours, server/db/seed-rules.ts) at a time
 * relative to the wall clock asks here for a time the ramp is open.
 */
export async function rampRules(server: { url: string }, token: string, rampId: number): Promise<RampRules> {
  const [hours, closures] = await Promise.all([
    api(server, 'GET', `/api/ramps/${rampId}/hours`, { token }),
    api(server, 'GET', `/api/ramps/${rampId}/closures`, { token }),
  ]);
  if (hours.status !== 200 || closures.status !== 200) throw new Error(`ramp ${rampId}: hours ${hours.status}, closures ${closures.status}`);
  return { ...hours.body, closures: closures.body };
}

/**
 * The first window of `minutes` at or after `from` (default now; whole minutes) in which
 * the ramp is open: e.g. on a Sunday at 02:00 the demo ramps' next one is that
 * Sunday's 22:00 (or the end of the demo's own window), never a closed time.
 */
export async function nextOpenSlot(
  server: { url: string },
  token: string,
  rampId: number,
  minutes: number,
  from = Date.now(),
): Promise<{ eta_in: string; eta_out: string }> {
  const start = nextOpenStart(await rampRules(server, token, rampId), Math.ceil(from / 60_000) * 60_000, minutes);
  if (start === null) throw new Error(`ramp ${rampId} has no open ${minutes} min in the next two weeks`);
  return { eta_in: new Date(start).toISOString(), eta_out: new Date(start + minutes * 60_000).toISOString() };
}
