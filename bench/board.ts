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
import { chromium, type Browser, type BrowserContext, type Page, type Response } from '@playwright/test';
import { startServer, type RunningServer } from '@/e2e/support/server';
import { installLongTaskObserver, installReadyProbe, installSocketTap, installVersionObserver, readLongTasks, visibleBlocks, type ProbeConfig, type ProbeMarks } from '@/bench/lib-board-probe';
import { fmt, freePort, KeepAliveClient, log, machine, mapLimit, median, parseOptions, RESULTS_DIR, ROOT, sleep, stamp, summarize, table } from '@/bench/lib-util';

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
const VIEWPORT = { width: 1600, height: 900 };
const JS_BUDGET_GZIP = 250 * 1024;
const ADMIN = { email: 'admin@dcdock.com', password: 'admin123' };
const BROWSER_USER = { email: 'operator1@dcdock.com', password: 'operator123' };
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

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
const watchdog = setTimeout(() => {
  console.error(`benchmark exceeded its time budget (${Math.round(budgetMs / 1000)} s); stopping`);
  void cleanup().finally(() => process.exit(2));
}, budgetMs);
watchdog.unref();
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void cleanup().finally(() => process.exit(130)));

// ---------------------------------------------------------------- data through the REST API

type Block = { id: number; version: number; reference: string; rampCode: string; etaIn: number; etaOut: number };

const pad = (n: number, w: number) => String(n).padStart(w, '0');
const dateOf = (t: number) => new Date(t).toISOString().slice(0, 10);

/** Ramps sorted before the demo ramps (R1–R8), in creation order. */
async function createRamps(api: KeepAliveClient, token: string, from: number, to: number): Promise<{ id: number; code: string }[]> {
  const indexes = Array.from({ length: to - from }, (_, i) => from + i);
  return mapLimit(indexes, opts.inflight, (i) =>
    api.json<{ id: number; code: string }>('POST', '/api/ramps', token, { code: `B${pad(i + 1, 3)}`, description: `Bench ramp ${i + 1}`, kind: 'BOTH', sort_order: -1_000_000 + i }),
  );
}

/**
 * `count` assignments on the day starting at `dayStart`, spread over `ramps`
 * (round robin), each ramp's evenly over the day: a load and its assignment each.
 */
async function createDay(api: KeepAliveClient, token: string, tag: string, ramps: { id: number; code: string }[], dayStart: number, count: number): Promise<Block[]> {
  const perRamp = ramps.map((_, i) => Math.floor(count / ramps.length) + (i < count % ramps.length ? 1 : 0));
  const plan: { ramp: { id: number; code: string }; k: number; n: number; index: number }[] = [];
  ramps.forEach((ramp, r) => {
    for (let k = 0; k < perRamp[r]!; k++) plan.push({ ramp, k, n: perRamp[r]!, index: plan.length });
  });
  return mapLimit(plan, opts.inflight, async ({ ramp, k, n, index }) => {
    const slot = Math.floor(DAY / n / 60_000) * 60_000;
    const etaIn = dayStart + k * slot;
    const etaOut = etaIn + Math.min(2 * HOUR, Math.floor((slot * 0.85) / 60_000) * 60_000);
    const reference = `${tag}-${ramp.code}-${pad(k + 1, 2)}`;
    const load = await api.json<{ id: number }>('POST', '/api/loads', token, {
      reference,
      direction: index % 2 === 0 ? 'IB' : 'OB',
      planned_arrival: new Date(etaIn).toISOString(),
      planned_departure: new Date(etaOut).toISOString(),
      notes: `bench ${tag}`,
    });
    const a = await api.json<{ id: number; version: number }>('POST', '/api/assignments', token, {
      ramp_id: ramp.id,
      load_id: load.id,
      eta_in: new Date(etaIn).toISOString(),
      eta_out: new Date(etaOut).toISOString(),
    });
    return { id: a.id, version: a.version, reference, rampCode: ramp.code, etaIn, etaOut };
  });
}

// ---------------------------------------------------------------- browser

const asRoot = process.getuid?.() === 0;
/** tsx keeps function names with a `__name` helper that the page does not have; give it one. */
const NAME_SHIM = 'window.__name = window.__name || ((f) => f);';

