import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ensureBuild } from '@/server/build';
import { liveProcesses, npmStart, stopNpmStart, waitUntil, type NpmStart } from '@/tests/support/npm-start';
import { freePort } from '@/tests/support/free-port';

// kill -9 of DCDock in the embedded mode leaves its PostgreSQL running; the
// next `npm start` must not be blocked by it, and nothing committed is lost.
const ROOT = path.resolve(import.meta.dirname, '..', '..');
const dataDir = mkdtempSync(path.join(tmpdir(), 'dcdock-takeover-'));
const clusterDir = path.join(dataDir, 'pg');
const started: NpmStart[] = [];

beforeAll(() => ensureBuild(ROOT), 600_000);

afterAll(() => {
  for (const s of started) if (s.child.exitCode === null && s.child.signalCode === null) process.kill(-s.child.pid!, 'SIGKILL');
  for (const p of postmasters()) process.kill(p, 'SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

async function start(port: number, env: Record<string, string> = {}): Promise<NpmStart> {
  const s = await npmStart(port, { DCDOCK_DATA_DIR: dataDir, ...env });
  started.push(s);
  return s;
}

/** PostgreSQL servers running on this test's cluster (backends rewrite their command line; only the postmaster keeps `-D`). */
function postmasters(): number[] {
  return liveProcesses()
    .filter((p) => p.cmdline.some((arg, i) => arg === clusterDir && p.cmdline[i - 1] === '-D'))
    .map((p) => p.pid);
}

async function login(base: string): Promise<Record<string, string>> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: 'admin@dcdock.com', password: 'admin123' }),
  });
  expect(res.status).toBe(200);
  const { access_token } = (await res.json()) as { access_token: string };
  return { Authorization: `Bearer ${access_token}`, 'Content-Type': 'application/json' };
}

it('after kill -9 in the embedded mode, npm start takes over the PostgreSQL left running and the data is intact', { timeout: 60_000 }, async () => {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const first = await start(port);
  const created = await fetch(`${base}/api/loads`, {
    method: 'POST',
    headers: await login(base),
    body: JSON.stringify({ reference: 'SURVIVES-KILL-9', direction: 'IB' }),
  });
  expect(created.status).toBe(201);

  const [orphan] = postmasters();
  expect(orphan).toBeGreaterThan(0);
  process.kill(first.serverPid, 'SIGKILL');
  await first.exited;
  // What the fix is for: the killed server's PostgreSQL is still running.
  expect(postmasters()).toEqual([orphan]);

  const second = await start(port);
  expect(second.output()).toContain('left running by a DCDock that is gone');
  const stopMs = /"ms":(\d+),"msg":"the PostgreSQL left running has stopped"/.exec(second.output())?.[1];
  console.log(
    `embedded takeover: npm start after kill -9 answered /api/health in ${second.ms} ms, stopping the old PostgreSQL took ${stopMs} ms (a clean start: ${first.ms} ms)`,
  );
  expect(postmasters()).toHaveLength(1);
  expect(postmasters()).not.toContain(orphan);
  const loads = (await (await fetch(`${base}/api/loads`, { headers: await login(base) })).json()) as { reference: string }[];
  expect(loads.map((l) => l.reference)).toContain('SURVIVES-KILL-9');

  // A live DCDock on the data directory is not taken over: the newcomer refuses, naming it.
  const other = await freePort();
  await expect(start(other)).rejects.toThrow(`Another DCDock (pid ${second.serverPid}) is running on the data directory`);
  expect((await fetch(`${base}/api/loads`, { headers: await login(base) })).status).toBe(200);
  expect(postmasters()).toHaveLength(1);

  const { code } = await stopNpmStart(second);
  expect(code).toBe(0);
  await waitUntil(() => postmasters().length === 0, 5_000, 'PostgreSQL to stop with its DCDock');
  expect(() => readFileSync(path.join(dataDir, 'owner.pid'))).toThrow();
});
