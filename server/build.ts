import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

const SOURCES = [
  'app',
  'components',
  'lib',
  'public',
  'server',
  'drizzle/schema',
  'next.config.mjs',
  'postcss.config.mjs',
  'tsconfig.json',
  'package-lock.json',
];

function newestMtime(target: string): number {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(target)) if (!entry.endsWith('.test.ts')) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

/** True when there is no build yet or a source is newer than it. */
export function needsBuild(root: string): boolean {
  const buildId = path.join(root, '.next', 'BUILD_ID');
  if (!existsSync(buildId)) return true;
  const built = statSync(buildId).mtimeMs;
  return SOURCES.some((s) => newestMtime(path.join(root, s)) > built);
}

const LOCK_STALE_MS = 15 * 60_000;

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** One build at a time per folder: a second process waits for the first, then finds nothing to do. */
function withBuildLock(root: string, fn: () => void): void {
  const lock = path.join(root, '.next-build.lock');
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      const age = existsSync(lock) ? Date.now() - statSync(lock).mtimeMs : 0;
      if (age > LOCK_STALE_MS) rmSync(lock, { recursive: true, force: true });
      else sleepSync(500);
    }
  }
  try {
    fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Builds the Next.js app when needed; exits the process when the build fails. */
export function ensureBuild(root: string): void {
  if (!needsBuild(root)) return;
  let status = 0;
  withBuildLock(root, () => {
    if (!needsBuild(root)) return;
    console.log('Building the web app (first start or sources changed)…');
    const next = path.join(root, 'node_modules', '.bin', 'next');
    const { NODE_ENV: _mode, ...env } = process.env;
    const result = spawnSync(next, ['build'], { cwd: root, stdio: 'inherit', env: { ...env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' } });
    status = result.status ?? 1;
  });
  if (status !== 0) {
    console.error('The build failed.');
    process.exit(status);
  }
}
