/**
 * Webhook benchmark: how fast DCDock's delivery worker (server/webhooks/) gets
 * every committed change to real HTTP receivers, in order, against a bare
 * loop that POSTs the same payloads straight from the database, same run.
 *
 *   npm run bench:webhooks -- [--changes 2000] [--changes20 250] [--receivers 20] [--rate 20] [--lag-seconds 20]
 *                             [--rounds 2] [--pool 10] [--json path] [--cpu-prof dir]
 *
 * An embedded PostgreSQL in a temp dir (migrated, demo data, fsync on,
 * track_commit_timestamp on), the DCDock API server (createApp +
 * startRealtime, which runs the delivery worker; no Next.js) in a child
 * process with WEBHOOK_ALLOW_PRIVATE=1, the baseline loop
 * (bench/webhooks-baseline.ts) in another, receivers (bench/webhooks-receiver.ts)
 * and the writer in this one; all on 127.0.0.1.
 * Per round, each measurement runs DCDock then baseline (even rounds the other
 * way round):
 *  - rate, 1 receiver: --changes new loads written through POST /api/loads
 *    (the real write path: each appends a load_created event), then an
 *    endpoint registered inactive, replayed to the first of them and
 *    activated; timed until the receiver holds every seq. The baseline
 *    delivers the same seqs from the same cursor.
 *  - rate, --receivers receivers: the same with --changes20 changes and that many
 *    endpoints (all event types).
 *  - lag: --rate writes/s for --lag-seconds to one receiver; per event,
 *    receipt − the transaction's commit timestamp (pg_xact_commit_timestamp),
 *    and receipt − the REST answer's arrival at the writer.
 * Every receiver verifies each signature; order, gaps and duplicates are
 * checked against board_events. JSON in bench/results/webhooks-<stamp>.json.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { guardRun, KeepAliveClient, log, machine, parseOptions, RESULTS_DIR, ROOT, sleep, stamp } from '@/bench/lib-util';
import { type Ctx, type LagResult, lagPhase, preWrite, type RateResult, ratePhase, type Target } from '@/bench/webhooks-phases';
import { printWebhooksReport } from '@/bench/webhooks-report';
import { openPostgres } from '@/server/db/connect';
import { createDb } from '@/server/db/client';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '@/server/db/embedded';
import { migrateDatabase } from '@/server/db/migrate';
import { seedDemoData } from '@/server/db/seed';
import { createLogger } from '@/server/logger';

const opts = parseOptions({ changes: 2000, changes20: 250, receivers: 20, rate: 20, 'lag-seconds': 20, rounds: 2, pool: 10, json: '', 'cpu-prof': '' });
const jsonPath = path.resolve(opts.json || path.join(RESULTS_DIR, `webhooks-${stamp()}.json`));

let tempDir: string | undefined;
let pg: EmbeddedDatabase | undefined;
const children: ChildProcess[] = [];

async function cleanup(): Promise<void> {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  if (pg) await Promise.race([pg.stop().catch(() => {}), sleep(10_000)]);
  pg = undefined;
  if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  tempDir = undefined;
}
// Bounded: a run that cannot finish in this time is a finding, not a reason to keep the machine busy.
guardRun(Math.min(175_000, 60_000 + opts.rounds * (2 * opts['lag-seconds'] * 1000 + 60_000)), cleanup);

function revision(): { commit: string; dirty: boolean } {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return { commit: git('rev-parse', '--short', 'HEAD'), dirty: git('status', '--porcelain', '--', 'server', 'lib', 'bench') !== '' };
  } catch {
    return { commit: 'unknown', dirty: false };
  }
}

/** A child on IPC, resolved with its ready message. */
function startChild(script: string, env: Record<string, string>, execArgs: string[] = []): Promise<{ child: ChildProcess; ready: { port?: number } }> {
  const child = spawn(process.execPath, [...execArgs, '--import', 'tsx', path.join(ROOT, 'bench', script)], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start within 60 s`)), 60_000);
    child.on('message', (m: { ready?: boolean; port?: number }) => {
      if (!m?.ready) return;
      clearTimeout(timer);
      resolve({ child, ready: m });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited (${code}) before it was ready`));
    });
  });
}

