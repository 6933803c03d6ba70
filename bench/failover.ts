/**
 * Failover benchmark: how long the screens of an instance that is shut down
 * take to be live on another one, with every event, behind nginx.
 *
 *   npm run bench:failover -- [--clients 2000] [--raw 100] [--rate 10] [--reconnect-ms 500] [--batch 250] [--json path]
 *
 * Sets up what tests/faults/ runs (tests/faults/support/cluster.ts): a
 * PostgreSQL of its own (migrated, demo data), instances A and B as separate
 * processes (API + both socket kinds, no Next.js), and nginx with
 * deploy/nginx.conf in front, its upstream rendered as `A` plus `B backup`:
 * every client lands on A through nginx, and once A stops accepting, nginx
 * sends the reconnects to B, as it would to the other instances of a real
 * upstream. All on 127.0.0.1.
 *
 * Failover: the Socket.IO (lean client) and raw clients listen on A while
 * R writes/s go through nginx; A gets SIGTERM. Each client, when its socket
 * closes, waits uniform(0.5, 1.5) × --reconnect-ms and reconnects with
 * `since`. Per client: SIGTERM → caught up on B (Socket.IO: `caught_up`; raw:
 * acknowledged and holding every event up to the head B had then).
 * Baseline, same run, same clients: all closed, then opened fresh (no
 * `since`) against B through nginx, each after the same jittered wait; per
 * client: start → caught up. Deliveries: every assignment event in
 * board_events since the client started, received once, in order.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { rawClient, socketIoClient, type Client } from '@/bench/failover-clients';
import { deliveries, failoverTimes, baselineTimes, printFailoverReport } from '@/bench/failover-report';
import { guardRun, log, machine, parseOptions, RESULTS_DIR, ROOT, sleep, stamp } from '@/bench/lib-util';
import { assignmentEvents } from '@/tests/faults/support/check';
import { startCluster, type Cluster } from '@/tests/faults/support/cluster';
import { statusCounts, type WriteRecord } from '@/tests/faults/support/writer';

const opts = parseOptions({ clients: 2000, raw: 100, rate: 10, reconnectMs: 500, batch: 250, settleSeconds: 3, json: '' });
const jsonPath = path.resolve(opts.json || path.join(RESULTS_DIR, `failover-${stamp()}.json`));

let cluster: Cluster | undefined;
let clients: Client[] = [];
const cleanup = async () => {
  for (const c of clients) c.close();
  await cluster?.close();
  cluster = undefined;
};
guardRun(240_000 + (opts.clients + opts.raw) * 40, cleanup);

function revision(): { commit: string; dirty: boolean } {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return {
      commit: git('rev-parse', '--short', 'HEAD'),
      dirty: git('status', '--porcelain', '--', 'server', 'lib', 'bench', 'deploy', 'tests/faults/support') !== '',
    };
  } catch {
    return { commit: 'unknown', dirty: false };
  }
}

/** Opens the clients `batch` at a time, each batch live before the next; `start(i)` makes client i. */
async function openAll(count: number, start: (i: number) => Client, timeoutMs: number): Promise<Client[]> {
  const made: Client[] = [];
  for (let i = 0; i < count; i += opts.batch) {
    const batch = Array.from({ length: Math.min(opts.batch, count - i) }, (_, k) => start(i + k));
    made.push(...batch);
    await until(() => batch.every((c) => c.live), timeoutMs, `clients ${i}–${i + batch.length} live`);
  }
  return made;
}

