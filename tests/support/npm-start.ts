import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

export type NpmStart = {
  /** The `npm start` process, leader of its own process group. */
  child: ChildProcess;
  output: () => string;
  /** From spawn until /api/health answers. */
  ms: number;
  /** The server process, as its "DCDock is listening" log line names it. */
  serverPid: number;
  exited: Promise<number | null>;
};

/** `npm start` as a user runs it, in its own process group; resolves once /api/health answers. */
export async function npmStart(port: number, env: Record<string, string | undefined>): Promise<NpmStart> {
  const started = Date.now();
  const { DATABASE_URL: _db, NODE_ENV: _mode, ...inherited } = process.env;
  const child = spawn('npm', ['start'], {
    cwd: ROOT,
    env: { ...inherited, PORT: String(port), LOG_LEVEL: 'info', ...env } as unknown as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`npm start exited with ${child.exitCode ?? child.signalCode}:\n${output}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const line = output.split('\n').find((l) => l.includes('DCDock is listening'));
  const serverPid = Number(/"pid":(\d+)/.exec(line ?? '')?.[1]);
  return { child, output: () => output, ms: Date.now() - started, serverPid, exited };
}

/** Processes that are running (zombies excluded), read from /proc. */
export function liveProcesses(): { pid: number; pgid: number; cmdline: string[] }[] {
  const found = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] === 'Z') continue;
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').filter(Boolean);
      found.push({ pid: Number(entry), pgid: Number(fields[2]), cmdline });
    } catch {
      /* gone meanwhile */
    }
  }
  return found;
}

/** Polls until `check` holds; returns the ms it took, throws after `ms`. */
export async function waitUntil(check: () => boolean | Promise<boolean>, ms: number, what: string): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > ms) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return Date.now() - started;
}

/**
 * SIGTERM to the `npm start` process, as a process manager or a terminal
 * sends it: resolves with npm's exit code and the ms until nothing of its
 * process group runs any more.
 */
export async function stopNpmStart(start: NpmStart): Promise<{ code: number | null; ms: number }> {
  const pgid = start.child.pid!;
  const signalled = Date.now();
  process.kill(pgid, 'SIGTERM');
  const code = await start.exited;
  await waitUntil(() => !liveProcesses().some((p) => p.pgid === pgid), 10_000, `the processes of npm start (group ${pgid}) to end`);
  return { code, ms: Date.now() - signalled };
}
