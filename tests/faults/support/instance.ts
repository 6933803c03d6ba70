import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

const CHILD = path.resolve(import.meta.dirname, '..', '..', 'support', 'api-process.ts');
const ROOT = path.resolve(import.meta.dirname, '../../..');

export type ExitInfo = {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Date.now() at exit, as the parent saw it. */
  exitAt: number;
  /** When the instance finished its last response (0: none, or it was killed). */
  lastResponseAt: number;
};

export type Instance = {
  name: string;
  url: string;
  port: number;
  pid: number;
  exited: Promise<ExitInfo>;
  /** Set once it has exited. */
  exit: ExitInfo | undefined;
  /** The last lines the instance logged, for failure messages. */
  output: () => string;
  signal: (signal: NodeJS.Signals) => void;
  /** Ends it however it is (SIGKILL after 10 s). */
  stop: () => Promise<void>;
};

/** Settings every instance of the fault suite and the failover benchmark runs with. */
export function instanceEnv(databaseUrl: string, authSecret: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    AUTH_SECRET: authSecret,
    LOG_LEVEL: 'warn',
    DATABASE_POOL_SIZE: '10',
    // Everyone comes through nginx on 127.0.0.1, and the clients are a few users with many sockets.
    TRUSTED_PROXIES: '127.0.0.1',
    LOGIN_MAX_PER_IP_PER_MINUTE: '10000',
    WS_MAX_PER_USER: '100000',
    WS_MAX_PER_ADDRESS: '100000',
    ...extra,
  };
}

/** Spawns tests/support/api-process.ts and waits for it to listen. */
export async function spawnInstance(name: string, env: Record<string, string>): Promise<Instance> {
  const proc: ChildProcess = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    cwd: ROOT,
    env: { ...process.env, INSTANCE_ID: name, ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const lines: string[] = [];
  let lastResponseAt = 0;
  const keep = (line: string) => {
    const exit = /^INSTANCE_EXIT (.*)$/.exec(line);
    if (exit) lastResponseAt = (JSON.parse(exit[1]!) as { lastResponseAt: number }).lastResponseAt;
    lines.push(line);
    if (lines.length > 200) lines.shift();
  };
  createInterface({ input: proc.stdout! }).on('line', keep);
  createInterface({ input: proc.stderr! }).on('line', keep);
  const exited = new Promise<ExitInfo>((resolve) =>
    // 'close': stdout is drained, so the INSTANCE_EXIT line has been read.
    proc.once('close', (code, signal) => resolve({ code, signal, exitAt: Date.now(), lastResponseAt })),
  );
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`instance ${name} did not start within 60 s:\n${lines.join('\n')}`)), 60_000);
    proc.on('message', (m: { ready?: boolean; port?: number }) => {
      if (!m?.ready) return;
      clearTimeout(timer);
      resolve(m.port!);
    });
    void exited.then((e) => {
      clearTimeout(timer);
      reject(new Error(`instance ${name} exited (${e.code ?? e.signal}) before listening:\n${lines.join('\n')}`));
    });
  });
  let gone = false;
  const instance: Instance = {
    name,
    url: `http://127.0.0.1:${port}`,
    port,
    pid: proc.pid!,
    exited,
    exit: undefined,
    output: () => lines.join('\n'),
    signal: (signal) => void (gone || proc.kill(signal)),
    stop: async () => {
      if (gone) return;
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
  void exited.then((e) => {
    gone = true;
    instance.exit = e;
  });
  return instance;
}
