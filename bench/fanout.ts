/**
 * Fan-out benchmark: how fast and how completely a committed write reaches
 * every connected screen, against a bare Socket.IO/ws baseline in the same run.
 *
 *   npm run bench:fanout -- [--clients 2000] [--raw 100] [--rate 20] [--seconds 10] [--json path] [--batch 250]
 *                           [--sio-client lean|official]
 *
 * Boots an embedded PostgreSQL in a temp dir (migrated, demo data), the DCDock
 * server (API + realtime, no Next.js) in a child process on 127.0.0.1:0, opens
 * the clients from this process, writes R mutations/s through the REST API for
 * T seconds and measures every delivery. Then does the same against
 * bench/baseline-server.ts. The Socket.IO clients are bench/lib-sio-lean.ts
 * (cheaper per message, so the generator's own lag weighs less) or, with
 * --sio-client official, socket.io-client. See BENCHMARKS.md.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { analyze, expectedDeliveries, summarize, type Analysis, type Summary } from '@/bench/analyze';
import type { Fixtures } from '@/bench/baseline-server';
import { LoopMonitor, type Direction, type EventRecord, type Measurement, type Ready, type Response } from '@/bench/child-protocol';
import { closeAll, connectAll, SIO_CLIENTS, splitSpecs, type Listener, type SioClient } from '@/bench/clients';
import { runWriter } from '@/bench/writer';
import { createDb } from '@/server/db/client';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '@/server/db/embedded';
import { migrateDatabase } from '@/server/db/migrate';
import { seedDemoData } from '@/server/db/seed';
import { createLogger } from '@/server/logger';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

// ---------------------------------------------------------------- options

function parseArgs(argv: string[]) {
  const o = { clients: 2000, raw: 100, rate: 20, seconds: 10, batch: 250, json: '', sioClient: 'lean' as SioClient };
  for (let i = 0; i < argv.length; i++) {
    // --sio-client → sioClient
    const name = argv[i]!.replace(/^--/, '').replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    const value = argv[++i];
    if (!(name in o) || value === undefined) throw new Error(`unknown or incomplete option ${argv[i - 1]}`);
    if (name === 'json') o.json = value;
    else if (name === 'sioClient') {
      if (!SIO_CLIENTS.includes(value as SioClient)) throw new Error(`--sio-client needs one of ${SIO_CLIENTS.join(', ')}`);
      o.sioClient = value as SioClient;
    } else {
      const n = Number(value);
      if (!Number.isFinite(n) || n < 0 || (name !== 'clients' && name !== 'raw' && n <= 0)) throw new Error(`--${name} needs a positive number`);
      (o as Record<string, number | string>)[name] = n;
    }
  }
  o.json ||= path.join(ROOT, 'bench', 'results', `fanout-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  return o;
}

const opts = parseArgs(process.argv.slice(2));
const log = (text: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${text}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function openFilesLimit(): number {
  const line = readFileSync('/proc/self/limits', 'utf8').split('\n').find((l) => l.startsWith('Max open files'));
  const soft = line?.split(/\s{2,}/)[1];
  return soft === undefined || soft === 'unlimited' ? Infinity : Number(soft);
}

/** Whole-machine CPU counters (jiffies) from /proc/stat: to see what else was running. */
function cpuTimes(): { busy: number; total: number; steal: number } {
  const f = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = f;
  return { busy: user + nice + system + irq + softirq + steal, total: user + nice + system + idle + iowait + irq + softirq + steal, steal };
}

/** CPU time (ms) of the embedded PostgreSQL: its postmaster, live backends and reaped ones. */
function postgresCpuMs(): number {
  if (!tempDir) return 0;
  const stats = new Map<number, { ppid: number; cpu: number }>();
  let master: number | undefined;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const pid = Number(entry);
      stats.set(pid, { ppid: Number(f[1]), cpu: Number(f[11]) + Number(f[12]) });
      if (master === undefined && readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(`${tempDir}/pg\0`)) {
        master = pid;
        stats.get(pid)!.cpu += Number(f[13]) + Number(f[14]);
      }
    } catch {
      /* gone meanwhile */
    }
  }
  let ticks = 0;
  for (const [pid, s] of stats) if (pid === master || s.ppid === master) ticks += s.cpu;
  return ticks * 10; // USER_HZ = 100
}

