/**
 * Board benchmark, in Chromium against the full app (Next.js included):
 *
 *   npm run bench:board -- [--ramps 100] [--assignments 1000] [--big-ramps 450] [--big-assignments 2000]
 *                          [--changes 200] [--change-rate 10] [--loads 3] [--inflight 12] [--json path]
 *
 * Starts `tsx server/start.ts` (e2e/support/server.ts: builds Next when the
 * sources changed) on a free port with a temp data dir and SITE_TIMEZONE=UTC,
 * creates data through the REST API as admin, signs an operator in once, then
 * measures:
 *   - load: page.goto start → the first animation frame in which the timeline
 *     is visible, the connection indicator is live and a known block of the
 *     first ramp row is drawn inside the visible timeline (performance.now() in
 *     the page, i.e. from navigation start). Median of --loads cold loads (a new
 *     browser context each: empty HTTP cache) and --loads warm ones (same context).
 *     Size (a): --ramps ramps × --assignments assignments today; size (b): the
 *     ramps grown to --big-ramps and --big-assignments assignments tomorrow.
 *   - commit-to-DOM: with board (a) open, --changes PATCHes through REST, one at
 *     a time at --change-rate/s, to blocks in the viewport; from just before the
 *     REST call (Date.now() in Node) to the moment a MutationObserver in the page
 *     sees the block's data-version equal the new version (Date.now() in the page);
 *     split at the frame's arrival in the browser (CDP) and in the page's main thread.
 *   - JavaScript for /board: every script response of a cold load, gzip-compressed
 *     with zlib to count (target ≤ 250 kB).
 * Results: a table on stdout and JSON in bench/results/board-<timestamp>.json.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, Response } from '@playwright/test';
import { startServer, type RunningServer } from '@/e2e/support/server';
import { measureCommitToDom } from '@/bench/board-commit';
import { boardApi, createDay, createRamps, DAY, dateOf } from '@/bench/board-data';
import { launchBrowser, measureLoad, measureSize, newContext, scriptSizes, signIn, VIEWPORT, type ScriptRecord, type SizeResult } from '@/bench/board-loads';
import { printBoardReport } from '@/bench/board-report';
import { installReadyProbe, type ProbeConfig } from '@/bench/lib-board-probe';
import { fmt, freePort, guardRun, KeepAliveClient, log, machine, parseOptions, RESULTS_DIR, ROOT, sleep, stamp } from '@/bench/lib-util';

const opts = parseOptions({
  ramps: 100,
  assignments: 1000,
  'big-ramps': 450,
  'big-assignments': 2000,
  changes: 200,
  'change-rate': 10,
  loads: 3,
  inflight: 12,
  json: '',
});
if (opts['big-ramps'] < opts.ramps) throw new Error('--big-ramps counts all ramps of size (b), so it cannot be below --ramps');
const jsonPath = opts.json || path.join(RESULTS_DIR, `board-${stamp()}.json`);
const JS_BUDGET_GZIP = 250 * 1024;
const ADMIN = { email: 'admin@dcdock.com', password: 'admin123' };
const BROWSER_USER = { email: 'operator1@dcdock.com', password: 'operator123' };

// ---------------------------------------------------------------- cleanup

/**
 * The server serves the Next.js build in the shared .next directory; another
 * `npm start` or e2e run that rebuilds it replaces the chunks under a running
 * server (the page then gets 404s for its scripts and never hydrates).
 */
const buildIdFile = path.join(ROOT, '.next', 'BUILD_ID');
const readBuildId = () => (existsSync(buildIdFile) ? readFileSync(buildIdFile, 'utf8').trim() : null);
let buildIdAtStart: string | null = null;
const buildReplaced = () => buildIdAtStart !== null && readBuildId() !== buildIdAtStart;

let server: RunningServer | undefined;
let browser: Browser | undefined;
let dataDir: string | undefined;

async function cleanup(): Promise<void> {
  await browser?.close().catch(() => {});
  browser = undefined;
  if (server) await Promise.race([server.stop().catch(() => {}), sleep(15_000).then(() => server?.child.kill('SIGKILL'))]);
  server = undefined;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  dataDir = undefined;
}

