import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignmentEvents, deliveryProblems, listenerSummary, unexpectedExits, waitCaughtUp, writesMissingFromLog } from '@/tests/faults/support/check';
import { startCluster, type Cluster } from '@/tests/faults/support/cluster';
import { sleep, waitFor } from '@/tests/faults/support/util';
import { startReader, statusCounts } from '@/tests/faults/support/writer';

/**
 * SPEC §7 "Clean shutdown", through nginx (deploy/nginx.conf): an instance
 * that gets SIGTERM under load answers what it has, closes its sockets and
 * exits; its clients continue through the other instance with nothing lost,
 * and no request through nginx fails (nginx passes idempotent ones on; the
 * writer retries 502/503 with the same Idempotency-Key).
 */
describe('SIGTERM of one of two instances behind nginx, under 10 writes/s', () => {
  let c: Cluster;
  beforeAll(async () => {
    c = await startCluster();
  });
  afterAll(async () => {
    await c?.close();
  });

  it('loses no event and fails no request, and the instance exits within 5 s of its last request', async () => {
    const start = await c.head();
    const listeners = c.listen({ raw: 6, sio: 6 }, start);
    await waitFor(() => listeners.every((l) => l.live), { timeoutMs: 15_000, what: 'every listener live' });
    // Both instances hold some of them (least_conn spreads concurrent connects).
    await waitFor(
      async () => {
        const rows = await c.sql<{ id: string; n: number }[]>`SELECT id, jsonb_array_length(clients) AS n FROM realtime_instances`;
        return rows.length === 2 && rows.every((r) => r.n > 0);
      },
      { timeoutMs: 10_000, what: 'sockets on both instances' },
    );

    const writer = c.write(10);
    const reader = startReader(c.url, c.tokens.listener, 10);
    await sleep(3_000);
    const [a] = c.instances;
    const signalAt = Date.now();
    a!.signal('SIGTERM');
    const exit = await Promise.race([a!.exited, sleep(15_000).then(() => undefined)]);
    await sleep(3_000);
    await Promise.all([writer.stop(), reader.stop()]);

    const head = await c.head();
    const catchUpMs = await waitCaughtUp(listeners, head, 10_000);
    const events = await assignmentEvents(c.sql, start);
    const retried = writer.records.filter((r) => r.attempts.length > 1);
    const report = {
      writes: writer.records.length,
      attempts: statusCounts(writer.records),
      retriedWrites: retried.length,
      reads: reader.statuses,
      events: events.length,
      exit: exit && {
        code: exit.code,
        signal: exit.signal,
        msAfterSignal: exit.exitAt - signalAt,
        msAfterLastResponse: exit.exitAt - Math.max(exit.lastResponseAt, signalAt),
      },
      catchUpMs: Math.round(catchUpMs),
    };
    console.log(`SIGTERM behind nginx: ${JSON.stringify(report)}\n${listenerSummary(listeners)}`);

    expect(unexpectedExits(c.instances, [a!]).join('\n')).toBe('');
    expect(exit, `instance A still running 15 s after SIGTERM:\n${a!.output()}`).toBeDefined();
    expect(exit!.code).toBe(0);
    expect(exit!.exitAt - Math.max(exit!.lastResponseAt, signalAt)).toBeLessThan(5_000);
    expect(deliveryProblems(listeners, events)).toEqual([]);
    expect(listeners.filter((l) => l.gaveUp || l.resyncs)).toEqual([]);
    expect(writesMissingFromLog(writer.records, events)).toEqual([]);
    // Every write ends 2xx; every read through nginx is answered 200.
    expect(writer.records.filter((r) => r.status < 200 || r.status >= 300).map((r) => ({ op: r.op, attempts: r.attempts }))).toEqual([]);
    expect(Object.keys(reader.statuses)).toEqual(['200']);
  });
});