/** The commit measured, and whether the server's sources differed from it. */
function revision(): { commit: string; dirty: boolean } {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return { commit: git('rev-parse', '--short', 'HEAD'), dirty: git('status', '--porcelain', '--', 'server', 'lib', 'drizzle', 'bench') !== '' };
  } catch {
    return { commit: 'unknown', dirty: false };
  }
}

function machine() {
  const cpu = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? 'unknown';
  return { nproc: availableParallelism(), cpu, ramGB: Math.round(totalmem() / 2 ** 30), node: process.version, openFilesLimit: openFilesLimit() };
}

// ---------------------------------------------------------------- children

class ChildServer {
  port = 0;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly exited: Promise<number | null>;

  private constructor(
    readonly name: string,
    readonly proc: ChildProcess,
  ) {
    this.exited = new Promise((resolve) => proc.once('exit', (code) => resolve(code)));
    proc.on('message', (m: Response) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.ok) p.resolve(m.result);
      else p.reject(new Error(`${name}: ${m.error}`));
    });
    void this.exited.then((code) => {
      for (const p of this.pending.values()) p.reject(new Error(`${name} exited (${code})`));
      this.pending.clear();
    });
    createInterface({ input: proc.stdout! }).on('line', (line) => console.log(`  [${name}] ${line}`));
  }

  static async spawn(name: string, file: string, env: Record<string, string>): Promise<ChildServer> {
    const proc = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', path.join(ROOT, file)], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    });
    children.add(proc);
    proc.once('exit', () => children.delete(proc));
    const child = new ChildServer(name, proc);
    child.port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${name} did not start within 60 s`)), 60_000);
      proc.on('message', (m: Ready) => m && (m as Ready).ready && (clearTimeout(timer), resolve(m.port)));
      void child.exited.then((code) => (clearTimeout(timer), reject(new Error(`${name} exited (${code}) before it was ready`))));
    });
    return child;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  call<T>(cmd: string, args?: unknown, timeoutMs = 60_000): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => (this.pending.delete(id), reject(new Error(`${this.name}: ${cmd} timed out`))), timeoutMs);
      this.pending.set(id, { resolve: (v) => (clearTimeout(timer), resolve(v as T)), reject: (e) => (clearTimeout(timer), reject(e)) });
      this.proc.send({ id, cmd, args });
    });
  }

  /** VmRSS of the child after a full GC, in bytes. */
  async rss(): Promise<number> {
    await this.call('gc');
    const kb = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${this.proc.pid}/status`, 'utf8'))?.[1];
    return Number(kb) * 1024;
  }

  async stop(): Promise<void> {
    await this.call('stop', undefined, 15_000).catch(() => {});
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), 5_000);
    await this.exited;
    clearTimeout(timer);
  }
}

// ---------------------------------------------------------------- cleanup

const children = new Set<ChildProcess>();
let tempDir: string | undefined;
let pg: EmbeddedDatabase | undefined;

async function cleanup(): Promise<void> {
  for (const c of children) c.kill('SIGKILL');
  if (pg) await Promise.race([pg.stop().catch(() => {}), sleep(10_000)]);
  pg = undefined;
  if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  tempDir = undefined;
}

const budgetMs = 300_000 + opts.seconds * 4_000 + (opts.clients + opts.raw) * 100;
const watchdog = setTimeout(() => {
  console.error(`benchmark exceeded its time budget (${Math.round(budgetMs / 1000)} s); stopping`);
  void cleanup().finally(() => process.exit(2));
}, budgetMs);
watchdog.unref();
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void cleanup().finally(() => process.exit(130)));

// ---------------------------------------------------------------- API helpers

