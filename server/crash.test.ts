import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';

const dir = mkdtempSync(path.join(tmpdir(), 'dcdock-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A process with the crash handlers and a shutdown that reports itself, then the given fault. */
function crashWith(fault: string) {
  const file = path.join(dir, `${fault.length}-${Date.now()}.ts`);
  writeFileSync(
    file,
    `import { installCrashHandlers } from ${JSON.stringify(path.resolve('server/crash.ts'))};
import { createLogger } from ${JSON.stringify(path.resolve('server/logger.ts'))};
installCrashHandlers(createLogger('info'), async (reason) => {
  await new Promise((r) => setTimeout(r, 50));
  console.log('graceful shutdown after ' + reason);
});
setInterval(() => {}, 1000);
setTimeout(() => { ${fault} }, 20);
`,
  );
  const tsx = path.resolve('node_modules/.bin/tsx');
  return spawnSync(tsx, [file], { encoding: 'utf8', timeout: 20_000 });
}

it('an uncaught exception is logged, runs the graceful shutdown and exits non-zero', () => {
  const run = crashWith(`throw new Error('boom from a timer');`);
  expect(run.status).toBe(1);
  expect(run.stdout).toContain('graceful shutdown after uncaughtException');
  const log = run.stdout.split('\n').find((l) => l.includes('uncaught error'))!;
  expect(JSON.parse(log)).toMatchObject({ level: 60, kind: 'uncaughtException', err: { message: 'boom from a timer' } });
});

it('an unhandled rejection does the same', () => {
  const run = crashWith(`void Promise.reject(new Error('nobody caught me'));`);
  expect(run.status).toBe(1);
  expect(run.stdout).toContain('graceful shutdown after unhandledRejection');
  expect(run.stdout).toContain('nobody caught me');
});