async function main(): Promise<void> {
  const rev = revision();
  const m = machine();
  log(`${m.nproc} CPU × ${m.cpu}, Node ${m.node}, load average ${m.loadavg.join(' ')}; commit ${rev.commit}${rev.dirty ? ' + local changes' : ''}`);
  const logger = createLogger('warn');
  tempDir = mkdtempSync(path.join(tmpdir(), 'dcdock-bench-webhooks-'));
  pg = await startEmbeddedPostgres(tempDir, logger);
  {
    // Commit timestamps (the lag's start) need a restart to switch on.
    const sql = openPostgres(pg.url, { max: 1, onnotice: () => {} });
    await sql`ALTER SYSTEM SET track_commit_timestamp = on`;
    await sql.end();
    await pg.stop();
    pg = await startEmbeddedPostgres(tempDir, logger);
  }
  await migrateDatabase(pg.url);
  {
    const db = createDb(pg.url, 2);
    await seedDemoData(db);
    await db.$client.end();
  }
  const sql = openPostgres(pg.url, { max: 4, onnotice: () => {} });
  const env = { DATABASE_URL: pg.url, AUTH_SECRET: randomBytes(48).toString('base64url'), DATABASE_POOL_SIZE: String(opts.pool), LOG_LEVEL: 'warn' };
  const profile = opts['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(opts['cpu-prof'])] : [];
  const apiChild = await startChild('webhooks-api-child.ts', { ...env, NODE_ENV: 'production' }, profile);
  const baseChild = await startChild('webhooks-baseline.ts', env);
  const url = `http://127.0.0.1:${apiChild.ready.port}`;
  log(`API server pid ${apiChild.child.pid} on ${url}; baseline loop pid ${baseChild.child.pid}; pool ${opts.pool}`);
  const api = new KeepAliveClient(url, 8);
  const { access_token: token } = await api.json<{ access_token: string }>('POST', '/api/auth/login', undefined, {
    email: 'admin@dcdock.com',
    password: 'admin123',
  });
  const ctx: Ctx = { api, token, sql, apiPid: apiChild.child.pid!, baseline: baseChild.child, clusterDir: path.join(tempDir, 'pg'), timeoutMs: 60_000 };

  const rates: RateResult[][] = [];
  const lags: LagResult[][] = [];
  for (let round = 0; round < opts.rounds; round++) {
    const order: Target[] = round % 2 === 0 ? ['dcdock', 'baseline'] : ['baseline', 'dcdock'];
    const roundRates: RateResult[] = [];
    for (const [k, n] of [
      [1, opts.changes],
      [opts.receivers, opts.changes20],
    ] as const) {
      const { from, to } = await preWrite(ctx, n);
      for (const target of order) {
        const r = await ratePhase(ctx, target, k, from, to);
        roundRates.push(r);
        log(
          `round ${round + 1} rate ${target} × ${k}: ${r.deliveries} deliveries, ${r.perSec}/s (from activation ${r.perSecFromStart}/s, first after ${r.startMs} ms); ` +
            `missing ${r.check.missing}, out of order ${r.check.outOfOrder}, duplicates ${r.check.duplicates}; ${r.serverCpuUsPerDelivery} µs CPU/delivery`,
        );
      }
    }
    const roundLags: LagResult[] = [];
    for (const target of order) {
      const l = await lagPhase(ctx, target, opts.rate, opts['lag-seconds']);
      roundLags.push(l);
      log(
        `round ${round + 1} lag ${target}: ${l.events} events, from commit p50 ${l.fromCommitMs.p50} p99 ${l.fromCommitMs.p99} max ${l.fromCommitMs.max} ms; ` +
          `from answer p50 ${l.fromAnswerMs.p50} p99 ${l.fromAnswerMs.p99} ms; load ${l.loadavg[0]}`,
      );
    }
    rates.push(roundRates);
    lags.push(roundLags);
  }
  api.close();
  apiChild.child.send({ cmd: 'stop' });
  baseChild.child.send({ cmd: 'exit' });
  await Promise.race([Promise.all(children.map((c) => new Promise((r) => (c.exitCode === null ? c.once('exit', r) : r(null))))), sleep(8_000)]);
  await sql.end({ timeout: 2 });
  await cleanup();

  const summary = printWebhooksReport(opts, machine(), m, rev, rates, lags);
  mkdirSync(path.dirname(jsonPath), { recursive: true });
  writeFileSync(
    jsonPath,
    `${JSON.stringify({ date: new Date().toISOString(), revision: rev, machine: m, loadavgAtEnd: machine().loadavg, options: opts, rates, lags, summary }, null, 2)}\n`,
  );
  log(`wrote ${path.relative(process.cwd(), jsonPath)}`);
  const broken = [...rates.flat(), ...lags.flat()].some((r) => r.check.missing || r.check.outOfOrder || r.check.badSignatures);
  if (broken) process.exitCode = 1;
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  async (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    await cleanup();
    process.exit(1);
  },
);