async function api<T = any>(url: string, method: string, p: string, token?: string, body?: unknown): Promise<T> {
  const res = await fetch(`${url}${p}`, {
    method,
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${p}: HTTP ${res.status} ${text.slice(0, 300)}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

const login = async (url: string, email: string, password: string) => (await api<{ access_token: string }>(url, 'POST', '/api/auth/login', undefined, { email, password })).access_token;

// ---------------------------------------------------------------- one target

type Setup = {
  writerToken: string;
  listenerToken: string;
  loads: { id: number; direction: Direction }[];
  ramps: Record<Direction, number>;
  statuses: number[];
};

type PhaseResult = Analysis & {
  clients: { socketIo: { requested: number; connected: number }; raw: { requested: number; connected: number }; failures: string[]; connectSeconds: number; droppedEarly: number };
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
  machine: { cpuBusyPctOfAllCores: number; stealPct: number; loadAvg1mStart: number; loadAvg1mEnd: number; postgresCpuPctOfOneCore: number; otherProcessesCpuPctOfOneCore: number };
  drainSeconds: number;
};

async function runPhase(child: ChildServer, setup: Setup): Promise<PhaseResult> {
  const specs = [...splitSpecs('socket.io', opts.clients), ...splitSpecs('raw', opts.raw)];
  const rssBefore = await child.rss();
  log(`${child.name}: opening ${opts.clients} Socket.IO (${opts.sioClient} client) + ${opts.raw} raw clients (${opts.batch} at a time)`);
  const connectStarted = performance.now();
  let nextReport = 1000;
  const { listeners, failures } = await connectAll(child.url, setup.listenerToken, specs, {
    batch: opts.batch,
    timeoutMs: 30_000,
    sioClient: opts.sioClient,
    onProgress: (done) => done >= nextReport && (log(`  ${done}/${specs.length} connected`), (nextReport += 1000)),
  });
  const connectSeconds = (performance.now() - connectStarted) / 1000;
  log(`${child.name}: ${listeners.length}/${specs.length} ready in ${connectSeconds.toFixed(1)} s${failures.length ? `, ${failures.length} failed (${failures[0]})` : ''}`);
  await sleep(1000);
  const rssAfter = await child.rss();

  const head = await child.call<number>('head');
  const cpuStart = cpuTimes();
  const pgStart = postgresCpuMs();
  const loadStart = loadavg()[0]!;
  const loadGen = new LoopMonitor();
  loadGen.start();
  await child.call('measure-start');
  log(`${child.name}: writing ${opts.rate}/s for ${opts.seconds} s`);
  const { records: writes, skipped } = await runWriter({ url: child.url, token: setup.writerToken, rate: opts.rate, seconds: opts.seconds, loads: setup.loads, ramps: setup.ramps, statuses: setup.statuses, seed: 42 });
  const events = await child.call<EventRecord[]>('events', { since: head });
  const expected = expectedDeliveries(listeners, events);
  const received = () => listeners.reduce((n, l) => n + l.seqs.length, 0);
  // Wait for the stragglers while they keep coming (10 s without progress, or 3 min, ends it).
  const drainStarted = performance.now();
  let seen = received();
  let progressAt = performance.now();
  while (received() < expected && performance.now() - progressAt < 10_000 && performance.now() - drainStarted < 180_000) {
    await sleep(50);
    if (received() !== seen) (seen = received()), (progressAt = performance.now());
  }
  const drainSeconds = (performance.now() - drainStarted) / 1000;
  await sleep(300); // late duplicates would show up here
  const serverLoop = await child.call<Measurement>('measure-stop');
  const clientLoop = loadGen.stop();
  const cpuEnd = cpuTimes();
  const pgCpuPct = (100 * (postgresCpuMs() - pgStart)) / serverLoop.wallMs;
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

// ---------------------------------------------------------------- report

function table(results: Record<string, PhaseResult>): string {
  const names = Object.keys(results);
  const f = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '-');
  const rows: [string, (r: PhaseResult) => string][] = [
    ['clients ready (Socket.IO + raw)', (r) => `${r.clients.socketIo.connected} + ${r.clients.raw.connected}`],
    ['connect time (s)', (r) => f(r.clients.connectSeconds)],
    ['writes ok / sent (ticks skipped)', (r) => `${r.writes.ok} / ${r.writes.sent} (${r.writes.skipped})`],
    ['events committed', (r) => String(r.events)],
    ['deliveries received / expected', (r) => `${r.deliveries.received} / ${r.deliveries.expected}`],
    ['delivered', (r) => `${f(r.deliveries.deliveredPct, 3)} %`],
    ['out of order / duplicates / misrouted', (r) => `${r.deliveries.outOfOrder} / ${r.deliveries.duplicates} / ${r.deliveries.misrouted}`],
    ['latency p50 / p99 / max (ms)', (r) => `${f(r.latencyMs.all.p50)} / ${f(r.latencyMs.all.p99)} / ${f(r.latencyMs.all.max)}`],
    ['  Socket.IO p50 / p99 (ms)', (r) => `${f(r.latencyMs['socket.io'].p50)} / ${f(r.latencyMs['socket.io'].p99)}`],
    ['  raw /api/ws p50 / p99 (ms)', (r) => `${f(r.latencyMs.raw.p50)} / ${f(r.latencyMs.raw.p99)}`],
    ['REST write p50 / p99 (ms)', (r) => `${f(r.writes.restMs.p50)} / ${f(r.writes.restMs.p99)}`],
    ['raw payload (bytes, mean)', (r) => f(r.rawPayloadBytesMean, 0)],
    ['server event-loop delay p50 / p99 / max (ms)', (r) => `${f(r.server.eventLoopDelayMs.p50)} / ${f(r.server.eventLoopDelayMs.p99)} / ${f(r.server.eventLoopDelayMs.max)}`],
    ['server CPU (% of one core)', (r) => f(r.server.cpuPctOfOneCore, 0)],
    ['server CPU per delivery (µs)', (r) => f(r.server.cpuUsPerDelivery, 1)],
    ['server RSS before → after (MB)', (r) => `${f(r.server.rssBeforeMB, 0)} → ${f(r.server.rssAfterMB, 0)}`],
    ['server RSS per socket (KB)', (r) => f(r.server.rssPerSocketKB)],
    ['load generator loop p99 (ms) / CPU %', (r) => `${f(r.loadGenerator.eventLoopDelayMs.p99)} / ${f(r.loadGenerator.cpuPctOfOneCore, 0)}`],
    ['load generator CPU per delivery (µs)', (r) => f(r.loadGenerator.cpuUsPerDelivery, 1)],
    ['PostgreSQL CPU (% of one core)', (r) => f(r.machine.postgresCpuPctOfOneCore, 0)],
    ['machine CPU busy, all cores (%) / steal', (r) => `${f(r.machine.cpuBusyPctOfAllCores, 0)} / ${f(r.machine.stealPct, 0)}`],
    ['unattributed: other processes, kernel (% of one core)', (r) => f(r.machine.otherProcessesCpuPctOfOneCore, 0)],
    ['load average (1 min) start → end', (r) => `${f(r.machine.loadAvg1mStart, 2)} → ${f(r.machine.loadAvg1mEnd, 2)}`],
    ['drain after the last write (s)', (r) => f(r.drainSeconds)],
  ];
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const cells = rows.map(([label, fn]) => [label, ...names.map((n) => fn(results[n]!))]);
  const widths = names.map((n, i) => Math.max(n.length, ...cells.map((c) => c[i + 1]!.length)));
  const line = (c: string[]) => `  ${c[0]!.padEnd(w0)}  ${c.slice(1).map((v, i) => v.padStart(widths[i]!)).join('  ')}`;
  return [line(['', ...names]), line(['', ...widths.map((w) => '-'.repeat(w))]), ...cells.map(line)].join('\n');
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  const m = machine();
  const sockets = opts.clients + opts.raw;
  if (m.openFilesLimit < sockets + 300) {
    throw new Error(`ulimit -n is ${m.openFilesLimit}; ${sockets} sockets need at least ${sockets + 300} per process. Raise it in the shell (ulimit -n ${sockets * 2 + 1000}) — Node cannot.`);
  }
  const rev = revision();
  log(`${m.nproc} CPU × ${m.cpu}, ${m.ramGB} GB, Node ${m.node}, ulimit -n ${m.openFilesLimit}; commit ${rev.commit}${rev.dirty ? ' + local changes' : ''}`);

  tempDir = mkdtempSync(path.join(tmpdir(), 'dcdock-bench-'));
  log(`embedded PostgreSQL in ${tempDir}`);
  pg = await startEmbeddedPostgres(tempDir, createLogger('warn'), 'dcdock_bench');
  await migrateDatabase(pg.url);
  const db = createDb(pg.url, 2);
  await seedDemoData(db);
  await db.$client.end();

  const dcdock = await ChildServer.spawn('dcdock', 'bench/server-child.ts', { DATABASE_URL: pg.url, AUTH_SECRET: randomBytes(48).toString('base64url'), LOG_LEVEL: 'warn' });
  const writerToken = await login(dcdock.url, 'operator1@dcdock.com', 'operator123');
  const listenerToken = await login(dcdock.url, 'supervisor@dcdock.com', 'supervisor123');
  const ramps = await api<Fixtures['ramps']>(dcdock.url, 'GET', '/api/ramps', writerToken);
  const statuses = await api<Fixtures['statuses']>(dcdock.url, 'GET', '/api/statuses', writerToken);
  const me = await api<{ id: number; email: string; full_name: string }>(dcdock.url, 'GET', '/api/users/me', writerToken);
  const rampOf = (kind: Direction) => ramps.find((r) => r.kind === kind)?.id as number;
  // Enough loads that the open-loop writer always finds one free, even with seconds-long answers.
  const loadCount = Math.max(60, Math.min(1000, Math.ceil(opts.rate * 15)));
  const loads: Fixtures['loads'] = [];
  for (let i = 0; i < loadCount; i++) {
    const direction: Direction = i % 2 === 0 ? 'IB' : 'OB';
    loads.push(await api(dcdock.url, 'POST', '/api/loads', writerToken, { reference: `BENCH-${direction}-${String(i).padStart(4, '0')}`, direction, notes: `Benchmark load ${i}` }));
  }
  const setup: Setup = {
    writerToken,
    listenerToken,
    loads: loads.map((l) => ({ id: l.id, direction: l.direction })),
    ramps: { IB: rampOf('IB'), OB: rampOf('OB') },
    statuses: statuses.filter((s) => s.code !== 'CANCELLED').map((s) => s.id),
  };

  const results: Record<string, PhaseResult> = {};
  results.dcdock = await runPhase(dcdock, setup);
  await dcdock.stop();

  const baseline = await ChildServer.spawn('baseline', 'bench/baseline-server.ts', {});
  await baseline.call('fixtures', { loads, ramps, statuses, user: { id: me.id, email: me.email, full_name: me.full_name } } satisfies Fixtures);
  results.baseline = await runPhase(baseline, setup);
  await baseline.stop();
  await cleanup();

  const ratio = {
    p50: results.dcdock.latencyMs.all.p50 / results.baseline.latencyMs.all.p50,
    p99: results.dcdock.latencyMs.all.p99 / results.baseline.latencyMs.all.p99,
  };
  console.log(`\nFan-out: ${opts.clients} Socket.IO (${opts.sioClient} client) + ${opts.raw} raw clients, ${opts.rate} writes/s for ${opts.seconds} s — ${m.nproc} × ${m.cpu}, Node ${m.node}\n`);
  console.log(table(results));
  console.log(`\n  DCDock p99 / baseline p99 = ${ratio.p99.toFixed(2)}   (p50: ${ratio.p50.toFixed(2)})\n`);
  for (const [name, r] of Object.entries(results)) {
    if (r.machine.otherProcessesCpuPctOfOneCore > 25) console.log(`  WARNING: ${name}: ${r.machine.otherProcessesCpuPctOfOneCore.toFixed(0)} % of a core went to processes outside this benchmark; its figures are not clean.`);
  }
  mkdirSync(path.dirname(path.resolve(opts.json)), { recursive: true });
  writeFileSync(path.resolve(opts.json), JSON.stringify({ date: new Date().toISOString(), revision: rev, machine: m, options: opts, results, ratio }, null, 2) + '\n');
  log(`wrote ${path.relative(process.cwd(), path.resolve(opts.json)) || opts.json}`);
}

main().then(
  () => process.exit(0),
  async (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    await cleanup();
    process.exit(1);
  },
);
