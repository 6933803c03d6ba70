/**
 * Write benchmark: mutations per second and their latency through the REST API,
 * against the same transactions sent straight to PostgreSQL in the same run.
 *
 *   npm run bench:writes -- [--seconds 5] [--levels 1,4,16,64] [--rate 50] [--pool 10] [--json path]
 *                           [--ramps 60] [--days 10] [--seed 1] [--cpu-prof dir] [--unprepared 1]
 *
 * Boots an embedded PostgreSQL in a temp dir (migrated, demo data), adds bench
 * ramps, loads and assignments, starts the DCDock API server (createApp +
 * startRealtime, no Next.js) in a child process on 127.0.0.1:0 and drives it
 * over keep-alive HTTP with a closed loop of C workers per level:
 *   ~70% PATCH (status or ETA change, carrying the version from a client-side
 *   cache shared by the workers, so two workers that touch the same assignment
 *   at once legitimately get a 409), ~15% POST (a free window and a free load),
 *   ~15% DELETE ?version=. Then a fixed-rate, open-loop run (--rate per second,
 *   latency from the scheduled send time). Then the child is stopped and the
 *   BASELINE runs the same mix with hand-written transactions through the
 *   `postgres` driver: no HTTP, no auth, no validation, no ORM.
 * Results: a table on stdout and JSON in bench/results/writes-<timestamp>.json.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fmt, guardRun, KeepAliveClient, log, machine, parseOptions, RESULTS_DIR, ROOT, sleep, stamp } from '@/bench/lib-util';
import { createBenchData, loadWorld, settle } from '@/bench/writes-data';
import { levelRows, printWritesReport } from '@/bench/writes-report';
import { closedLoop, CpuMeter, fixedRate, type PhaseResult } from '@/bench/writes-runners';
import { baselineTarget, restTarget } from '@/bench/writes-targets';
import { slotGrid } from '@/bench/writes-workload';
import { openPostgres } from '@/server/db/connect';
import { createDb } from '@/server/db/client';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '@/server/db/embedded';
import { migrateDatabase } from '@/server/db/migrate';
import { seedDemoData } from '@/server/db/seed';
import { createLogger } from '@/server/logger';

const opts = parseOptions({ seconds: 5, levels: '1,4,16,64', rate: 50, pool: 10, ramps: 60, days: 10, seed: 1, json: '', 'cpu-prof': '', unprepared: 0 });
const levels = opts.levels.split(',').map((x) => Number(x.trim()));
if (levels.some((c) => !Number.isInteger(c) || c <= 0)) throw new Error(`--levels takes positive integers, got ${opts.levels}`);
const jsonPath = opts.json || path.join(RESULTS_DIR, `writes-${stamp()}.json`);
const WARMUP_MS = Math.min(1_000, opts.seconds * 200);
const timing = { seconds: opts.seconds, warmupMs: WARMUP_MS };
const grid = slotGrid(opts.ramps, opts.days);

// ---------------------------------------------------------------- cleanup

let tempDir: string | undefined;
let pg: EmbeddedDatabase | undefined;
let child: ChildProcess | undefined;

async function cleanup(): Promise<void> {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  if (pg) await Promise.race([pg.stop().catch(() => {}), sleep(10_000)]);
  pg = undefined;
  if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  tempDir = undefined;
}

const budgetMs = 240_000 + levels.length * 2 * (opts.seconds * 1000 + WARMUP_MS + 5_000) + 2 * (opts.seconds * 1000 + 10_000);
guardRun(budgetMs, cleanup);

// ---------------------------------------------------------------- main

/** The progress line of one closed-loop level, REST or baseline. */
const levelFigures = (r: PhaseResult) =>
  `${fmt(r.opsPerSec)} ops/s, p50 ${fmt(r.latencyMs.p50)} ms, p99 ${fmt(r.latencyMs.p99)} ms, 409 ${r.conflicts409}, errors ${r.errors + r.rejected}`;
const cpuFigures = (r: PhaseResult) => `pg ${r.cpuPct.postgres}% gen ${r.cpuPct.generator}% machine ${r.cpuPct.machineBusy}%`;

