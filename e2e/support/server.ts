import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export type RunningServer = { url: string; port: number; dataDir: string; child: ChildProcess; stop: () => Promise<void> };

const root = path.resolve(import.meta.dirname, '..', '..');

/**
 * `npm start` as a user runs it (builds if needed), on its own port and data directory. E-mail is sent only when `env`
 * gives SMTP_URL (e.g. an SMTP sink of e2e/support/smtp.ts), never to one the developer's own environment names.
 */
export async function startServer(
  port: number,
  dataDir = mkdtempSync(path.join(tmpdir(), 'dcdock-e2e-')),
  env: Record<string, string> = {},
): Promise<RunningServer> {
  const { DATABASE_URL: _db, NODE_ENV: _mode, SMTP_URL: _smtp, ...inherited } = process.env;
  const child = spawn(path.join(root, 'node_modules', '.bin', 'tsx'), ['server/start.ts'], {
    cwd: root,
    env: {
      ...inherited,
      PORT: String(port),
      HOST: '127.0.0.1',
      DCDOCK_DATA_DIR: dataDir,
      SITE_TIMEZONE: 'UTC',
      LOG_LEVEL: 'warn',
      ...env,
    } as unknown as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 240_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output}`);
    if (Date.now() > deadline) throw new Error(`server did not start:\n${output}`);
    try {
      if ((await fetch(`${url}/api/ready`)).ok) break;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  return {
    url,
    port,
    dataDir,
    child,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
