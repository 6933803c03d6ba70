import postgres from 'postgres';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOARD_NAMESPACE } from '@/lib/realtime';
import { createDb } from '@/server/db/client';
import { migrateDatabase } from '@/server/db/migrate';
import { seedDemoData } from '@/server/db/seed';
import { startOwnPostgres, type OwnPostgres } from '@/tests/support/own-postgres';
import { connectBoard, connectRaw, type BoardClient, type RawClient } from '@/tests/support/sockets';
import { api, startInstance, type TestServer } from '@/tests/support/test-server';

/**
 * Sockets are live or closed: when the database fails while a socket is being
 * authenticated or caught up, the raw WebSocket closes with 1013 and Socket.IO
 * disconnects (or refuses with `unavailable`), and reconnecting with `since`
 * once the database is back yields every event of board_events, in order.
 */
let pg: OwnPostgres;
let s: TestServer;

beforeAll(async () => {
  pg = await startOwnPostgres();
  await migrateDatabase(pg.url);
  const seed = createDb(pg.url, 2);
  await seedDemoData(seed);
  await seed.$client.end();
  // A ring of one event: the sockets below are further behind, so their catch-up must read the database.
  s = await startInstance(pg.url, { DATABASE_POOL_SIZE: '6', REALTIME_RING_EVENTS: '1' });
}, 120_000);

afterAll(async () => {
  await s?.close().catch(() => {});
  await pg?.destroy();
});

const q = (token: string, extra = '') => `?token=${encodeURIComponent(token)}${extra}`;
const BROADCAST = ['assignment', 'load', 'ramp', 'status'];

/** The log as a fresh connection reads it (the app's pool may be mid-reconnect). */
async function logSeqs(after: number, entities: string[]): Promise<number[]> {
  const sql = postgres(pg.url, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql`SELECT seq FROM board_events WHERE seq > ${after} AND entity = ANY(${entities}) ORDER BY seq`;
    return rows.map((r) => Number(r.seq));
  } finally {
    await sql.end();
  }
}

async function headSeq(): Promise<number> {
  const sql = postgres(pg.url, { max: 1, onnotice: () => {} });
  try {
    return Number((await sql`SELECT seq FROM event_counter`)[0]!.seq);
  } finally {
    await sql.end();
  }
}

let slot = 0;
/** One load and its assignment: a load event, then an assignment event. */
async function writeAssignment(): Promise<void> {
  const direction = slot % 2 ? 'IB' : 'OB';
  const load = await api(s, 'POST', '/api/loads', { token: s.tokens.ADMIN, body: { reference: `FAULT-${slot}`, direction } });
  expect(load.status, JSON.stringify(load.body)).toBe(201);
  const start = Date.parse('2035-03-01T00:00:00Z') + slot++ * 3_600_000;
  const a = await api(s, 'POST', '/api/assignments', {
    token: s.tokens.OPERATOR,
    body: {
      ramp_id: direction === 'IB' ? 6 : 4,
      load_id: load.body.id,
      eta_in: new Date(start).toISOString(),
      eta_out: new Date(start + 1_800_000).toISOString(),
    },
  });
  expect(a.status, JSON.stringify(a.body)).toBe(201);
}

/**
 * Holds an exclusive lock on the event log so that a catch-up read waits on
 * it: the moment to stop PostgreSQL under a socket that is mid-catch-up.
 */
async function lockEventLog(): Promise<void> {
  const locker = postgres(pg.url, { max: 1, onnotice: () => {} });
  const locked = new Promise<void>((resolve) => {
    locker
      .begin(async (tx) => {
        await tx`LOCK TABLE board_events, event_counter IN ACCESS EXCLUSIVE MODE`;
        resolve();
        await new Promise(() => {}); // until the server goes away
      })
      .catch(() => {});
  });
  await locked;
}

