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
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SIO_CLIENTS, type SioClient } from '@/bench/clients';
import { ChildServer, children } from '@/bench/fanout-child';
import { runPhase, type PhaseResult } from '@/bench/fanout-phase';
import { printFanoutReport } from '@/bench/fanout-report';
import { prepare } from '@/bench/fanout-setup';
import { guardRun, log, machine as machineInfo, ROOT, sleep } from '@/bench/lib-util';
import { createDb } from '@/server/db/client';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '@/server/db/embedded';
import { migrateDatabase } from '@/server/db/migrate';
import { seedDemoData } from '@/server/db/seed';
import { createLogger } from '@/server/logger';

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

function openFilesLimit(): number {
  const line = readFileSync('/proc/self/limits', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('Max open files'));
  const soft = line?.split(/\s{2,}/)[1];
  return soft === undefined || soft === 'unlimited' ? Infinity : Number(soft);
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
  const { nproc, cpu, ramGB, node } = machineInfo();
  return { nproc, cpu, ramGB, node, openFilesLimit: openFilesLimit() };
}

// ---------------------------------------------------------------- cleanup

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
guardRun(budgetMs, cleanup);

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  const m = machine();
  const sockets = opts.clients + opts.raw;
  if (m.openFilesLimit < sockets + 300) {
    throw new Error(
      `ulimit -n is ${m.openFilesLimit}; ${sockets} sockets need at least ${sockets + 300} per process. Raise it in the shell (ulimit -n ${sockets * 2 + 1000}) — Node cannot.`,
    );
  }
  const rev = revision();
  log(`${m.nproc} CPU × ${m.cpu}, ${m.ramGB} GB, Node ${m.node}, ulimit -n ${m.openFilesLimit}; commit ${rev.commit}${rev.dirty ? ' + local changes' : ''}`);

  tempDir = mkdtempSync(path.join(tmpdir(), 'dcdock-bench-'));
  const clusterDir = path.join(tempDir, 'pg');
  log(`embedded PostgreSQL in ${tempDir}`);
  pg = await startEmbeddedPostgres(tempDir, createLogger('warn'), 'dcdock_bench');
  await migrateDatabase(pg.url);
  const db = createDb(pg.url, 2);
  await seedDemoData(db);
  await db.$client.end();

  // Every listener is one user on 127.0.0.1: lift the per-user and per-address socket caps past the run's clients.
  const socketCap = String(opts.clients + opts.raw + 100);
  const dcdock = await ChildServer.spawn('dcdock', 'bench/server-child.ts', {
    DATABASE_URL: pg.url,
    AUTH_SECRET: randomBytes(48).toString('base64url'),
    LOG_LEVEL: 'warn',
    WS_MAX_PER_USER: socketCap,
    WS_MAX_PER_ADDRESS: socketCap,
  });
  const { setup, fixtures } = await prepare(dcdock.url, opts.rate);

  const results: Record<string, PhaseResult> = {};
  results.dcdock = await runPhase(dcdock, setup, opts, clusterDir);
  await dcdock.stop();

  const baseline = await ChildServer.spawn('baseline', 'bench/baseline-server.ts', {});
  await baseline.call('fixtures', fixtures);
  results.baseline = await runPhase(baseline, setup, opts, clusterDir);
  await baseline.stop();
  await cleanup();

  const ratio = {
    p50: results.dcdock.latencyMs.all.p50 / results.baseline.latencyMs.all.p50,
    p99: results.dcdock.latencyMs.all.p99 / results.baseline.latencyMs.all.p99,
  };
  printFanoutReport(opts, m, results, ratio);
  mkdirSync(path.dirname(path.resolve(opts.json)), { recursive: true });
  writeFileSync(
    path.resolve(opts.json),
    `${JSON.stringify({ date: new Date().toISOString(), revision: rev, machine: m, options: opts, results, ratio }, null, 2)}\n`,
  );
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
