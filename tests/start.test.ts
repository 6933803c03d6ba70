import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';

// `npm start` as a newcomer runs it: no DATABASE_URL, no PostgreSQL running,
// an empty data directory. Builds when needed, so this test is the slow one.
const root = path.resolve(import.meta.dirname, '..');
const dataDir = mkdtempSync(path.join(tmpdir(), 'dcdock-start-'));
const children: ChildProcess[] = [];

afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

async function start(port: number): Promise<{ child: ChildProcess; output: () => string; ms: number }> {
  const started = Date.now();
  const { DATABASE_URL: _db, NODE_ENV: _mode, ...inherited } = process.env;
  const env: Record<string, string | undefined> = { ...inherited, PORT: String(port), DCDOCK_DATA_DIR: dataDir, LOG_LEVEL: 'info' };
  const child = spawn('npm', ['start'], { cwd: root, env: env as unknown as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  for (;;) {
    if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${output}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (res.ok) return { child, output: () => output, ms: Date.now() - started };
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** SIGTERM to the server process itself, as a process manager sends it; npm's exit code follows the server's. */
async function stop(child: ChildProcess, output: string): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const line = output.split('\n').find((l) => l.includes('DCDock is listening'));
  const pid = Number(/"pid":(\d+)/.exec(line ?? '')?.[1]);
  expect(pid).toBeGreaterThan(0);
  process.kill(pid, 'SIGTERM');
  return exited;
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

  const token = ((await (await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: 'operator1@dcdock.com', password: 'operator123' }),
  })).json()) as { access_token: string }).access_token;
  const auth = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
  const loads = (await (await fetch(`${base}/api/loads`, { headers: auth })).json()) as unknown[];
  const assignments = (await (await fetch(`${base}/api/assignments`, { headers: auth })).json()) as { load: { direction: string } }[];
  expect(loads.filter((l) => (l as { direction: string }).direction === 'IB').length).toBeGreaterThanOrEqual(8);
  expect(loads.filter((l) => (l as { direction: string }).direction === 'OB').length).toBeGreaterThanOrEqual(8);
  expect(assignments.length).toBeGreaterThanOrEqual(16);
  const created = await fetch(`${base}/api/loads`, { method: 'POST', headers: auth, body: JSON.stringify({ reference: 'KEEP-ME', direction: 'OB' }) });
  expect(created.status).toBe(201);

  expect(await stop(first.child, first.output())).toBe(0);
  expect(first.output()).toContain('stopped');

  const second = await start(port);
  console.log(`npm start: first start ${first.ms} ms (build included when needed), restart ${second.ms} ms`);
  const after = (await (await fetch(`${base}/api/loads`, { headers: auth })).json()) as { reference: string }[];
  expect(after.map((l) => l.reference)).toContain('KEEP-ME');
  expect(after).toHaveLength(loads.length + 1);
  expect(second.output()).not.toContain('demo data seeded');
  expect(await stop(second.child, second.output())).toBe(0);
});