/** Waits until an app backend is blocked on that lock (a catch-up read). */
async function untilCatchUpWaits(): Promise<void> {
  const sql = postgres(pg.url, { max: 1, onnotice: () => {} });
  try {
    for (const deadline = Date.now() + 10_000; Date.now() < deadline; ) {
      const [row] = await sql`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'dcdock' AND wait_event_type = 'Lock'`;
      if (row!.n > 0) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error('no catch-up read waited on the lock');
  } finally {
    await sql.end();
  }
}

async function untilDatabaseAnswers(): Promise<void> {
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; ) {
    const r = await api(s, 'GET', '/api/users/me', { token: s.tokens.ADMIN }).catch(() => null);
    if (r?.status === 200) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the app did not reach the database again');
}

/** A Socket.IO connection attempt's outcome: connected, or the connect_error message. */
function trySocketIo(auth: Record<string, unknown>): Promise<{ connected: boolean; message?: string; ms: number }> {
  const started = performance.now();
  const socket = io(`${s.url}${BOARD_NAMESPACE}`, { auth, transports: ['websocket'], reconnection: false });
  return new Promise((resolve) => {
    socket.once('connect', () => {
      socket.disconnect();
      resolve({ connected: true, ms: performance.now() - started });
    });
    socket.once('connect_error', (err) => {
      socket.disconnect();
      resolve({ connected: false, message: err.message, ms: performance.now() - started });
    });
  });
}

describe('database failure while a socket connects', () => {
  let since = 0;
  let raw: RawClient;
  let board: BoardClient;
  let boardGone: Promise<{ reason: string; ms: number }>;

  it('a raw socket and a Socket.IO socket mid-catch-up are closed (1013 / server disconnect) within 2 s of PostgreSQL stopping', {
    timeout: 60_000,
  }, async () => {
    since = await headSeq();
    for (let i = 0; i < 4; i++) await writeAssignment();

    await lockEventLog();
    // No &direction=: the server waits ~500 ms for a subscribe, then reads the log (and waits on the lock).
    raw = await connectRaw(s.url, q(s.tokens.SUPERVISOR, `&since=${since}`));
    await raw.until((m) => m.some((x) => x.type === 'connection_ack'));
    await untilCatchUpWaits();
    board = await connectBoard(s.url, { token: s.tokens.SUPERVISOR, since });
    let stoppedAt = 0;
    boardGone = new Promise((resolve) => board.socket.once('disconnect', (reason) => resolve({ reason, ms: performance.now() - stoppedAt })));

    stoppedAt = performance.now();
    await pg.stop('fast');
    const closed = await raw.closed;
    const rawMs = performance.now() - stoppedAt;
    const gone = await boardGone;
    console.log(`closed after PostgreSQL stopped: raw ${Math.round(rawMs)} ms (code ${closed.code}), Socket.IO ${Math.round(gone.ms)} ms (${gone.reason})`);
    expect(closed.code).toBe(1013);
    expect(closed.reason).toBe('Try again later');
    expect(rawMs).toBeLessThan(2_000);
    expect(gone.reason).toBe('io server disconnect');
    expect(gone.ms).toBeLessThan(2_000);
    // The replay never started: nothing was sent, so nothing can be missing.
    expect(raw.events()).toEqual([]);
    expect(board.events()).toEqual([]);
  });

  it('while PostgreSQL is down: raw connects close with 1013 (not 1008), Socket.IO refuses with "unavailable", /api/ws/stats answers 503 with Retry-After', {
    timeout: 30_000,
  }, async () => {
    const started = performance.now();
    const refused = await connectRaw(s.url, q(s.tokens.SUPERVISOR));
    const closed = await refused.closed;
    const rawMs = performance.now() - started;
    expect(closed.code).toBe(1013);
    expect(closed.reason).toBe('Try again later');
    expect(rawMs).toBeLessThan(2_000);

    // A bad token is still the client's fault, database or not.
    const bad = await connectRaw(s.url, q('not-a-token'));
    expect((await bad.closed).code).toBe(1008);

    const sio = await trySocketIo({ token: s.tokens.SUPERVISOR, since });
    expect(sio).toMatchObject({ connected: false, message: 'unavailable' });
    expect(sio.ms).toBeLessThan(2_000);
    const tv = await trySocketIo({ display: 'a-well-formed-display-token-0123456789' });
    expect(tv).toMatchObject({ connected: false, message: 'unavailable' });

    const statsStarted = performance.now();
    const stats = await api(s, 'GET', '/api/ws/stats');
    const statsMs = performance.now() - statsStarted;
    console.log(
      `while down: raw refused in ${Math.round(rawMs)} ms, Socket.IO in ${Math.round(sio.ms)} ms, stats ${stats.status} in ${Math.round(statsMs)} ms`,
    );
    expect(stats.status).toBe(503);
    expect(Number(stats.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(JSON.stringify(stats.body)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|postgres/i);
    expect(statsMs).toBeLessThan(2_000);
  });

  it('after PostgreSQL is back, reconnecting with since yields every event after that seq, in order, none missing, then live ones', {
    timeout: 60_000,
  }, async () => {
    await pg.start();
    await untilDatabaseAnswers();
    for (let i = 0; i < 3; i++) await writeAssignment();

    const again = await connectRaw(s.url, q(s.tokens.SUPERVISOR, `&since=${since}`));
    const boardAgain = await connectBoard(s.url, { token: s.tokens.SUPERVISOR, since });
    await boardAgain.until((m) => m.some((x) => x.type === 'caught_up'));
    const wantRaw = await logSeqs(since, ['assignment']);
    const wantBoard = await logSeqs(since, BROADCAST);
    expect(wantRaw).toHaveLength(7);
    await again.until(() => again.events().length >= wantRaw.length, 10_000, 'raw replay');
    expect(again.events().map((e) => e.seq)).toEqual(wantRaw);
    expect(boardAgain.events().map((e) => e.seq)).toEqual(wantBoard);

    // And they are live, not merely replayed.
    await writeAssignment();
    const liveRaw = await logSeqs(since, ['assignment']);
    const liveBoard = await logSeqs(since, BROADCAST);
    await again.until(() => again.events().length >= liveRaw.length, 15_000, 'raw live event');
    await boardAgain.until(() => boardAgain.events().length >= liveBoard.length, 15_000, 'Socket.IO live event');
    expect(again.events().map((e) => e.seq)).toEqual(liveRaw);
    expect(boardAgain.events().map((e) => e.seq)).toEqual(liveBoard);
    again.close();
    boardAgain.close();
  });
});
