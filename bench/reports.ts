/**
 * Reports benchmark: a day's KPIs and 90 days of report data over a year of
 * history, through the REST API, against the same single statement run
 * straight on PostgreSQL in the same run.
 *
 *   npm run bench:reports -- [--days 365] [--per-day 420] [--ramps 40] [--events 1000000] [--samples 100] [--json path]
 *
 * Boots an embedded PostgreSQL in a temp dir (migrated, demo data), writes the
 * history with set-based SQL (bench/reports-data.ts), starts the DCDock API
 * server (no Next.js) in a child process on 127.0.0.1:0, then, sample by
 * sample and alternating which goes first: GET /api/kpis?date=<a past day> as
 * a supervisor, and the statement dayKpis() sends (captured, bench/reports-explain.ts)
 * run bare through the `postgres` driver; the same for GET /api/reports over
 * 90 days. Prints EXPLAIN ANALYZE of both statements, p50/p95/p99 and the
 * ratios, and times a 90-day assignments CSV. JSON in bench/results/reports-<timestamp>.json.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { capturingDb, executionMs, explain, type Captured } from '@/bench/reports-explain';
import { createHistory } from '@/bench/reports-data';
import { fmt, guardRun, KeepAliveClient, log, machine, mulberry32, parseOptions, RESULTS_DIR, ROOT, sleep, stamp, summarize, table } from '@/bench/lib-util';
import { shiftDay } from '@/lib/zoned-time';
import { signAccessToken } from '@/server/auth/tokens';
import { openPostgres } from '@/server/db/connect';
import { createDb } from '@/server/db/client';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '@/server/db/embedded';
import { migrateDatabase } from '@/server/db/migrate';
import { seedDemoData } from '@/server/db/seed';
import { dayKpis } from '@/server/kpis/day-kpis';
import { reportData } from '@/server/reports/report-data';
import { createLogger } from '@/server/logger';

const opts = parseOptions({ days: 365, 'per-day': 420, ramps: 40, events: 1_000_000, samples: 100, 'report-days': 90, seed: 1, json: '' });
const jsonPath = opts.json || path.join(RESULTS_DIR, `reports-${stamp()}.json`);
const TZ = 'UTC';

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
guardRun(180_000 + (opts.days * opts['per-day']) / 1_000 + opts.events / 10_000 + opts.samples * 2_000, cleanup);

async function startChild(env: Record<string, string>): Promise<number> {
  child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench', 'lib-api-child.ts')], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the API server child did not start within 60 s')), 60_000);
    child!.on('message', (m: { ready?: boolean; port?: number }) => {
      if (!m?.ready) return;
      clearTimeout(timer);
      resolve(m.port!);
    });
    child!.once('exit', (code) => reject(new Error(`the API server child exited (${code}) before it was ready`)));
  });
}

/** The one statement a domain call sends, captured on its first run. */
async function statementOf(run: () => Promise<unknown>, captured: Captured[]): Promise<Captured> {
  captured.length = 0;
  await run();
  // The driver's own first statement on a connection (its type lookup) comes before; ours is the one that starts WITH.
  const ours = captured.filter((c) => c.query.trimStart().startsWith('WITH'));
  if (ours.length !== 1) throw new Error(`expected one statement, got ${ours.length}`);
  return ours[0]!;
}

type Pair = { api: number[]; direct: number[] };

