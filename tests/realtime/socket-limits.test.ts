import { connect, type Socket as TcpSocket } from 'node:net';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { BOARD_NAMESPACE } from '@/lib/realtime';
import { createLoginGuard } from '@/server/auth/login';
import { createApp } from '@/server/http/app';
import { createLogger } from '@/server/logger';
import { startRealtime } from '@/server/realtime/start-realtime';
import { connectBoard, connectRaw, type RawClient } from '@/tests/support/sockets';
import { api, startTestServer, type TestServer } from '@/tests/support/test-server';

const q = (token: string, extra = '') => `?token=${encodeURIComponent(token)}${extra}`;
const portOf = (s: TestServer) => Number(new URL(s.url).port);
const connections = (s: TestServer) => new Promise<number>((resolve, reject) => s.server.getConnections((err, n) => (err ? reject(err) : resolve(n))));

async function until(check: () => Promise<boolean> | boolean, ms: number, what: string): Promise<number> {
  const started = performance.now();
  while (!(await check())) {
    if (performance.now() - started > ms) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
  return performance.now() - started;
}

/** A bare TCP client that asks for a WebSocket upgrade and then sends nothing more, not even a close reply. */
function rawUpgrade(port: number, path: string, extraHeaders = ''): { socket: TcpSocket; response: Promise<string>; closed: Promise<number> } {
  const started = performance.now();
  const socket = connect(port, '127.0.0.1');
  socket.on('error', () => {});
  let text = '';
  const response = new Promise<string>((resolve) => {
    socket.on('data', (d: Buffer) => {
      text += d.toString('latin1');
      if (text.includes('\r\n\r\n')) resolve(text.split('\r\n', 1)[0]!);
    });
    socket.once('close', () => resolve(text.split('\r\n', 1)[0] ?? ''));
  });
  const closed = new Promise<number>((resolve) => socket.once('close', () => resolve(performance.now() - started)));
  socket.write(
    `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
      `Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n${extraHeaders}\r\n`,
  );
  return { socket, response, closed };
}

/** A raw /api/ws client offering subprotocols. */
function connectWithProtocols(s: TestServer, protocols: string[], query = ''): Promise<{ ws: WebSocket; first: Promise<any>; closed: Promise<number> }> {
  const ws = new WebSocket(`${s.url.replace(/^http/, 'ws')}/api/ws${query}`, protocols);
  const first = new Promise<any>((resolve) => ws.once('message', (d) => resolve(JSON.parse(d.toString()))));
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws, first, closed }));
    ws.once('error', reject);
  });
}

function trySocketIo(s: TestServer, auth: Record<string, unknown>): Promise<{ socket: ReturnType<typeof io>; error?: string }> {
  const socket = io(`${s.url}${BOARD_NAMESPACE}`, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
  return new Promise((resolve) => {
    socket.once('connect', () => resolve({ socket }));
    socket.once('connect_error', (err) => resolve({ socket, error: err.message }));
  });
}

describe('upgrades, subprotocol and presence', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(() => s.close());

  it('refuses upgrades to any path but /api/ws and /socket.io/ at once: all 50 closed within 1 s, connection count back to its baseline', async () => {
    const baseline = await connections(s);
    const paths = [
      '/socket.iox',
      '/foo',
      '/socket.io/../x',
      '/socket.io',
      '/api/wsx',
      '/api/ws/extra',
      '/_next/webpack-hmr',
      '/',
      '/socket.io/?EIO=4&transport=polling',
      '/socket.io/?EIO=9&transport=websocket',
    ];
    const attempts = Array.from({ length: 50 }, (_, i) => ({ path: paths[i % paths.length]!, ...rawUpgrade(portOf(s), paths[i % paths.length]!) }));
    const results = await Promise.all(
      attempts.map(async (a) => ({
        path: a.path,
        status: await a.response,
        ms: await Promise.race([a.closed, new Promise<number>((r) => setTimeout(() => r(Infinity), 3_000))]),
      })),
    );
    for (const a of attempts) a.socket.destroy();
    const slowest = Math.max(...results.map((r) => r.ms));
    console.log(`50 unknown upgrades: slowest closed after ${Math.round(slowest)} ms; answers ${[...new Set(results.map((r) => r.status))].join(', ')}`);
    for (const r of results) {
      // engine.io answers an unsupported protocol version at its own path after the 101, and cuts it at once.
      if (!r.path.includes('EIO=9')) expect(r.status, r.path).toMatch(/^HTTP\/1\.1 4\d\d /);
      expect(r.ms, r.path).toBeLessThan(1_000);
    }
    await until(async () => (await connections(s)) === baseline, 1_000, 'the connection count to return to its baseline');
  });

  it("passes Next's hot-reload upgrades (/_next/hmr, /_next/webpack-hmr) to Next's handler in development, and nothing else", async () => {
    const deps = { config: s.config, db: s.db, logger: createLogger('silent'), loginGuard: createLoginGuard(s.config, s.db) };
    const { server } = createApp(deps);
    const seen: string[] = [];
    const realtime = await startRealtime(server, deps, (req, socket) => {
      seen.push(req.url ?? '');
      socket.end('HTTP/1.1 418 Next\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const answers = [];
      for (const path of ['/_next/hmr?id=abc', '/_next/webpack-hmr', '/_next/static/x', '/_nextx/hmr']) {
        const a = rawUpgrade(port, path);
        answers.push(await a.response);
        await a.closed;
      }
      expect(seen).toEqual(['/_next/hmr?id=abc', '/_next/webpack-hmr']);
      expect(answers).toEqual(['HTTP/1.1 418 Next', 'HTTP/1.1 418 Next', 'HTTP/1.1 404 Not Found', 'HTTP/1.1 404 Not Found']);
    } finally {
      await realtime.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('takes the token as the subprotocol Bearer.<token> and selects it; a bad one is refused with 1008; ?token= keeps working', async () => {
    const good = await connectWithProtocols(s, [`Bearer.${s.tokens.SUPERVISOR}`]);
    expect(good.ws.protocol).toBe(`Bearer.${s.tokens.SUPERVISOR}`);
    expect(await good.first).toMatchObject({ type: 'connection_ack', client_id: expect.stringMatching(/^user_\d+_/) });
    good.ws.close();

    const among = await connectWithProtocols(s, ['json', `Bearer.${s.tokens.OPERATOR}`]);
    expect(among.ws.protocol).toBe(`Bearer.${s.tokens.OPERATOR}`);
    expect((await among.first).type).toBe('connection_ack');
    among.ws.close();

    const bad = await connectWithProtocols(s, ['Bearer.not-a-valid-token']);
    expect(await bad.closed).toBe(1008);

    const byQuery = await connectRaw(s.url, q(s.tokens.SUPERVISOR));
    await byQuery.until((m) => m.some((x) => x.type === 'connection_ack'));
    byQuery.close();
  });

  it('/api/ws/stats drops a crashed instance within 10 s, and any live instance deletes rows no one heartbeats any more', { timeout: 30_000 }, async () => {
    await s.db.$client`
      INSERT INTO realtime_instances (id, clients, heartbeat_at) VALUES
        ('crashed-long-ago', ${JSON.stringify([{ client_id: 'ghost_old', filters: {} }])}::jsonb, now() - interval '20 seconds'),
        ('crashed-just-now', ${JSON.stringify([{ client_id: 'ghost_new', filters: { direction: 'IB' } }])}::jsonb, now())`;
    const ids = async () => ((await api(s, 'GET', '/api/ws/stats')).body.clients as { client_id: string }[]).map((c) => c.client_id);
    const first = await ids();
    expect(first).toContain('ghost_new');
    expect(first).not.toContain('ghost_old');
    const [removed, dropped] = await Promise.all([
      until(
        async () => (await s.db.$client`SELECT 1 FROM realtime_instances WHERE id = 'crashed-long-ago'`).length === 0,
        10_000,
        'the stale row to be deleted',
      ),
      until(async () => !(await ids()).includes('ghost_new'), 10_000, 'the crashed instance to drop out of the stats'),
    ]);
    const stats = (await api(s, 'GET', '/api/ws/stats')).body;
    expect(stats.active_connections).toBe(stats.clients.length);
    console.log(`crashed instance out of /api/ws/stats after ${Math.round(dropped)} ms; 20-s-old row deleted after ${Math.round(removed)} ms`);
  });
});

describe('socket caps', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ WS_MAX_PER_USER: '3', WS_MAX_PER_ADDRESS: '5' });
  });
  afterAll(() => s.close());

  it('counts both socket kinds together per user and per address, refuses past the cap with 1013 / too_many_connections, and frees places on close', async () => {
    const open: { close: () => void }[] = [];
    const rawA1 = await connectRaw(s.url, q(s.tokens.SUPERVISOR));
    const rawA2 = await connectRaw(s.url, q(s.tokens.SUPERVISOR));
    const sioA = await connectBoard(s.url, { token: s.tokens.SUPERVISOR });
    open.push(rawA2, sioA);
    for (const c of [rawA1, rawA2]) await c.until((m) => m.some((x) => x.type === 'connection_ack'));

    // The user's fourth, of either kind.
    const rawA4 = await connectRaw(s.url, q(s.tokens.SUPERVISOR));
    expect(await rawA4.closed).toEqual({ code: 1013, reason: 'Too many connections' });
    expect(rawA4.ofType('connection_ack')).toHaveLength(0);
    const sioA4 = await trySocketIo(s, { token: s.tokens.SUPERVISOR });
    expect(sioA4.error).toBe('too_many_connections');
    sioA4.socket.disconnect();

    // Another user from the same address: two more fill the address's five.
    const rawB1 = await connectRaw(s.url, q(s.tokens.OPERATOR));
    const sioB2 = await connectBoard(s.url, { token: s.tokens.OPERATOR });
    open.push(rawB1, sioB2);
    await rawB1.until((m) => m.some((x) => x.type === 'connection_ack'));
    const rawC = await connectRaw(s.url, q(s.tokens.ADMIN));
    expect((await rawC.closed).code).toBe(1013);
    const sioC = await trySocketIo(s, { token: s.tokens.ADMIN });
    expect(sioC.error).toBe('too_many_connections');
    sioC.socket.disconnect();
    // A forwarded-for header from an untrusted peer does not make a new address.
    const spoofed = await connectRaw(s.url, q(s.tokens.ADMIN), { 'X-Forwarded-For': '203.0.113.7' });
    expect((await spoofed.closed).code).toBe(1013);

    // A closed socket gives its place back.
    rawA1.close();
    await rawA1.closed;
    let again: RawClient | undefined;
    await until(
      async () => {
        const c = await connectRaw(s.url, q(s.tokens.ADMIN));
        const ok = await Promise.race([c.until((m) => m.some((x) => x.type === 'connection_ack')).then(() => true), c.closed.then(() => false)]);
        if (ok) again = c;
        return ok;
      },
      3_000,
      'a freed place',
    );
    open.push(again!);
    for (const c of open) c.close();
  });
});

describe('closing the socket servers', () => {
  it('closes every socket promptly: raw with 1001, Socket.IO disconnected, one that never answers the close is cut; no connection is left', {
    timeout: 30_000,
  }, async () => {
    const s = await startTestServer();
    try {
      const raw = await connectRaw(s.url, q(s.tokens.SUPERVISOR));
      await raw.until((m) => m.some((x) => x.type === 'connection_ack'));
      const board = await connectBoard(s.url, { token: s.tokens.SUPERVISOR });
      const boardGone = new Promise<string>((resolve) => board.socket.once('disconnect', resolve));
      const silent = rawUpgrade(portOf(s), `/api/ws${q(s.tokens.SUPERVISOR)}`);
      expect(await silent.response).toBe('HTTP/1.1 101 Switching Protocols');

      const started = performance.now();
      await s.realtime.close();
      const closeMs = performance.now() - started;
      expect((await raw.closed).code).toBe(1001);
      expect(await boardGone).toBe('io server disconnect');
      const silentMs = (await silent.closed) - 0;
      console.log(`realtime.close() took ${Math.round(closeMs)} ms; the silent client was cut too`);
      expect(closeMs).toBeLessThan(2_000);
      expect(silentMs).toBeGreaterThan(0);
      await until(async () => (await connections(s)) === 0, 1_000, 'no connection left');

      // Closed servers take no new sockets.
      const late = rawUpgrade(portOf(s), `/api/ws${q(s.tokens.SUPERVISOR)}`);
      expect(await late.response).toMatch(/^HTTP\/1\.1 503 /);
      await late.closed;
    } finally {
      await s.close();
    }
  });
});
