import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { liveProcesses, npmStart, stopNpmStart, type NpmStart } from '@/tests/support/npm-start';
import { freePort } from '@/tests/support/free-port';

// `npm start` as a newcomer runs it: no DATABASE_URL, no PostgreSQL running,
// an empty data directory. Builds when needed, so this test is the slow one.
const dataDir = mkdtempSync(path.join(tmpdir(), 'dcdock-start-'));
const started: NpmStart[] = [];

afterAll(() => {
  for (const s of started) if (s.child.exitCode === null && s.child.signalCode === null) process.kill(-s.child.pid!, 'SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

async function start(port: number): Promise<NpmStart> {
  const s = await npmStart(port, { DCDOCK_DATA_DIR: dataDir });
  started.push(s);
  return s;
}

/** SIGTERM to the npm process, as a process manager or a terminal sends it: the server, its PostgreSQL and npm all end, npm with the server's 0. */
async function stop(s: NpmStart, port: number): Promise<void> {
  const pgid = s.child.pid!;
  expect(liveProcesses().some((p) => p.pid === s.serverPid && p.pgid === pgid)).toBe(true);
  const { code, ms } = await stopNpmStart(s);
  console.log(`npm start: SIGTERM to npm → every process of the tree gone after ${ms} ms`);
  expect(code).toBe(0);
  expect(ms).toBeLessThan(5_000);
  await expect(fetch(`http://127.0.0.1:${port}/api/health`)).rejects.toThrow();
  expect(s.output()).toContain('"stopped"');
}

it('npm start serves the login page and /api/health with demo data, and keeps the data across a restart', { timeout: 420_000 }, async () => {
  const port = await freePort();
  const first = await start(port);
  const base = `http://127.0.0.1:${port}`;
  expect(first.output()).toContain('admin@dcdock.com');

  const login = await fetch(`${base}/login`);
  expect(login.status).toBe(200);
  expect(await login.text()).toContain('Sign in');
  const board = await fetch(`${base}/board`, { redirect: 'manual' });
  expect(board.status).toBe(307);
  expect(board.headers.get('location')).toContain('/login?callbackUrl=%2Fboard');

  const token = (
    (await (
      await fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email: 'operator1@dcdock.com', password: 'operator123' }),
      })
    ).json()) as { access_token: string }
  ).access_token;
  const auth = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
  const loads = (await (await fetch(`${base}/api/loads`, { headers: auth })).json()) as unknown[];
  const assignments = (await (await fetch(`${base}/api/assignments`, { headers: auth })).json()) as { load: { direction: string } }[];
  expect(loads.filter((l) => (l as { direction: string }).direction === 'IB').length).toBeGreaterThanOrEqual(8);
  expect(loads.filter((l) => (l as { direction: string }).direction === 'OB').length).toBeGreaterThanOrEqual(8);
  expect(assignments.length).toBeGreaterThanOrEqual(16);
  const created = await fetch(`${base}/api/loads`, { method: 'POST', headers: auth, body: JSON.stringify({ reference: 'KEEP-ME', direction: 'OB' }) });
  expect(created.status).toBe(201);

  await stop(first, port);

  const second = await start(port);
  console.log(`npm start: first start ${first.ms} ms (build included when needed), restart ${second.ms} ms`);
  const after = (await (await fetch(`${base}/api/loads`, { headers: auth })).json()) as { reference: string }[];
  expect(after.map((l) => l.reference)).toContain('KEEP-ME');
  expect(after).toHaveLength(loads.length + 1);
  expect(second.output()).not.toContain('demo data seeded');
  await stop(second, port);
});
