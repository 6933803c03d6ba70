/**
 * One server under test in bench/fanout.ts: open the clients, write through
 * the REST API at a fixed rate, wait for the deliveries, and measure the
 * server, the load generator and the machine over that window.
 */
import { availableParallelism, loadavg } from 'node:os';
import { analyze, expectedDeliveries, summarize, type Analysis, type Summary } from '@/bench/analyze';
import { LoopMonitor, type EventRecord, type Measurement } from '@/bench/child-protocol';
import { closeAll, connectAll, splitSpecs, type SioClient } from '@/bench/clients';
import type { ChildServer } from '@/bench/fanout-child';
import type { Setup } from '@/bench/fanout-setup';
import { log, machineCpu, postgresCpuMs, sleep } from '@/bench/lib-util';
import { runWriter } from '@/bench/writer';

/** The options of bench/fanout.ts that shape a run. */
export type PhaseOptions = { clients: number; raw: number; rate: number; seconds: number; batch: number; sioClient: SioClient };

export type PhaseResult = Analysis & {
  clients: {
    socketIo: { requested: number; connected: number };
    raw: { requested: number; connected: number };
    failures: string[];
    connectSeconds: number;
    droppedEarly: number;
  };
  writes: { sent: number; skipped: number; ok: number; failed: number; errors: string[]; achievedPerSecond: number; restMs: Summary };
  events: number;
  rawPayloadBytesMean: number;
  server: {
    rssBeforeMB: number;
    rssAfterMB: number;
    rssPerSocketKB: number;
    eventLoopDelayMs: Measurement['eventLoopDelayMs'];
    cpuPctOfOneCore: number;
    /** Server CPU over the window divided by the deliveries: the cost of one delivered message, writes included. */
    cpuUsPerDelivery: number;
  };
  loadGenerator: {
    eventLoopDelayMs: Measurement['eventLoopDelayMs'];
    cpuPctOfOneCore: number;
    /** Generator CPU over the window (writer included) divided by the deliveries: what --sio-client changes. */
    cpuUsPerDelivery: number;
  };
  /** The whole machine over the measured window: all processes, ours and anyone else's. */
  machine: {
    cpuBusyPctOfAllCores: number;
    stealPct: number;
    loadAvg1mStart: number;
    loadAvg1mEnd: number;
    postgresCpuPctOfOneCore: number;
    otherProcessesCpuPctOfOneCore: number;
  };
  drainSeconds: number;
};

