import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignmentEvents, deliveryProblems, listenerSummary, unexpectedExits, waitCaughtUp, writesMissingFromLog } from '@/tests/faults/support/check';
import { startCluster, type Cluster } from '@/tests/faults/support/cluster';
import { sleep, timedFetch, waitFor } from '@/tests/faults/support/util';
import { startReader, statusCounts } from '@/tests/faults/support/writer';

/**
 * SPEC §7 "Database trouble fails fast", the failover half: every backend of
 * the app's database terminated (pg_terminate_backend, as a managed failover
 * does), three times, under load, two instances behind nginx. No 500; a
 * write whose outcome the server cannot know answers 503 and its retry with
 * the same Idempotency-Key settles it; no connection stays broken, so
 * afterwards 60 concurrent requests per instance all answer within 3 s; every
 * client has every event.
 */
describe('all database backends killed three times under 10 writes/s, two instances behind nginx', () => {
  let c: Cluster;
  beforeAll(async () => {
    c = await startCluster();
  });
  afterAll(async () => {
    await c?.close();
  });

  it('never answers 500, leaves no broken connection and loses no event', async () => {
    const start = await c.head();
    const listeners = c.listen({ raw: 6, sio: 6 }, start);
    await waitFor(() => listeners.every((l) => l.live), { timeoutMs: 15_000, what: 'every listener live' });

    const writer = c.write(10, { retryForMs: 15_000 });
    const reader = startReader(c.url, c.tokens.listener, 10);
    const killed: number[] = [];
    for (let i = 0; i < 3; i++) {
      await sleep(2_000);
      // Kill while requests are in flight, as a failover under real load does.
      writer.burst(10);
      reader.burst(20);
      await sleep(5);
      killed.push(await c.pg.killBackends());
    }
    await sleep(2_000);
    await Promise.all([writer.stop(), reader.stop()]);

    // No hang afterwards: 60 at once straight to each instance, and through nginx.
    const burst = async (url: string) =>
      Promise.all(
        Array.from({ length: 60 }, () =>
          timedFetch(`${url}/api/assignments?limit=5`, { headers: { Authorization: `Bearer ${c.tokens.listener}` }, timeoutMs: 10_000 }),
        ),
      );
    const bursts = await Promise.all([...c.instances.map((i) => burst(i.url)), burst(c.url)]);
    const ready = await Promise.all(c.instances.map((i) => timedFetch(`${i.url}/api/ready`, { timeoutMs: 3_000 })));

    const head = await c.head();
    const catchUpMs = await waitCaughtUp(listeners, head, 10_000);
    const events = await assignmentEvents(c.sql, start);
    const report = {
      killed,
      writes: writer.records.length,
      attempts: statusCounts(writer.records),
      retriedWrites: writer.records.filter((r) => r.attempts.length > 1).length,
      unanswered: writer.records.flatMap((r) => r.attempts.filter((t) => t.status === 0).map((t) => `${r.op} ${Math.round(t.ms)} ms: ${t.error}`)),
      slowestAttempts: writer.records
        .flatMap((r) => r.attempts.map((t) => ({ op: r.op, status: t.status, ms: Math.round(t.ms) })))
        .sort((x, y) => y.ms - x.ms)
        .slice(0, 3),
      slowestReadMs: Math.round(reader.slowest),
      reads: reader.statuses,
      bursts: bursts.map((b) => ({ statuses: [...new Set(b.map((r) => r.status))], maxMs: Math.round(Math.max(...b.map((r) => r.ms))) })),
      ready: ready.map((r) => r.status),
      events: events.length,
      catchUpMs: Math.round(catchUpMs),
    };
    console.log(`backends killed ×3 behind nginx: ${JSON.stringify(report)}\n${listenerSummary(listeners)}`);

    expect(unexpectedExits(c.instances).join('\n')).toBe('');
    expect(killed.every((n) => n > 0)).toBe(true);
    expect(writer.records.filter((r) => r.attempts.some((a) => a.status === 500)).map((r) => r.attempts)).toEqual([]);
    expect(reader.statuses['500']).toBeUndefined();
    // Nothing hangs: every attempt got an answer (the writer gives each 10 s).
    expect(report.unanswered).toEqual([]);
    expect(reader.statuses['0']).toBeUndefined();
    expect(writer.records.filter((r) => r.status < 200 || r.status >= 300).map((r) => ({ op: r.op, attempts: r.attempts }))).toEqual([]);
    expect(writesMissingFromLog(writer.records, events)).toEqual([]);
    for (const b of bursts)
      expect(b.filter((r) => r.status !== 200 || r.ms > 3_000).map((r) => ({ status: r.status, ms: Math.round(r.ms), error: r.error }))).toEqual([]);
    expect(ready.map((r) => r.status)).toEqual([200, 200]);
    expect(deliveryProblems(listeners, events)).toEqual([]);
    expect(listeners.filter((l) => l.gaveUp || l.resyncs)).toEqual([]);
  });
});
