import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboundEvent } from '@/server/events/outbound-event';
import { startDbFaultSetup, startWriteLoad, writesMissingFromLog, percentile, type DbFaultSetup } from '../support/db-fault';
import { connectRaw, type RawClient } from '../support/sockets';
import { sleep, timedFetch, waitFor } from './support/util';

/**
 * PostgreSQL stopped for 5 s under about 10 writes/s (SPEC §7 "Database
 * trouble fails fast"). Before the pool had deadlines, requests got 500s and
 * then waited on postgres.js's reconnect back-off (up to 20 s); /api/ready took
 * as long.
 */
describe('PostgreSQL stopped for 5 s under load', () => {
  let setup: DbFaultSetup;
  beforeAll(async () => {
    setup = await startDbFaultSetup();
  });
  afterAll(() => setup?.close());

  it('answers 503 + Retry-After within 2 s, ready 503 within 1 s, health 200; recovers without a restart and loses no event', async () => {
    const { app, pg } = setup;
    const fromSeq = app.realtime.hub.lastSeq;
    // What the fan-out hands to the sockets, in order.
    const delivered: number[] = [];
    const record = (e: OutboundEvent) => delivered.push(e.seq);
    app.realtime.hub.addSink({ deliver: record, control: record, conflict: () => {} });
    // A raw WebSocket client that, if closed, reconnects with `since` like the seed's clients.
    const raw = { seqs: [] as number[], client: undefined as RawClient | undefined, stopped: false };
    const connect = async (since: number) => {
      while (!raw.stopped) {
        try {
          const c = await connectRaw(app.url, `?token=${app.tokens.SUPERVISOR}&since=${since}`);
          c.ws.on('message', (data) => {
            const m = JSON.parse(data.toString()) as { seq?: number; type: string };
            if (typeof m.seq === 'number' && m.type.startsWith('assignment_')) raw.seqs.push(m.seq);
          });
          raw.client = c;
          void c.closed.then(() => void connect(raw.seqs.at(-1) ?? since));
          return;
        } catch {
          await sleep(300);
        }
      }
    };
    await connect(fromSeq);

    const load = startWriteLoad(app, { perSecond: 10 }, 10_000);
    await load.ready;
    await sleep(1_500);

    const probes: { kind: string; status: number; ms: number; retryAfter: string | null }[] = [];
    let probing = true;
    const probeLoop = (async () => {
      while (probing) {
        for (const kind of ['ready', 'health'] as const) {
          const r = await timedFetch(`${app.url}/api/${kind}`, { timeoutMs: 5_000 });
          probes.push({ kind, status: r.status, ms: r.ms, retryAfter: r.headers?.get('retry-after') ?? null });
        }
        await sleep(200);
      }
    })();

    const stopAt = performance.now();
    await pg.stop('fast');
    const downFrom = probes.length;
    await sleep(5_000);
    const downTo = probes.length;
    await pg.start();
    const upAt = performance.now();
    probing = false;
    await probeLoop;

    // The next requests succeed, with no restart.
    const headers = { Authorization: `Bearer ${app.tokens.OPERATOR}`, 'Content-Type': 'application/json' };
    const recoveredMs = await waitFor(async () => (await timedFetch(`${app.url}/api/ramps`, { headers, timeoutMs: 2_000 })).status === 200, {
      timeoutMs: 10_000,
      what: 'a read after PostgreSQL started',
    });
    const recoveredAt = performance.now();
    await sleep(2_000);
    await load.stop();

    const during = load.outcomes.filter((o) => o.status === 503);
    const bad = load.outcomes.filter((o) => !(o.status >= 200 && o.status < 300) && o.status !== 503 && o.status !== 409);
    const slow = load.outcomes.filter((o) => o.ms >= 2_000);
    const downProbes = probes.slice(downFrom, downTo);
    const ready = downProbes.filter((p) => p.kind === 'ready');
    const health = downProbes.filter((p) => p.kind === 'health');
    const afterStart = load.outcomes.filter((o) => load.startedAt + o.at > recoveredAt);
    const stoppedMs = upAt - stopAt;
    console.log(
      `answers ${load.outcomes.length}: 2xx ${load.outcomes.filter((o) => o.status < 300).length}, 503 ${during.length} (p50 ${Math.round(
        percentile(
          during.map((o) => o.ms),
          50,
        ),
      )} ms, max ${Math.round(Math.max(0, ...during.map((o) => o.ms)))} ms), other ${bad.length}; ` +
        `slowest answer ${Math.round(Math.max(...load.outcomes.map((o) => o.ms)))} ms; ready while down: ${ready.length} × ${[...new Set(ready.map((p) => p.status))].join('/')} (max ${Math.round(Math.max(0, ...ready.map((p) => p.ms)))} ms); ` +
        `health while down: ${[...new Set(health.map((p) => p.status))].join('/')}; down ${Math.round(stoppedMs)} ms, first read OK ${Math.round(recoveredMs)} ms after start; events delivered ${delivered.length}, raw socket got ${raw.seqs.length}`,
    );

    expect(bad).toEqual([]);
    expect(slow).toEqual([]);
    expect(during.length).toBeGreaterThan(0);
    for (const o of during) expect(o.retryAfter).toBeTruthy();
    for (const o of during) expect(JSON.stringify(o.body)).not.toMatch(/127\.0\.0\.1|ECONN|CONNECTION_|postgres/i);
    expect(ready.length).toBeGreaterThan(3);
    for (const p of ready) expect(p).toMatchObject({ status: 503 });
    for (const p of ready) expect(p.ms).toBeLessThan(1_000);
    for (const p of health) expect(p.status).toBe(200);
    // After the database returned, writes succeed again.
    expect(afterStart.length).toBeGreaterThan(0);
    expect(afterStart.filter((o) => o.status >= 500)).toEqual([]);
    expect(await writesMissingFromLog(app, load.outcomes)).toEqual([]);

    // Every committed event reached the fan-out once, in order, and the raw socket got every assignment event.
    const log = await app.db.$client<{ seq: string; entity: string }[]>`SELECT seq, entity FROM board_events WHERE seq > ${fromSeq} ORDER BY seq`;
    const all = log.map((r) => Number(r.seq));
    await waitFor(() => delivered.length >= all.length, { timeoutMs: 10_000, what: 'the hub to deliver every event' });
    expect(delivered).toEqual(all);
    const assignmentSeqs = log.filter((r) => r.entity === 'assignment').map((r) => Number(r.seq));
    await waitFor(() => raw.seqs.length >= assignmentSeqs.length, { timeoutMs: 10_000, what: 'the raw socket to get every assignment event' });
    expect(raw.seqs).toEqual(assignmentSeqs);
    raw.stopped = true;
    raw.client?.close();
  });
});
