/**
 * Chromium for bench/board.ts: contexts signed in from a saved cookie, and
 * load times of /board as the probe in the page (bench/lib-board-probe.ts)
 * marks them, cold and warm; the JavaScript a load fetched.
 */
import { existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type BrowserContext, type Page, type Response } from '@playwright/test';
import { installReadyProbe, type ProbeConfig, type ProbeMarks } from '@/bench/lib-board-probe';
import { fmt, log, median } from '@/bench/lib-util';

export const VIEWPORT = { width: 1600, height: 900 };

export type StorageState = Awaited<ReturnType<BrowserContext['storageState']>>;

const asRoot = process.getuid?.() === 0;

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined,
    args: [
      ...(asRoot ? ['--no-sandbox'] : []),
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** tsx keeps function names with a `__name` helper that the page does not have; give it one. */
const NAME_SHIM = 'window.__name = window.__name || ((f) => f);';

export async function newContext(browser: Browser, storageState?: StorageState): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: VIEWPORT, ...(storageState ? { storageState } : {}) });
  await context.addInitScript({ content: NAME_SHIM });
  return context;
}

/** The cookies of `user`, signed in through next-auth's credentials callback, for contexts to start from. */
export async function signIn(browser: Browser, baseUrl: string, user: { email: string; password: string }): Promise<StorageState> {
  const loginContext = await newContext(browser);
  const csrf = (await (await loginContext.request.get(`${baseUrl}/api/auth/csrf`)).json()) as { csrfToken: string };
  const signin = await loginContext.request.post(`${baseUrl}/api/auth/callback/credentials`, {
    form: { csrfToken: csrf.csrfToken, email: user.email, password: user.password, json: 'true', callbackUrl: `${baseUrl}/board` },
    maxRedirects: 0,
  });
  if (![200, 302].includes(signin.status())) throw new Error(`sign-in failed: ${signin.status()} ${await signin.text()}`);
  const storageState = await loginContext.storageState();
  await loginContext.close();
  return storageState;
}

export type LoadSample = {
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
export async function measureLoad(page: Page, url: string, cache: LoadSample['cache']): Promise<LoadSample> {
  const started = Date.now();
  const response = await page.goto(url, { waitUntil: 'commit', timeout: 120_000 });
  if (response?.status() !== 200) throw new Error(`GET ${url} → ${response?.status()}`);
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

export type ScriptRecord = { url: string; bytes: number; gzipBytes: number; encoding: string | null; transferredBodyBytes: number | null };

export async function scriptSizes(responses: Response[]): Promise<ScriptRecord[]> {
  const byUrl = new Map<string, ScriptRecord>();
  for (const res of responses) {
    if (byUrl.has(res.url())) continue;
    try {
      const body = await res.body();
      const sizes = await res
        .request()
        .sizes()
        .catch(() => null);
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

export type SizeResult = {
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
export async function measureSize(
  browser: Browser,
  loads: number,
  name: SizeResult['name'],
  baseUrl: string,
  date: string,
  storageState: StorageState,
  probe: ProbeConfig,
  onFirstColdPage?: (page: Page) => () => Promise<void>,
): Promise<Omit<SizeResult, 'rampsShown' | 'assignmentsShown' | 'boardApi' | 'firstRamp'>> {
  const url = `${baseUrl}/board?date=${date}`;
  const cold: LoadSample[] = [];
  for (let i = 0; i < loads; i++) {
    const context = await newContext(browser, storageState);
    await context.addInitScript(installReadyProbe, probe);
    const page = await context.newPage();
    const finish = i === 0 ? onFirstColdPage?.(page) : undefined;
    cold.push(await measureLoad(page, url, 'cold'));
    await finish?.();
    await context.close();
    log(`  (${name}) cold load ${i + 1}: ${fmt(cold[i]!.readyMs, 0)} ms (live at ${fmt(cold[i]!.liveMs ?? NaN, 0)}, block ${cold[i]!.readyBlock})`);
  }
  const context = await newContext(browser, storageState);
  await context.addInitScript(installReadyProbe, probe);
  const page = await context.newPage();
  await measureLoad(page, url, 'warm'); // fills the HTTP cache
  const warm: LoadSample[] = [];
  for (let i = 0; i < loads; i++) {
    warm.push(await measureLoad(page, url, 'warm'));
    log(`  (${name}) warm load ${i + 1}: ${fmt(warm[i]!.readyMs, 0)} ms`);
  }
  await context.close();
  return { name, date, cold, warm, coldMedianMs: median(cold.map((s) => s.readyMs)), warmMedianMs: median(warm.map((s) => s.readyMs)) };
}
