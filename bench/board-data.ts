/**
 * The data bench/board.ts measures, created through the REST API as admin:
 * bench ramps, and days of loads with their assignments; and the board as
 * GET /api/board serves it.
 */
import { gzipSync } from 'node:zlib';
import { mapLimit, type KeepAliveClient } from '@/bench/lib-util';

const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export type Block = { id: number; version: number; reference: string; rampCode: string; etaIn: number; etaOut: number };

const pad = (n: number, w: number) => String(n).padStart(w, '0');
export const dateOf = (t: number) => new Date(t).toISOString().slice(0, 10);

/** Ramps sorted before the demo ramps (R1–R8), in creation order. */
export async function createRamps(api: KeepAliveClient, token: string, from: number, to: number, inflight: number): Promise<{ id: number; code: string }[]> {
  const indexes = Array.from({ length: to - from }, (_, i) => from + i);
  return mapLimit(indexes, inflight, (i) =>
    api.json<{ id: number; code: string }>('POST', '/api/ramps', token, {
      code: `B${pad(i + 1, 3)}`,
      description: `Bench ramp ${i + 1}`,
      kind: 'BOTH',
      sort_order: -1_000_000 + i,
    }),
  );
}

/**
 * `count` assignments on the day starting at `dayStart`, spread over `ramps`
 * (round robin), each ramp's evenly over the day: a load and its assignment each.
 */
export async function createDay(
  api: KeepAliveClient,
  token: string,
  tag: string,
  ramps: { id: number; code: string }[],
  dayStart: number,
  count: number,
  inflight: number,
): Promise<Block[]> {
  const perRamp = ramps.map((_, i) => Math.floor(count / ramps.length) + (i < count % ramps.length ? 1 : 0));
  const plan: { ramp: { id: number; code: string }; k: number; n: number; index: number }[] = [];
  ramps.forEach((ramp, r) => {
    for (let k = 0; k < perRamp[r]!; k++) plan.push({ ramp, k, n: perRamp[r]!, index: plan.length });
  });
  return mapLimit(plan, inflight, async ({ ramp, k, n, index }) => {
    const slot = Math.floor(DAY / n / 60_000) * 60_000;
    const etaIn = dayStart + k * slot;
    const etaOut = etaIn + Math.min(2 * HOUR, Math.floor((slot * 0.85) / 60_000) * 60_000);
    const reference = `${tag}-${ramp.code}-${pad(k + 1, 2)}`;
    const load = await api.json<{ id: number }>('POST', '/api/loads', token, {
      reference,
      direction: index % 2 === 0 ? 'IB' : 'OB',
      planned_arrival: new Date(etaIn).toISOString(),
      planned_departure: new Date(etaOut).toISOString(),
      notes: `bench ${tag}`,
    });
    const a = await api.json<{ id: number; version: number }>('POST', '/api/assignments', token, {
      ramp_id: ramp.id,
      load_id: load.id,
      eta_in: new Date(etaIn).toISOString(),
      eta_out: new Date(etaOut).toISOString(),
    });
    return { id: a.id, version: a.version, reference, rampCode: ramp.code, etaIn, etaOut };
  });
}

export type BoardApi = { ms: number; bytes: number; gzipBytes: number; ramps: number; assignments: number };

/** The board of `date` as the API serves it: time, size, and the active ramps and assignments on it. */
export async function boardApi(api: KeepAliveClient, token: string, date: string): Promise<BoardApi> {
  const r = await api.send('GET', `/api/board?date=${date}`, token);
  if (r.status !== 200) throw new Error(`GET /api/board → ${r.status}`);
  const body = JSON.parse(r.text) as { ramps: { is_active: boolean }[]; assignments: unknown[] };
  return {
    ms: Math.round(r.ms),
    bytes: Buffer.byteLength(r.text),
    gzipBytes: gzipSync(r.text).length,
    ramps: body.ramps.filter((x) => x.is_active).length,
    assignments: body.assignments.length,
  };
}
