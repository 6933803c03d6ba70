/**
 * Commit-to-DOM for bench/board.ts: with a board open in Chromium, PATCHes
 * through REST, one at a time at a fixed rate, to blocks in the viewport;
 * from just before the REST call (Date.now() in Node) to the moment a
 * MutationObserver in the page sees the block's new data-version (Date.now()
 * in the page), split at the frame's arrival in the browser (CDP) and in the
 * page's main thread.
 */
import type { Browser } from '@playwright/test';
import type { Block } from '@/bench/board-data';
import { measureLoad, newContext, type StorageState } from '@/bench/board-loads';
import {
  installLongTaskObserver,
  installReadyProbe,
  installSocketTap,
  installVersionObserver,
  readLongTasks,
  visibleBlocks,
  type ProbeConfig,
} from '@/bench/lib-board-probe';
import { fmt, log, sleep, summarize, type KeepAliveClient, type Summary } from '@/bench/lib-util';

export type CommitToDom = {
  changes: number;
  blocks: number;
  blocksInDom: number;
  rowsInDom: number;
  observed: number;
  missing: number;
  restMs: Summary;
  toBrowserFrameMs: Summary;
  toSocketFrameMs: Summary;
  pageLongTasks: ReturnType<typeof readLongTasks>;
  socketFrameToDomMs: Summary;
  toDomMs: Summary;
  toNextFrameMs: Summary;
};

/**
 * `count` PATCHes at `rate`/s over the blocks of `blocks` that are visible on the
 * board of `date`, each to the next status of `cycle`. Updates the blocks' versions;
 * page errors go to `consoleErrors`.
 */
export async function measureCommitToDom({
  browser,
  api,
  token,
  baseUrl,
  date,
  storageState,
  probe,
  blocks,
  cycle,
  count,
  rate,
  consoleErrors,
}: {
  browser: Browser;
  api: KeepAliveClient;
  token: string;
  baseUrl: string;
  date: string;
  storageState: StorageState;
  probe: ProbeConfig;
  blocks: Block[];
  cycle: number[];
  count: number;
  rate: number;
  consoleErrors: string[];
}): Promise<CommitToDom> {
  const context = await newContext(browser, storageState);
  await context.addInitScript(installReadyProbe, probe);
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
  await measureLoad(page, `${baseUrl}/board?date=${date}`, 'warm');
  await page.evaluate(installVersionObserver);
  await page.evaluate(installLongTaskObserver);
  const byTestId = new Map(blocks.map((b) => [`block-${b.reference}`, b]));
  const inView = (await page.evaluate(visibleBlocks)).filter((v) => byTestId.has(v.testId));
  if (inView.length === 0) throw new Error('no bench block is visible on board (a)');
  log(`commit-to-DOM: ${count} PATCHes at ${rate}/s over ${inView.length} blocks in the viewport`);
  const changes: { testId: string; version: number; sentAt: number; answeredAt: number }[] = [];
  const interval = 1000 / rate;
  const loopStart = Date.now();
  for (let i = 0; i < count; i++) {
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
    .waitForFunction((keys) => keys.every((k) => (window as unknown as { __versions: Record<string, unknown> }).__versions[k]), wanted, {
      timeout: 10_000,
      polling: 100,
    })
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
  const commitToDom: CommitToDom = {
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
  log(
    `commit-to-DOM: p50 ${fmt(commitToDom.toDomMs.p50)} ms, p95 ${fmt(commitToDom.toDomMs.p95)} ms (REST answer p50 ${fmt(commitToDom.restMs.p50)} ms), missing ${missing}`,
  );
  await context.close();
  return commitToDom;
}