const budgetMs = 600_000 + (opts.assignments + opts['big-assignments']) * 100 + opts.changes * 1_000;
guardRun(budgetMs, cleanup);

// ---------------------------------------------------------------- main

async function main() {
  const loadavgAtStart = machine().loadavg;
  const port = await freePort();
  dataDir = mkdtempSync(path.join(tmpdir(), 'dcdock-bench-board-'));
  log(`starting the app on 127.0.0.1:${port} (builds Next.js when the sources changed)`);
  const serverStarted = Date.now();
  server = await startServer(port, dataDir, { LOG_LEVEL: 'warn', LOGIN_MAX_PER_IP_PER_MINUTE: '1000' });
  const startMs = Date.now() - serverStarted;
  buildIdAtStart = readBuildId();
  log(`app ready in ${(startMs / 1000).toFixed(1)} s`);
  const baseUrl = server.url;
  const api = new KeepAliveClient(baseUrl, opts.inflight);
  const token = (await api.json<{ access_token: string }>('POST', '/api/auth/login', undefined, ADMIN)).access_token;
  const statuses = await api.json<{ id: number; code: string }[]>('GET', '/api/statuses', token);
  const cycle = ['ARRIVED', 'IN_PROGRESS', 'DELAYED', 'COMPLETED', 'PLANNED'].map((c) => statuses.find((s) => s.code === c)!.id);

  const now = Date.now();
  const d1Start = Math.floor(now / DAY) * DAY;
  const d2Start = d1Start + DAY;
  const d1 = dateOf(d1Start);
  const d2 = dateOf(d2Start);

  // Size (a): today.
  let t = Date.now();
  const rampsA = await createRamps(api, token, 0, opts.ramps, opts.inflight);
  const blocksA = await createDay(api, token, 'A', rampsA, d1Start, opts.assignments, opts.inflight);
  const setupA = Date.now() - t;
  log(`size (a): ${rampsA.length} ramps, ${blocksA.length} assignments on ${d1} through REST in ${(setupA / 1000).toFixed(1)} s`);

  browser = await launchBrowser();
  log(`Chromium ${browser.version()}`);

  // Sign in once (next-auth's credentials callback, as e2e/support/fixtures.ts apiSignin does); every context reuses the cookie.
  const storageState = await signIn(browser, baseUrl, BROWSER_USER);

  const consoleErrors: string[] = [];

  // Load times of (a), and the JavaScript of the first cold load.
  const probeA: ProbeConfig = {
    rowTestId: `ramp-row-${rampsA[0]!.code}`,
    knownBlocks: blocksA.filter((b) => b.rampCode === rampsA[0]!.code).map((b) => `block-${b.reference}`),
  };
  // The first render of /board after the server started loads the route's server code: measured once, not counted.
  const warmupContext = await newContext(browser, storageState);
  await warmupContext.addInitScript(installReadyProbe, probeA);
  const firstLoad = await measureLoad(await warmupContext.newPage(), `${baseUrl}/board?date=${d1}`, 'cold');
  await warmupContext.close();
  log(`  first load after the server started (not counted): ${fmt(firstLoad.readyMs, 0)} ms`);
  let scripts: ScriptRecord[] = [];
  let documentGzip: { bytes: number; gzipBytes: number } | undefined;
  const apiA = await boardApi(api, token, d1);
  const loadsA = await measureSize(browser, opts.loads, 'a', baseUrl, d1, storageState, probeA, (page) => {
    const responses: Response[] = [];
    page.on('response', (res) => {
      if (res.request().resourceType() === 'script') responses.push(res);
      if (res.request().resourceType() === 'document')
        void res.body().then(
          (b) => (documentGzip = { bytes: b.length, gzipBytes: gzipSync(b).length }),
          () => {},
        );
    });
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text().slice(0, 300)));
    page.on(
      'requestfinished',
      (req) =>
        void req
          .response()
          .then((res) => res && res.status() >= 400 && consoleErrors.push(`${res.status()} ${req.method()} ${req.url().replace(baseUrl, '')}`)),
    );
    page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message.slice(0, 300)}`));
    return async () => {
      await page.waitForLoadState('load');
      await sleep(1_000);
      scripts = await scriptSizes(responses);
    };
  });
  const jsGzip = scripts.reduce((s, x) => s + x.gzipBytes, 0);
  log(`JavaScript for /board: ${scripts.length} scripts, ${fmt(jsGzip / 1024)} kB gzip (${fmt(scripts.reduce((s, x) => s + x.bytes, 0) / 1024)} kB raw)`);

  // Commit-to-DOM on (a): PATCHes through REST to blocks in the viewport, watched in the page.
  const commitToDom = await measureCommitToDom({
    browser,
    api,
    token,
    baseUrl,
    date: d1,
    storageState,
    probe: probeA,
    blocks: blocksA,
    cycle,
    count: opts.changes,
    rate: opts['change-rate'],
    consoleErrors,
  });

  // Size (b): the ramps grown to --big-ramps, --big-assignments tomorrow.
  t = Date.now();
  const rampsB = [...rampsA, ...(await createRamps(api, token, opts.ramps, opts['big-ramps'], opts.inflight))];
  const blocksB = await createDay(api, token, 'B', rampsB, d2Start, opts['big-assignments'], opts.inflight);
  const setupB = Date.now() - t;
  log(`size (b): ${rampsB.length} ramps, ${blocksB.length} assignments on ${d2} through REST in ${(setupB / 1000).toFixed(1)} s`);
  const probeB: ProbeConfig = {
    rowTestId: `ramp-row-${rampsB[0]!.code}`,
    knownBlocks: blocksB.filter((b) => b.rampCode === rampsB[0]!.code).map((b) => `block-${b.reference}`),
  };
  const apiB = await boardApi(api, token, d2);
  const loadsB = await measureSize(browser, opts.loads, 'b', baseUrl, d2, storageState, probeB);
  api.close();

  const sizes: SizeResult[] = [
    {
      ...loadsA,
      firstRamp: rampsA[0]!.code,
      rampsShown: apiA.ramps,
      assignmentsShown: apiA.assignments,
      boardApi: { ms: apiA.ms, bytes: apiA.bytes, gzipBytes: apiA.gzipBytes },
    },
    {
      ...loadsB,
      firstRamp: rampsB[0]!.code,
      rampsShown: apiB.ramps,
      assignmentsShown: apiB.assignments,
      boardApi: { ms: apiB.ms, bytes: apiB.bytes, gzipBytes: apiB.gzipBytes },
    },
  ];
  const report = {
    benchmark: 'board',
    date: new Date().toISOString(),
    machine: machine(),
    chromium: browser.version(),
    options: opts,
    viewport: VIEWPORT,
    loadavgAtStart,
    server: { startMs, setupMs: { a: setupA, b: setupB }, firstLoadAfterStartMs: firstLoad.readyMs },
    sizes,
    commitToDom,
    javascript: {
      scripts: scripts.length,
      bytes: scripts.reduce((s, x) => s + x.bytes, 0),
      gzipBytes: jsGzip,
      budgetGzipBytes: JS_BUDGET_GZIP,
      withinBudget: jsGzip <= JS_BUDGET_GZIP,
      files: scripts,
    },
    document: documentGzip ?? null,
    consoleErrors: [...new Set(consoleErrors)].slice(0, 20),
    buildReplacedDuringRun: buildReplaced(),
    notes: [
      'Load: navigation start → first animation frame with the timeline visible, the connection live and a known block of the first ramp row drawn in view.',
      'Cold: a new browser context per load (empty HTTP cache, signed in from the saved cookie); warm: reloads in one context.',
      'Commit-to-DOM: Date.now() before the REST PATCH (Node) → Date.now() when the MutationObserver saw the new data-version (page); same machine clock.',
      'JavaScript: every response of type script during the first cold load of /board, gzip-compressed with zlib (default level); inline RSC payload in the HTML is not counted.',
    ],
  };
  mkdirSync(path.dirname(jsonPath), { recursive: true });
  writeFileSync(jsonPath, JSON.stringify(report, null, 2));

  printBoardReport(report, jsonPath);
}

try {
  await main();
  await cleanup();
  process.exit(0);
} catch (error) {
  console.error(error);
  if (buildReplaced())
    console.error(`.next/BUILD_ID changed during the run (${buildIdAtStart} → ${readBuildId()}): another process rebuilt the app under the running server.`);
  await cleanup();
  process.exit(1);
}
