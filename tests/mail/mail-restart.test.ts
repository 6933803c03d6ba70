import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type ReceivedMail, type SmtpSink, startSmtpSink } from '@/e2e/support/smtp';
import { signAccessToken } from '@/server/auth/tokens';
import { createDb, type Db } from '@/server/db/client';
import { createTestDatabase, DEMO, TEST_SECRET } from '@/tests/support/test-server';
import { addCarrier, approve, book, type Fixture, MAIL_TEST_ENV, prepare } from './mail-fixture';

// A DCDock process as `npm start` runs it with DATABASE_URL (minus Next.js), stopped with SIGTERM mid-stream and
// started again: the restart neither loses nor repeats a message.
const ROOT = path.resolve(import.meta.dirname, '..', '..');

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let db: Db;
let sink: SmtpSink;
let child: ChildProcess | undefined;

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url, 2);
  sink = await startSmtpSink();
});
afterAll(async () => {
  if (child?.exitCode === null) child.kill('SIGKILL');
  await db?.$client.end();
  await database?.drop();
  await sink?.close();
});

/** Starts the process; resolves with its port once it listens. */
function startProcess(): Promise<number> {
  let output = '';
  child = spawn(process.execPath, ['--import', 'tsx', 'tests/support/api-process.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      ...MAIL_TEST_ENV,
      NODE_ENV: 'production',
      DATABASE_URL: database.url,
      AUTH_SECRET: TEST_SECRET,
      LOG_LEVEL: 'warn',
      SMTP_URL: sink.url,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no LISTENING line:\n${output}`)), 60_000);
    child!.stdout!.on('data', () => {
      const port = /LISTENING (\d+)/.exec(output)?.[1];
      if (port) {
        clearTimeout(timer);
        resolve(Number(port));
      }
    });
    child!.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
}

async function stopProcess(): Promise<number | null> {
  const c = child!;
  const exited = new Promise<number | null>((resolve) => c.once('exit', (code) => resolve(code)));
  c.kill('SIGTERM');
  return exited;
}

const about = (ref: string) => (m: ReceivedMail) => m.subject.includes(`${ref} `);
const countAbout = (ref: string) => sink.messages.filter(about(ref)).length;

it('SIGTERM mid-stream and a restart: every approval mailed exactly once, and the lease handed back', async () => {
  const [operator] = await db.$client<{ id: number; email: string }[]>`SELECT id, email FROM users WHERE email = ${DEMO.OPERATOR}`;
  const token = await signAccessToken({ user_id: operator!.id, email: operator!.email, role: 'OPERATOR' }, TEST_SECRET, 3600);
  const port = await startProcess();
  const target = { url: `http://127.0.0.1:${port}`, db, tokens: { ADMIN: token, OPERATOR: token, SUPERVISOR: token, CARRIER: token } };
  const f: Fixture = await prepare(target);
  const carrier = await addCarrier(target, 'Restart Haulage', 'ops@restart.test');

  sink.delay(150);
  const refs: string[] = [];
  for (let i = 0; i < 10; i++) {
    const etaIn = `2031-04-0${1 + Math.floor(i / 5)}T${String(6 + 2 * (i % 5)).padStart(2, '0')}:00:00Z`;
    refs.push((await approve(f, await book(f, { carrierId: carrier, rampId: f.ramps[0]!.id, etaIn }))).load.reference);
  }
  const arrived = () => refs.filter((r) => countAbout(r) > 0).length;
  await expect.poll(arrived, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
  expect(await stopProcess()).toBe(0);
  expect(arrived()).toBeLessThan(10);
  const [held] = await db.$client`SELECT lease_owner FROM mail_consumer`;
  expect(held?.lease_owner).toBeNull();

  sink.delay(0);
  await startProcess();
  await expect.poll(arrived, { timeout: 15_000 }).toBe(10);
  await expect.poll(async () => Number((await db.$client`SELECT count(*) FROM mail_outbox WHERE sent_at IS NULL`)[0]!.count), { timeout: 10_000 }).toBe(0);
  expect(refs.map(countAbout)).toEqual(refs.map(() => 1));
  expect(new Set(sink.messages.map((m) => m.messageId)).size).toBe(sink.messages.length);
  expect(await stopProcess()).toBe(0);
});