async function newContext(storageState?: Awaited<ReturnType<BrowserContext['storageState']>>): Promise<BrowserContext> {
  const context = await browser!.newContext({ viewport: VIEWPORT, ...(storageState ? { storageState } : {}) });
  await context.addInitScript({ content: NAME_SHIM });
  return context;
}

type LoadSample = {
  cache: 'cold' | 'warm';
  readyMs: number;
  wallMs: number;
  timelineMs: number | null;
  liveMs: number | null;
  blockMs: number | null;
  readyBlock: string | null;
  responseStartMs: number;
  domContentLoadedMs: number;
  firstContentfulPaintMs: number | null;
  documentBytes: number;
};

/** One navigation to `url`, measured by the probe the context installed before any page script ran. */
async function measureLoad(page: Page, url: string, cache: LoadSample['cache']): Promise<LoadSample> {
  const started = Date.now();
  const response = await page.goto(url, { waitUntil: 'commit', timeout: 120_000 });
  if (!response || response.status() !== 200) throw new Error(`GET ${url} → ${response?.status()}`);
  try {
    const handle = await page.waitForFunction(() => (window as unknown as { __bench?: ProbeMarks }).__bench?.ready, null, { polling: 'raf', timeout: 120_000 });
    await handle.dispose();
  } catch (error) {
    const state = await page
      .evaluate(() => ({
        marks: (window as unknown as { __bench?: ProbeMarks }).__bench,
        connection: document.querySelector('[data-testid="connection"]')?.getAttribute('data-state'),
        rows: document.querySelectorAll('[data-testid^="ramp-row-"]').length,
        blocks: document.querySelectorAll('[data-testid^="block-"]').length,
      }))
      .catch((e: unknown) => String(e));
    throw new Error(`${url}: the board was not ready in time (${error instanceof Error ? error.message : error}); page state: ${JSON.stringify(state)}`);
  }
  const wallMs = Date.now() - started;
  const m = await page.evaluate(() => {
    const marks = (window as unknown as { __bench: ProbeMarks }).__bench;
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    const fcp = performance.getEntriesByName('first-contentful-paint')[0];
    return { marks, responseStart: nav.responseStart, dcl: nav.domContentLoadedEventEnd, fcp: fcp ? fcp.startTime : null, documentBytes: nav.decodedBodySize };
  });
  const r = (x: number | undefined | null) => (x === undefined || x === null ? null : Math.round(x * 10) / 10);
  return {
    cache,
    readyMs: r(m.marks.ready)!,
    wallMs,
    timelineMs: r(m.marks.timeline),
    liveMs: r(m.marks.live),
    blockMs: r(m.marks.block),
    readyBlock: m.marks.readyBlock ?? null,
    responseStartMs: r(m.responseStart)!,
    domContentLoadedMs: r(m.dcl)!,
    firstContentfulPaintMs: r(m.fcp),
    documentBytes: m.documentBytes,
  };
}

type ScriptRecord = { url: string; bytes: number; gzipBytes: number; encoding: string | null; transferredBodyBytes: number | null };

async function scriptSizes(responses: Response[]): Promise<ScriptRecord[]> {
  const byUrl = new Map<string, ScriptRecord>();
  for (const res of responses) {
    if (byUrl.has(res.url())) continue;
    try {
      const body = await res.body();
      const sizes = await res.request().sizes().catch(() => null);
      byUrl.set(res.url(), {
        url: res.url().replace(/^https?:\/\/[^/]+/, ''),
        bytes: body.length,
        gzipBytes: gzipSync(body).length,
        encoding: (await res.allHeaders())['content-encoding'] ?? null,
        transferredBodyBytes: sizes?.responseBodySize ?? null,
      });
    } catch {
      /* a response without a body (redirect, aborted) */
    }
  }
  return [...byUrl.values()].sort((a, b) => b.gzipBytes - a.gzipBytes);
}

type SizeResult = {
  name: 'a' | 'b';
  date: string;
  rampsShown: number;
  assignmentsShown: number;
  firstRamp: string;
  cold: LoadSample[];
  warm: LoadSample[];
  coldMedianMs: number;
  warmMedianMs: number;
  boardApi: { ms: number; bytes: number; gzipBytes: number };
};