export async function runPhase(child: ChildServer, setup: Setup, opts: PhaseOptions, clusterDir: string): Promise<PhaseResult> {
  const specs = [...splitSpecs('socket.io', opts.clients), ...splitSpecs('raw', opts.raw)];
  const rssBefore = await child.rss();
  log(`${child.name}: opening ${opts.clients} Socket.IO (${opts.sioClient} client) + ${opts.raw} raw clients (${opts.batch} at a time)`);
  const connectStarted = performance.now();
  let nextReport = 1000;
  const { listeners, failures } = await connectAll(child.url, setup.listenerToken, specs, {
    batch: opts.batch,
    timeoutMs: 30_000,
    sioClient: opts.sioClient,
    onProgress: (done) => {
      if (done < nextReport) return;
      log(`  ${done}/${specs.length} connected`);
      nextReport += 1000;
    },
  });
  const connectSeconds = (performance.now() - connectStarted) / 1000;
  log(
    `${child.name}: ${listeners.length}/${specs.length} ready in ${connectSeconds.toFixed(1)} s${failures.length ? `, ${failures.length} failed (${failures[0]})` : ''}`,
  );
  await sleep(1000);
  const rssAfter = await child.rss();

  const head = await child.call<number>('head');
  const cpuStart = machineCpu();
  const pgStart = postgresCpuMs(clusterDir);
  const loadStart = loadavg()[0]!;
  const loadGen = new LoopMonitor();
  loadGen.start();
  await child.call('measure-start');
  log(`${child.name}: writing ${opts.rate}/s for ${opts.seconds} s`);
  const { records: writes, skipped } = await runWriter({
    url: child.url,
    token: setup.writerToken,
    rate: opts.rate,
    seconds: opts.seconds,
    loads: setup.loads,
    ramps: setup.ramps,
    statuses: setup.statuses,
    seed: 42,
  });
  const events = await child.call<EventRecord[]>('events', { since: head });
  const expected = expectedDeliveries(listeners, events);
  const received = () => listeners.reduce((n, l) => n + l.seqs.length, 0);
  // Wait for the stragglers while they keep coming (10 s without progress, or 3 min, ends it).
  const drainStarted = performance.now();
  let seen = received();
  let progressAt = performance.now();
  while (received() < expected && performance.now() - progressAt < 10_000 && performance.now() - drainStarted < 180_000) {
    await sleep(50);
    if (received() !== seen) {
      seen = received();
      progressAt = performance.now();
    }
  }
  const drainSeconds = (performance.now() - drainStarted) / 1000;
  await sleep(300); // late duplicates would show up here
  const serverLoop = await child.call<Measurement>('measure-stop');
  const clientLoop = loadGen.stop();
  const cpuEnd = machineCpu();
  const pgCpuPct = (100 * (postgresCpuMs(clusterDir) - pgStart)) / serverLoop.wallMs;
  const machineBusyPct = (100 * (cpuEnd.busy - cpuStart.busy)) / Math.max(1, cpuEnd.total - cpuStart.total);
  const serverCpuPct = (100 * serverLoop.cpuMs) / serverLoop.wallMs;
  const loadGenCpuPct = (100 * clientLoop.cpuMs) / clientLoop.wallMs;

  const analysis = analyze(listeners, events, writes);
  const ok = writes.filter((w) => w.key);
  const rawListeners = listeners.filter((l) => l.kind === 'raw');
  const rawMessages = rawListeners.reduce((n, l) => n + l.seqs.length, 0);
  const result: PhaseResult = {
    clients: {
      socketIo: { requested: opts.clients, connected: listeners.filter((l) => l.kind === 'socket.io').length },
      raw: { requested: opts.raw, connected: rawListeners.length },
      failures: [...new Set(failures)].slice(0, 5),
      connectSeconds,
      droppedEarly: listeners.filter((l) => l.droppedEarly).length,
    },
    writes: {
      sent: writes.length,
      skipped,
      ok: ok.length,
      failed: writes.length - ok.length,
      errors: [...new Set(writes.filter((w) => !w.key).map((w) => `${w.op} ${w.status} ${w.error ?? ''}`))].slice(0, 5),
      achievedPerSecond: ok.length / opts.seconds,
      restMs: summarize(ok.map((w) => w.doneAt - w.sentAt)),
    },
    events: events.length,
    ...analysis,
    rawPayloadBytesMean: rawMessages ? rawListeners.reduce((n, l) => n + l.bytes, 0) / rawMessages : 0,
    server: {
      rssBeforeMB: rssBefore / 2 ** 20,
      rssAfterMB: rssAfter / 2 ** 20,
      rssPerSocketKB: listeners.length ? (rssAfter - rssBefore) / 1024 / listeners.length : 0,
      eventLoopDelayMs: serverLoop.eventLoopDelayMs,
      cpuPctOfOneCore: serverCpuPct,
      cpuUsPerDelivery: analysis.deliveries.received ? (1000 * serverLoop.cpuMs) / analysis.deliveries.received : 0,
    },
    loadGenerator: {
      eventLoopDelayMs: clientLoop.eventLoopDelayMs,
      cpuPctOfOneCore: loadGenCpuPct,
      cpuUsPerDelivery: analysis.deliveries.received ? (1000 * clientLoop.cpuMs) / analysis.deliveries.received : 0,
    },
    machine: {
      cpuBusyPctOfAllCores: machineBusyPct,
      postgresCpuPctOfOneCore: pgCpuPct,
      otherProcessesCpuPctOfOneCore: Math.max(0, machineBusyPct * availableParallelism() - serverCpuPct - loadGenCpuPct - pgCpuPct),
      stealPct: (100 * (cpuEnd.steal - cpuStart.steal)) / Math.max(1, cpuEnd.total - cpuStart.total),
      loadAvg1mStart: loadStart,
      loadAvg1mEnd: loadavg()[0]!,
    },
    drainSeconds,
  };
  const d = result.deliveries;
  log(`${child.name}: ${d.received}/${d.expected} deliveries, p99 ${result.latencyMs.all.p99.toFixed(1)} ms`);
  await closeAll(listeners);
  return result;
}
