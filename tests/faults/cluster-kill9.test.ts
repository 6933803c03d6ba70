import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignmentEvents, deliveryProblems, listenerSummary, unexpectedExits, waitCaughtUp, writesMissingFromLog } from '@/tests/faults/support/check';
import { startCluster, type Cluster } from '@/tests/faults/support/cluster';
import { sleep, timedFetch, waitFor } from '@/tests/faults/support/util';
import { statusCounts } from '@/tests/faults/support/writer';

/**
 * SPEC §7 "Clean shutdown", the unclean half: an instance killed with -9
 * under load. Its clients reconnect through nginx to the other one with
 * `since` and miss nothing; writes that were under way when it died are
 * retried with their Idempotency-Key; /api/ws/stats stops counting the dead
 * instance's sockets within 10 s.
 */
describe('kill -9 of one of two instances behind nginx, under 10 writes/s', () => {
  let c: Cluster;
  beforeAll(async () => {
    c = await startCluster();
  });
  afterAll(async () => {
    await c?.close();
  });

  it('loses no event, and /api/ws/stats is right within 10 s', async () => {
    const start = await c.head();
    const listeners = c.listen({ raw: 6, sio: 6 }, start);
    await waitFor(() => listeners.every((l) => l.live), { timeoutMs: 15_000, what: 'every listener live' });
    await waitFor(
      async () => {
        const rows = await c.sql<{ n: number }[]>`SELECT jsonb_array_length(clients) AS n FROM realtime_instances`;
        return rows.length === 2 && rows.every((r) => r.n > 0);
      },
      { timeoutMs: 10_000, what: 'sockets on both instances' },
    );

    const writer = c.write(10);
    await sleep(3_000);
    const [a] = c.instances;
    const killedAt = performance.now();
    a!.signal('SIGKILL');
    await a!.exited;

    // What /api/ws/stats says through nginx, until it counts exactly our (reconnected) clients.
    let stats: { status: number; body: unknown } = { status: 0, body: undefined };
    let statsRightMs = Number.POSITIVE_INFINITY;
    while (performance.now() - killedAt < 12_000) {
      stats = await timedFetch(`${c.url}/api/ws/stats`, { timeoutMs: 2_000 });
      const n = (stats.body as { active_connections?: number } | undefined)?.active_connections;
      if (stats.status === 200 && n === listeners.length && listeners.every((l) => l.live)) {
        statsRightMs = performance.now() - killedAt;
        break;
      }
      await sleep(250);
    }
    await sleep(1_000);
    await writer.stop();

    const head = await c.head();
    const catchUpMs = await waitCaughtUp(listeners, head, 10_000);
    const events = await assignmentEvents(c.sql, start);
    const report = {
      writes: writer.records.length,
      attempts: statusCounts(writer.records),
      retriedWrites: writer.records.filter((r) => r.attempts.length > 1).length,
      events: events.length,
      statsRightMs: Math.round(statsRightMs),
      lastStats: stats.status === 200 ? (stats.body as { active_connections: number }).active_connections : stats,
      catchUpMs: Math.round(catchUpMs),
    };
    console.log(`kill -9 behind nginx: ${JSON.stringify(report)}\n${listenerSummary(listeners)}`);

    expect(unexpectedExits(c.instances, [a!]).join('\n')).toBe('');
    expect(deliveryProblems(listeners, events)).toEqual([]);
    expect(listeners.filter((l) => l.gaveUp || l.resyncs)).toEqual([]);
    expect(writesMissingFromLog(writer.records, events)).toEqual([]);
    expect(writer.records.filter((r) => r.status === 500 || r.attempts.some((t) => t.status === 500))).toEqual([]);
    expect(writer.records.filter((r) => r.status < 200 || r.status >= 300).map((r) => ({ op: r.op, attempts: r.attempts }))).toEqual([]);
    expect(statsRightMs).toBeLessThan(10_000);
  });
});
