import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '@/server/db/client';
import { startDbFaultSetup, startWriteLoad, writesMissingFromLog, percentile, type DbFaultSetup } from '../support/db-fault';
import { sleep, timedFetch } from './support/util';

/**
 * postgres.js 3.4.9 crashed the process (a TypeError from a setImmediate in
 * nextWrite) and left connections that never answered again when backends
 * died; scripts/patch-postgres.mjs repairs it. These tests kill backends the
 * way a managed database's failover does.
 */
describe('killed database backends', () => {
  let setup: DbFaultSetup;
  const uncaught: unknown[] = [];
  const onUncaught = (error: unknown) => uncaught.push(error);

  beforeAll(async () => {
    process.on('uncaughtException', onUncaught);
    process.on('unhandledRejection', onUncaught);
    setup = await startDbFaultSetup();
  });
  afterAll(async () => {
    process.off('uncaughtException', onUncaught);
    process.off('unhandledRejection', onUncaught);
    await setup?.close();
  });

  it('a reserved connection whose backend was terminated rejects its next queries catchably, and the pool recovers', async () => {
    const db = createDb(setup.pg.url, 2);
    try {
      const reserved = await db.$client.reserve();
      const [row] = await reserved<{ pid: number }[]>`SELECT pg_backend_pid() AS pid`;
      const pid = row!.pid;
      await setup.app.db.$client`SELECT pg_terminate_backend(${pid})`;
      await sleep(100);
      const settle = (p: Promise<unknown>) =>
        Promise.race([
          p.then(
            () => 'resolved',
            (e: { code?: string }) => `rejected ${e.code}`,
          ),
          sleep(3_000).then(() => 'hung'),
        ]);
      expect(await settle(reserved`SELECT 1`)).toBe('rejected CONNECTION_CLOSED');
      expect(await settle(reserved`SELECT 1`)).toBe('rejected CONNECTION_CLOSED');
      reserved.release();
      // Back in the pool the connection reconnects instead of failing (or hanging) every query.
      for (let i = 0; i < 4; i++) expect(await settle(db.$client`SELECT 1`)).toBe('resolved');
      await sleep(50);
      expect(uncaught).toEqual([]);
    } finally {
      await db.$client.end({ timeout: 1 });
    }
  });

  it('a reservation whose connection closed never sends into the session the pool reconnected it for, and fails what it had queued', async () => {
    // One connection: after its backend dies the pool reconnects that same
    // connection for the next waiter, while the old reservation still holds it.
    const db = createDb(setup.pg.url, 1);
    try {
      const reserved = await db.$client.reserve();
      const [row] = await reserved<{ pid: number }[]>`SELECT pg_backend_pid() AS pid`;
      await reserved`BEGIN`;
      // A slow statement, then statements whose first use needs a describe: they queue behind it,
      // as the write path's statements do on a new connection. The backend dies under them.
      const busy = reserved`SELECT pg_sleep(2)`.then(
        () => 'resolved',
        (e: { code?: string }) => `rejected ${e.code}`,
      );
      const queued = [reserved`SELECT ${1}::int AS a`, reserved`SELECT ${2}::int AS b`, reserved`SELECT ${3}::int AS c`].map((q) =>
        q.then(
          () => 'resolved',
          (e: { code?: string }) => `rejected ${e.code}`,
        ),
      );
      // Waits for the pool's one connection, which the reservation holds.
      const waiter = db.$client<{ pid: number }[]>`SELECT pg_backend_pid() AS pid`.then(
        (r) => r,
        (e: Error) => e,
      );
      await sleep(200);
      await setup.app.db.$client`SELECT pg_terminate_backend(${row!.pid})`;
      const settled = await Promise.race([Promise.all([busy, ...queued]), sleep(3_000).then(() => 'hung')]);
      expect(settled).not.toBe('hung');
      expect((settled as string[]).every((s) => s.startsWith('rejected'))).toBe(true);
      const other = await Promise.race([waiter, sleep(3_000).then(() => 'hung' as const)]);
      expect(other).toEqual([{ pid: expect.any(Number) }]);
      expect((other as { pid: number }[])[0]!.pid).not.toBe(row!.pid);
      // The waiter's session now lives on that connection; the old reservation's statements must not reach it.
      expect(
        await reserved`SELECT pg_backend_pid() AS pid`.then(
          (r) => `ran in ${r[0]!.pid}`,
          (e: { code?: string }) => `rejected ${e.code}`,
        ),
      ).toBe('rejected CONNECTION_CLOSED');
      reserved.release();
      expect(uncaught).toEqual([]);
    } finally {
      await db.$client.end({ timeout: 1 });
    }
  });

  it('all backends killed three times under write load: no 500, no uncaught error, every 2xx write in the log, then 60 concurrent requests answer within 3 s', async () => {
    const { app, pg } = setup;
    const load = startWriteLoad(app, { workers: 8 });
    await load.ready;
    let killed = 0;
    for (let round = 0; round < 3; round++) {
      await sleep(1_200);
      killed += await pg.killBackends();
    }
    await sleep(1_000);
    await load.stop();

    const statuses = load.outcomes.map((o) => o.status);
    const count = (s: number) => statuses.filter((x) => x === s).length;
    const fiveHundreds = load.outcomes.filter((o) => o.status >= 500 && o.status !== 503);
    const unavailable = load.outcomes.filter((o) => o.status === 503);
    console.log(
      `backends killed: ${killed}; answers: ${load.outcomes.length} (2xx ${statuses.filter((s) => s >= 200 && s < 300).length}, 409 ${count(409)}, 503 ${unavailable.length}` +
        ` of which outcome unknown ${unavailable.filter((o) => o.body?.outcome === 'unknown').length}, 500 ${fiveHundreds.length}, no answer ${count(0)}); p99 ${Math.round(
          percentile(
            load.outcomes.map((o) => o.ms),
            99,
          ),
        )} ms`,
    );
    expect(killed).toBeGreaterThan(0);
    expect(fiveHundreds).toEqual([]);
    expect(count(0)).toBe(0);
    for (const o of unavailable) expect(o.retryAfter).toBeTruthy();
    expect(uncaught).toEqual([]);
    expect(await writesMissingFromLog(app, load.outcomes)).toEqual([]);

    const headers = { Authorization: `Bearer ${app.tokens.OPERATOR}`, 'Content-Type': 'application/json' };
    const burst = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        i % 2
          ? timedFetch(`${app.url}/api/ramps`, { headers, timeoutMs: 10_000 })
          : timedFetch(`${app.url}/api/loads`, {
              method: 'POST',
              headers,
              body: JSON.stringify({ reference: `AFTER-${i}`, direction: 'IB' }),
              timeoutMs: 10_000,
            }),
      ),
    );
    const slowest = Math.max(...burst.map((b) => b.ms));
    console.log(`after the kills: 60 concurrent requests, slowest ${Math.round(slowest)} ms, statuses ${[...new Set(burst.map((b) => b.status))].join(',')}`);
    expect(burst.map((b) => b.status).filter((s) => s !== 200 && s !== 201)).toEqual([]);
    expect(slowest).toBeLessThan(3_000);
  });
});