async function main() {
  const loadavgAtStart = machine().loadavg;
  tempDir = mkdtempSync(path.join(tmpdir(), 'dcdock-bench-reports-'));
  log(`embedded PostgreSQL in ${tempDir}`);
  pg = await startEmbeddedPostgres(tempDir, createLogger('warn'));
  await migrateDatabase(pg.url);
  const seedDb = createDb(pg.url, 2);
  await seedDemoData(seedDb);
  await seedDb.$client.end();
  const sql = openPostgres(pg.url, { max: 2, onnotice: () => {} });
  const now = new Date();
  const t = performance.now();
  const shape = { days: opts.days, perDay: opts['per-day'], ramps: opts.ramps, events: opts.events };
  const history = await createHistory(sql, shape, now);
  const generateMs = performance.now() - t;
  log(`history: ${history.assignments} assignments, ${history.events} events from ${history.firstDay} in ${fmt(generateMs / 1000)} s`);
  const today = now.toISOString().slice(0, 10);
  const reportDays = Math.min(opts['report-days'], opts.days);

  // The statements, and their plans on a day and a range in the middle of the history.
  const cap = capturingDb(pg.url);
  const midDay = shiftDay(today, -Math.floor(opts.days / 2));
  const kpiSql = await statementOf(() => dayKpis(cap.db, TZ, { date: midDay }, now), cap.captured);
  const reportSql = await statementOf(() => reportData(cap.db, TZ, { from: shiftDay(midDay, -(reportDays - 1)), to: midDay }, now), cap.captured);
  const plans = { kpis: await explain(sql, kpiSql), report: await explain(sql, reportSql) };
  for (const [name, plan] of Object.entries(plans)) log(`EXPLAIN ANALYZE ${name}:\n    ${plan.join('\n    ')}`);

  // The API server in its own process, a supervisor's token.
  const secret = randomBytes(48).toString('base64url');
  const port = await startChild({ DATABASE_URL: pg.url, AUTH_SECRET: secret, DATABASE_POOL_SIZE: '4', LOG_LEVEL: 'warn', NODE_ENV: 'production', TZ });
  const client = new KeepAliveClient(`http://127.0.0.1:${port}`, 2);
  const [sup] = await sql<{ id: number; email: string }[]>`SELECT id, email FROM users WHERE role = 'SUPERVISOR' ORDER BY id LIMIT 1`;
  const token = await signAccessToken({ user_id: sup!.id, email: sup!.email, role: 'SUPERVISOR' }, secret, 3600);

  const random = mulberry32(opts.seed);
  const pastDay = (span: number) => shiftDay(today, -(1 + Math.floor(random() * Math.max(1, opts.days - span - 1))));
  const kpis: Pair = { api: [], direct: [] };
  const report: Pair = { api: [], direct: [] };
  /** The captured statement with this sample's dates in place of the captured ones. */
  const bare = async (c: Captured, params: unknown[]) => {
    const started = performance.now();
    await sql.unsafe(c.query, params as never[]);
    return performance.now() - started;
  };
  const timedGet = async (p: string) => {
    const r = await client.send('GET', p, token);
    if (r.status !== 200) throw new Error(`GET ${p} → ${r.status} ${r.text.slice(0, 300)}`);
    return r.ms;
  };
  const warmup = Math.min(10, Math.ceil(opts.samples / 5));
  for (let i = -warmup; i < opts.samples; i++) {
    const day = pastDay(0);
    const to = pastDay(reportDays);
    const from = shiftDay(to, -(reportDays - 1));
    // Parameters as the domain function would send them for this sample.
    const kpiCall = await statementOf(() => dayKpis(cap.db, TZ, { date: day }, now), cap.captured);
    const reportCall = await statementOf(() => reportData(cap.db, TZ, { from, to }, now), cap.captured);
    const pairs: [Pair, () => Promise<number>, () => Promise<number>][] = [
      [kpis, () => timedGet(`/api/kpis?date=${day}`), () => bare(kpiCall, kpiCall.params)],
      [report, () => timedGet(`/api/reports?from=${from}&to=${to}`), () => bare(reportCall, reportCall.params)],
    ];
    for (const [pair, api, direct] of pairs) {
      let a: number;
      let d: number;
      if (i % 2 === 0) {
        a = await api();
        d = await direct();
      } else {
        d = await direct();
        a = await api();
      }
      if (i >= 0) {
        pair.api.push(a);
        pair.direct.push(d);
      }
    }
  }
  // A 90-day CSV download, end to end.
  const csvMs: number[] = [];
  let csvBytes = 0;
  for (let i = 0; i < 3; i++) {
    const to = pastDay(reportDays);
    const r = await client.send('GET', `/api/reports/assignments.csv?from=${shiftDay(to, -(reportDays - 1))}&to=${to}`, token, undefined, 120_000);
    if (r.status !== 200) throw new Error(`CSV → ${r.status}`);
    csvMs.push(r.ms);
    csvBytes = Buffer.byteLength(r.text);
  }
  client.close();
  await cap.end();
  await sql.end();

  const summary = (p: Pair) => ({ api: summarize(p.api), direct: summarize(p.direct) });
  const result = {
    options: opts,
    machine: machine(),
    loadavgAtStart,
    history: { ...history, generateSeconds: Math.round(generateMs / 100) / 10 },
    plans: { ...plans, kpisExecutionMs: executionMs(plans.kpis), reportExecutionMs: executionMs(plans.report) },
    kpis: summary(kpis),
    report: summary(report),
    csv: { days: reportDays, ms: csvMs.map((m) => Math.round(m)), bytes: csvBytes },
  };
  const rows = (['kpis', 'report'] as const).map((k) => {
    const s = result[k];
    return [
      k === 'kpis' ? "a day's KPIs" : `${reportDays} days of report`,
      fmt(s.api.p50),
      fmt(s.api.p95),
      fmt(s.api.p99),
      fmt(s.direct.p50),
      fmt(s.direct.p95),
      fmt(s.api.p95 / s.direct.p95, 2),
    ];
  });
  console.log(`\n${table(['what', 'API p50 ms', 'API p95', 'API p99', 'direct p50', 'direct p95', 'API/direct p95'], rows)}`);
  console.log(`${reportDays}-day assignments CSV: ${csvMs.map((m) => `${fmt(m, 0)} ms`).join(', ')} for ${fmt(csvBytes / 1e6, 2)} MB`);
  mkdirSync(path.dirname(jsonPath), { recursive: true });
  writeFileSync(jsonPath, `${JSON.stringify(result, null, 2)}\n`);
  log(`JSON: ${jsonPath}`);
}

main()
  .then(() => cleanup())
  .then(() => process.exit(0))
  .catch(async (error: unknown) => {
    console.error(error);
    await cleanup();
    process.exit(1);
  });