async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const started = performance.now();
  while (!check()) {
    if (performance.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

/** Waits until `done` holds, at most timeoutMs; false when it did not. */
async function within(done: () => boolean, timeoutMs: number): Promise<boolean> {
  const started = performance.now();
  while (!done() && performance.now() - started < timeoutMs) await sleep(25);
  return done();
}

async function main(): Promise<void> {
  const rev = revision();
  const m = machine();
  log(`${m.nproc} CPU × ${m.cpu}, Node ${m.node}; commit ${rev.commit}${rev.dirty ? ' + local changes' : ''}`);
  const total = opts.clients + opts.raw;
  cluster = await startCluster({
    upstreams: ([a, b]) => [{ port: a!.port }, { port: b!.port, backup: true }],
    workerConnections: Math.max(4096, total * 3),
  });
  const c = cluster;
  const a = c.instances[0]!;
  const token = c.tokens.listener;
  const options = { url: c.url, token, reconnectMs: opts.reconnectMs };

  // ------------------------------------------------------------ failover
  const start = await c.head();
  const t = performance.now();
  clients = await openAll(total, (i) => (i < opts.raw ? rawClient({ ...options, since: start }) : socketIoClient({ ...options, since: start })), 60_000);
  log(`${opts.clients} Socket.IO + ${opts.raw} raw clients live through nginx in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  const placement = async () =>
    Object.fromEntries((await c.sql<{ id: string; n: number }[]>`SELECT id, jsonb_array_length(clients) AS n FROM realtime_instances`).map((r) => [r.id, r.n]));
  let onA: Record<string, number> = {};
  for (let i = 0; i < 40 && (onA.A ?? 0) < total; i++) {
    onA = await placement();
    await sleep(250);
  }
  if ((onA.A ?? 0) !== total) throw new Error(`expected all ${total} clients on A, found ${JSON.stringify(onA)}`);

  const writer = c.write(opts.rate);
  await sleep(opts.settleSeconds * 1000);
  const signalAt = performance.now();
  const signalWall = Date.now();
  log('SIGTERM → A');
  a.signal('SIGTERM');
  const caughtUp = () => clients.every((x) => x.sessions.some((s) => s.openedAt > signalAt && s.caughtUpAt > 0));
  const allBack = await within(caughtUp, 30_000);
  const exit = await Promise.race([a.exited, sleep(15_000).then(() => undefined)]);
  log(
    `${allBack ? 'every client' : 'NOT every client'} caught up on B; A exited ${exit ? `(${exit.code}) ${exit.exitAt - signalWall} ms after SIGTERM` : 'not within 15 s'}`,
  );
  await sleep(2_000);
  // The writer goes on through the baseline: the failover's share ends here.
  const failoverWrites = writer.records.length;
  const head = await c.head();
  await within(() => clients.every((x) => x.lastSeq >= head), 10_000);
  const events = (await assignmentEvents(c.sql, start)).filter((e) => e.seq <= head);
  const failover = {
    times: failoverTimes(clients, signalAt),
    deliveries: deliveries(clients, events, () => start),
    writes: writeFigures(writer.records.slice(0, failoverWrites)),
    exit: exit && { code: exit.code, msAfterSignal: exit.exitAt - signalWall, msAfterLastResponse: exit.exitAt - Math.max(exit.lastResponseAt, signalWall) },
    closeReasons: countReasons(clients),
    resyncs: clients.reduce((n, x) => n + x.resyncs, 0),
    placementBefore: onA,
    placementAfter: await placement(),
  };

  // ------------------------------------------------------------ baseline
  for (const x of clients) x.close();
  await sleep(1_000);
  const baseAt = performance.now();
  const base: Client[] = [];
  const delays = clients.map(() => opts.reconnectMs * (0.5 + Math.random()));
  for (const [i, old] of clients.entries()) {
    setTimeout(() => base.push((old.kind === 'raw' ? rawClient : socketIoClient)({ ...options, since: 0, fresh: true })), delays[i]);
  }
  await within(() => base.length === total && base.every((x) => x.sessions[0]!.caughtUpAt > 0), 30_000);
  await sleep(2_000);
  await writer.stop();
  // Counted once every write has settled: the last ones of the failover's share were still in flight above.
  failover.writes = writeFigures(writer.records.slice(0, failoverWrites));
  const head2 = await c.head();
  await within(() => base.every((x) => x.lastSeq >= head2), 10_000);
  const events2 = await assignmentEvents(c.sql, start);
  const baseline = {
    times: baselineTimes(base, baseAt),
    deliveries: deliveries(base, events2, (x) => x.sessions[0]!.headAtConnect),
    writes: writeFigures(writer.records.slice(failoverWrites)),
  };
  clients = base;
  const nginxErrors = nginxErrorCounts(c.nginx.errorLog());
  const ratio = {
    p50: failover.times.caughtUpMs.p50 / baseline.times.caughtUpMs.p50,
    p99: failover.times.caughtUpMs.p99 / baseline.times.caughtUpMs.p99,
    max: failover.times.caughtUpMs.max / baseline.times.caughtUpMs.max,
  };
  await cleanup();

  printFailoverReport(opts, m, rev, failover, baseline, ratio);
  if (Object.keys(nginxErrors).length) console.log(`  nginx error log: ${JSON.stringify(nginxErrors)}\n`);
  mkdirSync(path.dirname(jsonPath), { recursive: true });
  writeFileSync(
    jsonPath,
    `${JSON.stringify({ date: new Date().toISOString(), revision: rev, machine: m, options: opts, failover, baseline, ratio, nginxErrors }, null, 2)}\n`,
  );
  log(`wrote ${path.relative(process.cwd(), jsonPath)}`);
  if (failover.deliveries.deliveredPct !== 100 || !allBack) process.exitCode = 1;
}

function writeFigures(records: WriteRecord[]) {
  const failed = records.filter((r) => r.status < 200 || r.status >= 300);
  return {
    sent: records.length,
    attempts: statusCounts(records),
    retried: records.filter((r) => r.attempts.length > 1).length,
    failed: failed.length,
    failures: failed
      .slice(0, 5)
      .map((r) => ({ op: r.op, attempts: r.attempts.map((a) => ({ status: a.status, ms: Math.round(a.ms), error: a.error, body: a.body })) })),
  };
}

/** nginx's error log by message (what it says before "while …", with addresses and counts stripped). */
function nginxErrorCounts(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const m = /\[(\w+)\] \d+#\d+: (?:\*\d+ )?(.*?)(?: while |, client:|$)/.exec(line);
    if (!m) continue;
    const key = `${m[1]}: ${m[2]!.replace(/\d+/g, 'N')}`;
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}

function countReasons(list: Client[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of list) for (const r of x.closeReasons) out[r] = (out[r] ?? 0) + 1;
  return out;
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  async (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    await cleanup();
    process.exit(1);
  },
);