async function main() {
  const loadavgAtStart = machine().loadavg;
  const logger = createLogger('warn');
  tempDir = mkdtempSync(path.join(tmpdir(), 'dcdock-bench-writes-'));
  const clusterDir = path.join(tempDir, 'pg');
  log(`embedded PostgreSQL in ${tempDir}`);
  pg = await startEmbeddedPostgres(tempDir, logger);
  await migrateDatabase(pg.url);
  {
    const db = createDb(pg.url, 2);
    await seedDemoData(db);
    await db.$client.end();
  }
  const sql = openPostgres(pg.url, { max: opts.pool, onnotice: () => {} });

  // Bench data: ramps (both directions), loads, and half of all windows assigned.
  const data = await createBenchData(sql, grid, opts.seed);
  const { operators } = data;

  // ------------------------------------------------ REST, through the API server in its own process
  const authSecret = randomBytes(48).toString('base64url');
  const profile = opts['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(opts['cpu-prof'])] : [];
  child = spawn(process.execPath, [...profile, '--import', 'tsx', path.join(ROOT, 'bench', 'lib-api-child.ts')], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: pg.url, AUTH_SECRET: authSecret, DATABASE_POOL_SIZE: String(opts.pool), LOG_LEVEL: 'warn', NODE_ENV: 'production' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const childExited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the API server child did not start within 60 s')), 60_000);
    child!.on('message', (m: { ready?: boolean; port?: number }) => {
      if (!m?.ready) return;
      clearTimeout(timer);
      resolve(m.port!);
    });
    void childExited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the API server child exited (${code}) before it was ready`));
    });
  });
  const url = `http://127.0.0.1:${port}`;
  log(`API server child pid ${child.pid} on ${url} (pool ${opts.pool})`);
  const setupClient = new KeepAliveClient(url, 4);
  const tokens: string[] = [];
  for (const o of operators)
    tokens.push(
      (await setupClient.json<{ access_token: string }>('POST', '/api/auth/login', undefined, { email: o.email, password: 'operator123' })).access_token,
    );
  setupClient.close();

  const rest: PhaseResult[] = [];
  for (const [i, c] of levels.entries()) {
    await settle(sql);
    const world = await loadWorld(sql, grid, data, opts.seed + 100 + i);
    const client = new KeepAliveClient(url, c);
    const meter = new CpuMeter(child.pid, clusterDir);
    const r = await closedLoop(restTarget(client, tokens), world, c, meter, timing);
    client.close();
    rest.push(r);
    log(`REST     c=${String(c).padStart(3)}: ${levelFigures(r)}, cpu server ${r.cpuPct.server}% ${cpuFigures(r)}`);
  }
  await settle(sql);
  const restRateClient = new KeepAliveClient(url, 256);
  const restRate = await fixedRate(
    restTarget(restRateClient, tokens),
    await loadWorld(sql, grid, data, opts.seed + 200),
    opts.rate,
    new CpuMeter(child.pid, clusterDir),
    timing,
  );
  restRateClient.close();
  log(
    `REST     ${opts.rate}/s: p50 ${fmt(restRate.latencyMs.p50)} ms, p99 ${fmt(restRate.latencyMs.p99)} ms (${restRate.answered} answered, errors ${restRate.errors + restRate.rejected})`,
  );

  child.send({ cmd: 'stop' });
  const stopTimer = setTimeout(() => child?.kill('SIGKILL'), 10_000);
  await childExited;
  clearTimeout(stopTimer);

  // ------------------------------------------------ BASELINE, the same transactions by hand, no HTTP
  // Prepared statements (postgres.js's default) unless --unprepared 1, which sends every statement unnamed as drizzle does.
  const direct = openPostgres(pg.url, { max: opts.pool, onnotice: () => {}, prepare: !opts.unprepared });
  const baseline: PhaseResult[] = [];
  for (const [i, c] of levels.entries()) {
    await settle(sql);
    const world = await loadWorld(sql, grid, data, opts.seed + 100 + i);
    const r = await closedLoop(baselineTarget(direct, operators), world, c, new CpuMeter(undefined, clusterDir), timing);
    baseline.push(r);
    log(`baseline c=${String(c).padStart(3)}: ${levelFigures(r)}, cpu ${cpuFigures(r)}`);
  }
  await settle(sql);
  const baselineRate = await fixedRate(
    baselineTarget(direct, operators),
    await loadWorld(sql, grid, data, opts.seed + 200),
    opts.rate,
    new CpuMeter(undefined, clusterDir),
    timing,
  );
  log(`baseline ${opts.rate}/s: p50 ${fmt(baselineRate.latencyMs.p50)} ms, p99 ${fmt(baselineRate.latencyMs.p99)} ms`);

  // Consistency: every committed change is one event, and nothing was half-done.
  const [check] = await sql<{ seq: string; events: string }[]>`SELECT (SELECT seq FROM event_counter) AS seq, (SELECT count(*) FROM board_events) AS events`;
  await direct.end({ timeout: 5 });
  await sql.end({ timeout: 5 });

  const rows = levelRows(levels, rest, baseline);
  const report = {
    benchmark: 'writes',
    date: new Date().toISOString(),
    machine: machine(),
    loadavgAtStart,
    options: { ...opts, levels, warmupMs: WARMUP_MS, mix: { patch: 0.7, create: 0.15, delete: 0.15 } },
    baselineStatements: opts.unprepared ? 'unnamed (parsed and planned every time, as drizzle sends them)' : 'prepared (postgres.js default)',
    setup: {
      ramps: opts.ramps,
      days: opts.days,
      windows: grid.count,
      loads: data.loadCount,
      initialAssignments: data.initialAssignments,
      poolSize: opts.pool,
      http: 'node:http keep-alive Agent, one connection per worker',
    },
    levels: rows,
    fixedRate: { rate: opts.rate, targetP99Ms: 50, rest: restRate, baseline: baselineRate, restMeetsTarget: restRate.latencyMs.p99 <= 50 },
    eventLog: { seq: Number(check!.seq), events: Number(check!.events) },
    notes: [
      'ops/s counts every answered mutation (2xx, 409 version conflict, 404 already deleted); committed/s only 2xx.',
      'Latency covers answered requests; closed loop from send, fixed rate from the scheduled send time.',
      'The load generator, the API server child and PostgreSQL share the same machine.',
    ],
  };
  mkdirSync(path.dirname(jsonPath), { recursive: true });
  writeFileSync(jsonPath, JSON.stringify(report, null, 2));

  printWritesReport({
    seconds: opts.seconds,
    pool: opts.pool,
    rate: opts.rate,
    rows,
    restRate,
    baselineRate,
    phases: [...rest, restRate, ...baseline, baselineRate],
    jsonPath,
  });
}

try {
  await main();
  await cleanup();
  process.exit(0);
} catch (error) {
  console.error(error);
  await cleanup();
  process.exit(1);
}
