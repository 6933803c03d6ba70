/**
 * What bench/fanout.ts sets up through the DCDock REST API before the runs:
 * the writer's and the listeners' tokens, two ramps of its own, the statuses, and
 * enough loads for the writer; the same data is handed to the baseline.
 */
import type { Fixtures } from '@/bench/baseline-server';
import type { Direction } from '@/bench/child-protocol';

async function api<T = any>(url: string, method: string, p: string, token?: string, body?: unknown): Promise<T> {
  const res = await fetch(`${url}${p}`, {
    method,
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${p}: HTTP ${res.status} ${text.slice(0, 300)}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

const login = async (url: string, email: string, password: string) =>
  (await api<{ access_token: string }>(url, 'POST', '/api/auth/login', undefined, { email, password })).access_token;

export type Setup = {
  writerToken: string;
  listenerToken: string;
  loads: { id: number; direction: Direction }[];
  ramps: Record<Direction, number>;
  statuses: number[];
};

/** Logs the writer and the listeners in and creates the loads, through the API at `url`; `fixtures` is the same for the baseline. */
export async function prepare(url: string, rate: number): Promise<{ setup: Setup; fixtures: Fixtures }> {
  const writerToken = await login(url, 'operator1@dcdock.com', 'operator123');
  const listenerToken = await login(url, 'supervisor@dcdock.com', 'supervisor123');
  // Ramps of the bench's own, with no working hours: the writer's windows run through nights and Sundays,
  // when the demo ramps are closed (server/db/seed-rules.ts).
  const adminToken = await login(url, 'admin@dcdock.com', 'admin123');
  for (const kind of ['IB', 'OB'] as const) await api(url, 'POST', '/api/ramps', adminToken, { code: `BENCH-${kind}`, kind, sort_order: 100 });
  const ramps = await api<Fixtures['ramps']>(url, 'GET', '/api/ramps', writerToken);
  const statuses = await api<Fixtures['statuses']>(url, 'GET', '/api/statuses', writerToken);
  const me = await api<{ id: number; email: string; full_name: string }>(url, 'GET', '/api/users/me', writerToken);
  const rampOf = (kind: Direction) => ramps.find((r) => r.code === `BENCH-${kind}`)?.id as number;
  // Enough loads that the open-loop writer always finds one free, even with seconds-long answers.
  const loadCount = Math.max(60, Math.min(1000, Math.ceil(rate * 15)));
  const loads: Fixtures['loads'] = [];
  for (let i = 0; i < loadCount; i++) {
    const direction: Direction = i % 2 === 0 ? 'IB' : 'OB';
    loads.push(
      await api(url, 'POST', '/api/loads', writerToken, {
        reference: `BENCH-${direction}-${String(i).padStart(4, '0')}`,
        direction,
        notes: `Benchmark load ${i}`,
      }),
    );
  }
  const setup: Setup = {
    writerToken,
    listenerToken,
    loads: loads.map((l) => ({ id: l.id, direction: l.direction })),
    ramps: { IB: rampOf('IB'), OB: rampOf('OB') },
    statuses: statuses.filter((s) => s.code !== 'CANCELLED').map((s) => s.id),
  };
  return { setup, fixtures: { loads, ramps, statuses, user: { id: me.id, email: me.email, full_name: me.full_name } } };
}
