import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, request, type IncomingHttpHeaders } from 'node:http';
import { connect, type Socket } from 'node:net';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { signAccessToken } from '@/server/auth/tokens';
import { connectBoard, connectRaw } from '@/tests/support/sockets';
import { createTestDatabase, TEST_SECRET } from '@/tests/support/test-server';

// SIGTERM to a real server process under keep-alive load, as a deploy or an
// autoscaler sends it: nothing accepted is cut short, nothing waits for a forced close.
const ROOT = path.resolve(import.meta.dirname, '..', '..');
const LOOPS = 6;

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let child: ChildProcess;
let output = '';
let token: string;

beforeAll(async () => {
  database = await createTestDatabase();
  const sql = postgres(database.url, { max: 1, onnotice: () => {} });
  const [admin] = await sql<{ id: number; email: string }[]>`SELECT id, email FROM users WHERE email = 'admin@dcdock.com'`;
  await sql.end();
  token = await signAccessToken({ user_id: admin!.id, email: admin!.email, role: 'ADMIN' }, TEST_SECRET, 3600);
});

afterAll(async () => {
  if (child?.exitCode === null) child.kill('SIGKILL');
  await database?.drop();
});

function startServer(env: Record<string, string> = {}): Promise<number> {
  output = '';
  child = spawn(process.execPath, ['--import', 'tsx', 'tests/support/api-process.ts'], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production', DATABASE_URL: database.url, AUTH_SECRET: TEST_SECRET, LOG_LEVEL: 'info', DATABASE_POOL_SIZE: '10', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no LISTENING line:\n${output}`)), 30_000);
    child.stdout!.on('data', () => {
      const port = /LISTENING (\d+)/.exec(output)?.[1];
      if (port) {
        clearTimeout(timer);
        resolve(Number(port));
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
}

type Answer = { at: number; status: number; connection: string | undefined; body: string };

/** One request; resolves with the whole answer, rejects on a connection error or a cut-short body. */
function get(port: number, agent: Agent | false, pathname: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: pathname, agent, headers: { Authorization: `Bearer ${token}` } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('aborted', () => reject(new Error(`answer cut short after ${body.length} bytes`)));
      res.on('end', () => resolve({ at: performance.now(), status: res.statusCode!, connection: res.headers.connection, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function waitFor(check: () => boolean, ms: number, what: string): Promise<number> {
  const started = performance.now();
  while (!check()) {
    if (performance.now() - started > ms) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  return performance.now();
}

/** Raw HTTP on one socket, to hold a request half-sent across the signal. */
function rawConnection(port: number): Promise<{ socket: Socket; received: () => string; closed: Promise<number> }> {
  return new Promise((resolve) => {
    let received = '';
    const socket = connect(port, '127.0.0.1', () => resolve({ socket, received: () => received, closed }));
    const closed = new Promise<number>((r) => socket.once('close', () => r(performance.now())));
    socket.on('data', (d) => (received += d));
    socket.on('error', () => {});
  });
}

function headersOf(raw: string): { status: number; headers: IncomingHttpHeaders } {
  const [head = ''] = raw.split('\r\n\r\n', 1);
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers: IncomingHttpHeaders = {};
  for (const line of lines) headers[line.slice(0, line.indexOf(':')).toLowerCase()] = line.slice(line.indexOf(':') + 1).trim();
  return { status: Number(statusLine.split(' ')[1]), headers };
}

it('SIGTERM under keep-alive load: ready 503 at once, every accepted request answered in full with Connection: close, exit 0 within 5 s of the last answer', {
  timeout: 60_000,
}, async () => {
  const port = await startServer();
  const base = `http://127.0.0.1:${port}`;
  let signalledAt = Infinity;
  let drainingAt = Infinity;

  // Request loops, each on its own pooled keep-alive connection, until the server is gone.
  const loops = Array.from({ length: LOOPS }, async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const answers: Answer[] = [];
    const refused: string[] = [];
    for (;;) {
      try {
        answers.push(await get(port, agent, '/api/loads'));
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
        // Connection-level only, and only once shutting down: sent on a connection being closed as idle, or to a closed listener.
        if (performance.now() < signalledAt || !['ECONNREFUSED', 'ECONNRESET', 'EPIPE'].includes(code)) throw error;
        refused.push(code);
        if (code === 'ECONNREFUSED') break;
      }
    }
    agent.destroy();
    return { answers, refused };
  });
  await new Promise((r) => setTimeout(r, 1_000));

  // An idle pooled connection, a request whose body is still coming, one whose headers are.
  const idleAgent = new Agent({ keepAlive: true });
  expect((await get(port, idleAgent, '/api/health')).status).toBe(200);
  const idleSockets = Object.values(idleAgent.freeSockets).flat();
  expect(idleSockets).toHaveLength(1);
  const idleClosed = new Promise<number>((r) => idleSockets[0]!.once('close', () => r(performance.now())));
  const upload = await rawConnection(port);
  const body = JSON.stringify({ reference: 'IN-FLIGHT-AT-SIGTERM', direction: 'OB' });
  upload.socket.write(
    `POST /api/loads HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 10)}`,
  );
  const readiness = await rawConnection(port);
  readiness.socket.write('GET /api/ready HTTP/1.1\r\nHost: x\r\n');
  const raw = await connectRaw(base, `?token=${encodeURIComponent(token)}`);
  const board = await connectBoard(base, { token });
  const boardGone = new Promise<number>((r) => board.socket.once('disconnect', () => r(performance.now())));
  const rawGone = raw.closed.then((c) => ({ ...c, at: performance.now() }));

  signalledAt = performance.now();
  child.kill('SIGTERM');
  let exitAt = 0;
  const exited = new Promise<number | null>((r) =>
    child.once('exit', (code) => {
      exitAt = performance.now();
      r(code);
    }),
  );
  drainingAt = await waitFor(() => output.includes('"shutting down"'), 5_000, 'the server to log that it is shutting down');

  // Readiness says no at once: a new connection is refused, a request already on its way gets 503.
  const fresh = await get(port, false, '/api/ready').then(
    (a) => a.status,
    (e: NodeJS.ErrnoException) => e.code,
  );
  expect([503, 'ECONNREFUSED', 'ECONNRESET']).toContain(fresh);
  readiness.socket.write('\r\n');
  await waitFor(() => readiness.received().includes('\r\n\r\n'), 2_000, '/api/ready to answer');
  expect(headersOf(readiness.received())).toMatchObject({ status: 503, headers: { connection: 'close' } });

  expect((await idleClosed) - drainingAt).toBeLessThan(1_000);
  expect((await rawGone).code).toBe(1001);
  expect((await boardGone) - drainingAt).toBeLessThan(2_000);

  // The upload started before the signal finishes a second later and gets its full answer.
  await new Promise((r) => setTimeout(r, 1_000));
  upload.socket.write(body.slice(10));
  const uploadClosedAt = await upload.closed;
  const uploaded = headersOf(upload.received());
  expect(uploaded).toMatchObject({ status: 201, headers: { connection: 'close' } });
  expect(JSON.parse(upload.received().split('\r\n\r\n')[1]!)).toMatchObject({ reference: 'IN-FLIGHT-AT-SIGTERM' });

  const results = await Promise.all(loops);
  for (const { answers } of results) {
    for (const a of answers) {
      expect(a.status).toBe(200);
      expect(Array.isArray(JSON.parse(a.body))).toBe(true);
    }
    // At most the one answer already on its way when draining began comes without Connection: close.
    const lateKeepAlive = answers.filter((a) => a.at > drainingAt && a.connection !== 'close');
    expect(lateKeepAlive.length).toBeLessThanOrEqual(1);
  }
  const closedAnswers = results.flatMap((r) => r.answers).filter((a) => a.connection === 'close');
  expect(closedAnswers.every((a) => a.at > signalledAt)).toBe(true);

  expect(await exited).toBe(0);
  const lastAnswer = Math.max(uploadClosedAt, ...results.flatMap((r) => r.answers.map((a) => a.at)));
  const afterLast = exitAt - lastAnswer;
  const answersAfterSignal = results.flatMap((r) => r.answers).filter((a) => a.at > signalledAt).length;
  const refusals = results.flatMap((r) => r.refused).filter((c) => c !== 'ECONNREFUSED').length;
  console.log(
    `SIGTERM under keep-alive load (${LOOPS} loops): exit ${Math.round(exitAt - signalledAt)} ms after the signal, ${Math.round(afterLast)} ms after the last answer; ` +
      `${answersAfterSignal} answers after the signal, ${closedAnswers.length} with Connection: close; ${refusals} requests met a connection closing as idle`,
  );
  expect(afterLast).toBeLessThan(5_000);
  expect(output).toContain('"stopped"');
  const sql = postgres(database.url, { max: 1, onnotice: () => {} });
  expect(await sql`SELECT 1 FROM loads WHERE reference = 'IN-FLIGHT-AT-SIGTERM'`).toHaveLength(1);
  await sql.end();
});

it('a connection that never finishes its request is cut at the shutdown deadline, and the exit code says so', { timeout: 30_000 }, async () => {
  const port = await startServer({ SHUTDOWN_DEADLINE_MS: '2000' });
  const stuck = await rawConnection(port);
  stuck.socket.write('GET /api/health HTTP/1.1\r\nHost: x\r\n');
  await new Promise((r) => setTimeout(r, 100));
  const signalledAt = performance.now();
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  child.kill('SIGTERM');
  const cutAt = await stuck.closed;
  expect(await exited).toBe(1);
  expect(cutAt - signalledAt).toBeGreaterThan(1_500);
  expect(cutAt - signalledAt).toBeLessThan(4_000);
  expect(output).toContain('connections still open at the shutdown deadline');
});