/** Cold loads (a fresh context each, signed in from the saved state) and warm ones (one context, reloaded). */
async function measureSize(
  name: SizeResult['name'],
  baseUrl: string,
  date: string,
  storageState: Awaited<ReturnType<BrowserContext['storageState']>>,
  probe: ProbeConfig,
  onFirstColdPage?: (page: Page) => () => Promise<void>,
): Promise<Omit<SizeResult, 'rampsShown' | 'assignmentsShown' | 'boardApi' | 'firstRamp'>> {
  const url = `${baseUrl}/board?date=${date}`;
  const cold: LoadSample[] = [];
  for (let i = 0; i < opts.loads; i++) {
    const context = await newContext(storageState);
    await context.addInitScript(installReadyProbe, probe);
    const page = await context.newPage();
    const finish = i === 0 ? onFirstColdPage?.(page) : undefined;
    cold.push(await measureLoad(page, url, 'cold'));
    await finish?.();
    await context.close();
    log(`  (${name}) cold load ${i + 1}: ${fmt(cold[i]!.readyMs, 0)} ms (live at ${fmt(cold[i]!.liveMs ?? NaN, 0)}, block ${cold[i]!.readyBlock})`);
  }
  const context = await newContext(storageState);
  await context.addInitScript(installReadyProbe, probe);
  const page = await context.newPage();
  await measureLoad(page, url, 'warm'); // fills the HTTP cache
  const warm: LoadSample[] = [];
  for (let i = 0; i < opts.loads; i++) {
    warm.push(await measureLoad(page, url, 'warm'));
    log(`  (${name}) warm load ${i + 1}: ${fmt(warm[i]!.readyMs, 0)} ms`);
  }
  await context.close();
  return { name, date, cold, warm, coldMedianMs: median(cold.map((s) => s.readyMs)), warmMedianMs: median(warm.map((s) => s.readyMs)) };
}

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
  const rampsA = await createRamps(api, token, 0, opts.ramps);
  const blocksA = await createDay(api, token, 'A', rampsA, d1Start, opts.assignments);
  const setupA = Date.now() - t;
  log(`size (a): ${rampsA.length} ramps, ${blocksA.length} assignments on ${d1} through REST in ${(setupA / 1000).toFixed(1)} s`);

  browser = await chromium.launch({
    executablePath: existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined,
    args: [...(asRoot ? ['--no-sandbox'] : []), '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  log(`Chromium ${browser.version()}`);

  // Sign in once (next-auth's credentials callback, as e2e/support/fixtures.ts apiSignin does); every context reuses the cookie.
  const loginContext = await newContext();
  const csrf = (await (await loginContext.request.get(`${baseUrl}/api/auth/csrf`)).json()) as { csrfToken: string };
  const signin = await loginContext.request.post(`${baseUrl}/api/auth/callback/credentials`, {
    form: { csrfToken: csrf.csrfToken, email: BROWSER_USER.email, password: BROWSER_USER.password, json: 'true', callbackUrl: `${baseUrl}/board` },
    maxRedirects: 0,
  });
  if (![200, 302].includes(signin.status())) throw new Error(`sign-in failed: ${signin.status()} ${await signin.text()}`);
  const storageState = await loginContext.storageState();
  await loginContext.close();

  const consoleErrors: string[] = [];
  const boardApi = async (date: string) => {
    const r = await api.send('GET', `/api/board?date=${date}`, token);
    if (r.status !== 200) throw new Error(`GET /api/board → ${r.status}`);
    const body = JSON.parse(r.text) as { ramps: { is_active: boolean }[]; assignments: unknown[] };
    return { ms: Math.round(r.ms), bytes: Buffer.byteLength(r.text), gzipBytes: gzipSync(r.text).length, ramps: body.ramps.filter((x) => x.is_active).length, assignments: body.assignments.length };
  };

  // Load times of (a), and the JavaScript of the first cold load.
  const probeA: ProbeConfig = { rowTestId: `ramp-row-${rampsA[0]!.code}`, knownBlocks: blocksA.filter((b) => b.rampCode === rampsA[0]!.code).map((b) => `block-${b.reference}`) };
  // The first render of /board after the server started loads the route's server code: measured once, not counted.
  const warmupContext = await newContext(storageState);
  await warmupContext.addInitScript(installReadyProbe, probeA);
  const firstLoad = await measureLoad(await warmupContext.newPage(), `${baseUrl}/board?date=${d1}`, 'cold');
  await warmupContext.close();
  log(`  first load after the server started (not counted): ${fmt(firstLoad.readyMs, 0)} ms`);
  let scripts: ScriptRecord[] = [];
  let documentGzip: { bytes: number; gzipBytes: number } | undefined;
  const apiA = await boardApi(d1);
  const loadsA = await measureSize('a', baseUrl, d1, storageState, probeA, (page) => {
    const responses: Response[] = [];
    page.on('response', (res) => {
      if (res.request().resourceType() === 'script') responses.push(res);
      if (res.request().resourceType() === 'document') void res.body().then((b) => (documentGzip = { bytes: b.length, gzipBytes: gzipSync(b).length }), () => {});
    });
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text().slice(0, 300)));
    page.on('requestfinished', (req) => void req.response().then((res) => res && res.status() >= 400 && consoleErrors.push(`${res.status()} ${req.method()} ${req.url().replace(baseUrl, '')}`)));
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
  const context = await newContext(storageState);
  await context.addInitScript(installReadyProbe, probeA);
  await context.addInitScript(installSocketTap);
  const page = await context.newPage();
  page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message.slice(0, 300)}`));
  // When each assignment frame reached the browser (CDP, before the page's main thread sees it).
  const atBrowser = new Map<string, number>();
  page.on('websocket', (ws) =>
    ws.on('framereceived', ({ payload }) => {
      const at = Date.now();
      if (typeof payload !== 'string' || !payload.includes('"assignment_')) return;
      const ref = /"reference":"([^"]+)"/.exec(payload)?.[1];
      const version = /"version":(\d+)/.exec(payload)?.[1];
      const key = `block-${ref}@${version}`;
      if (ref && version && !atBrowser.has(key)) atBrowser.set(key, at);
    }),
  );
  await measureLoad(page, `${baseUrl}/board?date=${d1}`, 'warm');
  await page.evaluate(installVersionObserver);
  await page.evaluate(installLongTaskObserver);
  const byTestId = new Map(blocksA.map((b) => [`block-${b.reference}`, b]));
  const inView = (await page.evaluate(visibleBlocks)).filter((v) => byTestId.has(v.testId));
  if (inView.length === 0) throw new Error('no bench block is visible on board (a)');
  log(`commit-to-DOM: ${opts.changes} PATCHes at ${opts['change-rate']}/s over ${inView.length} blocks in the viewport`);
  const changes: { testId: string; version: number; sentAt: number; answeredAt: number }[] = [];
  const interval = 1000 / opts['change-rate'];
  const loopStart = Date.now();
  for (let i = 0; i < opts.changes; i++) {
    const wait = loopStart + i * interval - Date.now();
    if (wait > 0) await sleep(wait);
    const target = byTestId.get(inView[i % inView.length]!.testId)!;
    const sentAt = Date.now();
    const r = await api.send('PATCH', `/api/assignments/${target.id}`, token, { version: target.version, status_id: cycle[(i + target.id) % cycle.length] });
    const answeredAt = Date.now();
    if (r.status !== 200) throw new Error(`PATCH ${target.reference} → ${r.status} ${r.text.slice(0, 200)}`);
    target.version = (JSON.parse(r.text) as { version: number }).version;
    changes.push({ testId: `block-${target.reference}`, version: target.version, sentAt, answeredAt });
  }
  const wanted = changes.map((c) => `${c.testId}@${c.version}`);
  await page
    .waitForFunction((keys) => keys.every((k) => (window as unknown as { __versions: Record<string, unknown> }).__versions[k]), wanted, { timeout: 10_000, polling: 100 })
    .catch(() => {});
  await sleep(100);
  const seen = await page.evaluate(() => (window as unknown as { __versions: Record<string, { dom: number; frame?: number }> }).__versions);
  const frames = await page.evaluate(() => (window as unknown as { __frames: Record<string, number> }).__frames);
  const longTasks = await page.evaluate(readLongTasks);
  const toDom: number[] = [];
  const toFrame: number[] = [];
  const toSocket: number[] = [];
  const toBrowser: number[] = [];
  const socketToDom: number[] = [];
  const rest: number[] = [];
  let missing = 0;
  for (const c of changes) {
    const key = `${c.testId}@${c.version}`;
    const s = seen[key];
    const f = frames[key];
    rest.push(c.answeredAt - c.sentAt);
    if (f !== undefined) toSocket.push(f - c.sentAt);
    const b = atBrowser.get(key);
    if (b !== undefined) toBrowser.push(b - c.sentAt);
    if (!s) {
      missing++;
      continue;
    }
    toDom.push(s.dom - c.sentAt);
    if (f !== undefined) socketToDom.push(s.dom - f);
    if (s.frame !== undefined) toFrame.push(s.frame - c.sentAt);
  }
  const blocksInDom = await page.evaluate(() => document.querySelectorAll('[data-testid^="block-"]').length);
  const rowsInDom = await page.evaluate(() => document.querySelectorAll('[data-testid^="ramp-row-"]').length);
  const commitToDom = {
    changes: changes.length,
    blocks: inView.length,
    blocksInDom,
    rowsInDom,
    observed: toDom.length,
    missing,
    restMs: summarize(rest),
    toBrowserFrameMs: summarize(toBrowser),
    toSocketFrameMs: summarize(toSocket),
    pageLongTasks: longTasks,
    socketFrameToDomMs: summarize(socketToDom),
    toDomMs: summarize(toDom),
    toNextFrameMs: summarize(toFrame),
  };
  log(`commit-to-DOM: p50 ${fmt(commitToDom.toDomMs.p50)} ms, p95 ${fmt(commitToDom.toDomMs.p95)} ms (REST answer p50 ${fmt(commitToDom.restMs.p50)} ms), missing ${missing}`);
  await context.close();

  // Size (b): the ramps grown to --big-ramps, --big-assignments tomorrow.
  t = Date.now();
  const rampsB = [...rampsA, ...(await createRamps(api, token, opts.ramps, opts['big-ramps']))];
  const blocksB = await createDay(api, token, 'B', rampsB, d2Start, opts['big-assignments']);
  const setupB = Date.now() - t;
  log(`size (b): ${rampsB.length} ramps, ${blocksB.length} assignments on ${d2} through REST in ${(setupB / 1000).toFixed(1)} s`);
  const probeB: ProbeConfig = { rowTestId: `ramp-row-${rampsB[0]!.code}`, knownBlocks: blocksB.filter((b) => b.rampCode === rampsB[0]!.code).map((b) => `block-${b.reference}`) };
  const apiB = await boardApi(d2);
  const loadsB = await measureSize('b', baseUrl, d2, storageState, probeB);
  api.close();

  const sizes: SizeResult[] = [
    { ...loadsA, firstRamp: rampsA[0]!.code, rampsShown: apiA.ramps, assignmentsShown: apiA.assignments, boardApi: { ms: apiA.ms, bytes: apiA.bytes, gzipBytes: apiA.gzipBytes } },
    { ...loadsB, firstRamp: rampsB[0]!.code, rampsShown: apiB.ramps, assignmentsShown: apiB.assignments, boardApi: { ms: apiB.ms, bytes: apiB.bytes, gzipBytes: apiB.gzipBytes } },
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
    javascript: { scripts: scripts.length, bytes: scripts.reduce((s, x) => s + x.bytes, 0), gzipBytes: jsGzip, budgetGzipBytes: JS_BUDGET_GZIP, withinBudget: jsGzip <= JS_BUDGET_GZIP, files: scripts },
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

  console.log(`\nBoard load (median of ${opts.loads}; ms from navigation start to a fully drawn, live board):\n`);
  console.log(
    table(
      ['size', 'date', 'ramps', 'assignments', 'cold median', 'cold loads', 'warm median', 'live at (cold)', 'HTML kB', '/api/board kB gz', '/api/board ms'],
      sizes.map((s) => [
        s.name,
        s.date,
        s.rampsShown,
        s.assignmentsShown,
        fmt(s.coldMedianMs, 0),
        s.cold.map((x) => fmt(x.readyMs, 0)).join(' / '),
        fmt(s.warmMedianMs, 0),
        fmt(median(s.cold.map((x) => x.liveMs ?? NaN)), 0),
        fmt(median(s.cold.map((x) => x.documentBytes)) / 1024, 0),
        fmt(s.boardApi.gzipBytes / 1024, 0),
        s.boardApi.ms,
      ]),
    ),
  );
  console.log(`\nCommit-to-DOM on board (a), ${commitToDom.changes} PATCHes at ${opts['change-rate']}/s over ${commitToDom.blocks} visible blocks:\n`);
  console.log(
    table(
      ['measure', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'count'],
      [
        ['REST answer', fmt(commitToDom.restMs.p50), fmt(commitToDom.restMs.p95), fmt(commitToDom.restMs.p99), fmt(commitToDom.restMs.max), commitToDom.restMs.count],
        ['REST call → frame at browser (CDP)', fmt(commitToDom.toBrowserFrameMs.p50), fmt(commitToDom.toBrowserFrameMs.p95), fmt(commitToDom.toBrowserFrameMs.p99), fmt(commitToDom.toBrowserFrameMs.max), commitToDom.toBrowserFrameMs.count],
        ['REST call → frame handled in page', fmt(commitToDom.toSocketFrameMs.p50), fmt(commitToDom.toSocketFrameMs.p95), fmt(commitToDom.toSocketFrameMs.p99), fmt(commitToDom.toSocketFrameMs.max), commitToDom.toSocketFrameMs.count],
        ['socket frame → DOM', fmt(commitToDom.socketFrameToDomMs.p50), fmt(commitToDom.socketFrameToDomMs.p95), fmt(commitToDom.socketFrameToDomMs.p99), fmt(commitToDom.socketFrameToDomMs.max), commitToDom.socketFrameToDomMs.count],
        ['commit → DOM', fmt(commitToDom.toDomMs.p50), fmt(commitToDom.toDomMs.p95), fmt(commitToDom.toDomMs.p99), fmt(commitToDom.toDomMs.max), commitToDom.toDomMs.count],
        ['commit → next frame', fmt(commitToDom.toNextFrameMs.p50), fmt(commitToDom.toNextFrameMs.p95), fmt(commitToDom.toNextFrameMs.p99), fmt(commitToDom.toNextFrameMs.max), commitToDom.toNextFrameMs.count],
      ],
    ),
  );
  console.log(`  missing: ${missing}; board (a) had ${rowsInDom} ramp rows and ${blocksInDom} blocks in the DOM`);
  console.log(`  page main thread during the changes: ${longTasks.count} long tasks, ${longTasks.totalMs} ms of ${longTasks.windowMs} ms (${fmt((longTasks.totalMs / longTasks.windowMs) * 100, 0)} %), longest ${longTasks.maxMs} ms`);
  console.log(`\nJavaScript for /board: ${scripts.length} scripts, ${fmt(jsGzip / 1024)} kB gzip (budget ${JS_BUDGET_GZIP / 1024} kB: ${jsGzip <= JS_BUDGET_GZIP ? 'within' : 'OVER'})`);
  for (const s of scripts.slice(0, 8)) console.log(`  ${fmt(s.gzipBytes / 1024).padStart(7)} kB gz  ${fmt(s.bytes / 1024).padStart(7)} kB  ${s.url}`);
  if (documentGzip) console.log(`HTML of /board (size a): ${fmt(documentGzip.bytes / 1024)} kB, ${fmt(documentGzip.gzipBytes / 1024)} kB gzip`);
  if (report.consoleErrors.length) console.log(`\nBrowser console errors:\n  ${report.consoleErrors.join('\n  ')}`);
  if (report.buildReplacedDuringRun) console.log('\nWARNING: .next was rebuilt by another process during the run; the figures after that moment are not valid.');
  console.log(`\nJSON: ${path.relative(process.cwd(), jsonPath)}`);
}

try {
  await main();
  await cleanup();
  process.exit(0);
} catch (error) {
  console.error(error);
  if (buildReplaced()) console.error(`.next/BUILD_ID changed during the run (${buildIdAtStart} → ${readBuildId()}): another process rebuilt the app under the running server.`);
  await cleanup();
  process.exit(1);
}
