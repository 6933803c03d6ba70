import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import type { Result } from 'axe-core';
import { boardAs } from '../support/board';
import { ACCOUNTS, Api, baseUrl, expect, setupLane, signedInContext, test } from '../support/fixtures';

// axe-core on every page a person uses: zero critical or serious violations.
// Each page's result is written to test-results/axe/<page>.json and the whole
// set merged into test-results/axe-summary.json, so before/after counts can be quoted.
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
// Also run, and asserted: WCAG 2.5.3 (visible label in the accessible name), which axe 4.x ships as
// experimental (off unless asked). Best-practice rules (a main landmark, regions) are recorded, not asserted.
const EXTRA_RULES = { 'label-content-name-mismatch': { enabled: true } };
const outDir = path.resolve('test-results', 'axe');

type RuleSummary = { id: string; impact: string | null; nodes: number; help: string; targets: string[] };
type PageSummary = {
  /** The Playwright runner's pid (both workers' parent): pages from an earlier run are left out of the summary. */
  run: number;
  page: string;
  url: string;
  /** WCAG violations (nodes), as asserted. */
  violations: number;
  byImpact: Record<string, number>;
  rules: RuleSummary[];
  /** Best-practice findings (nodes), for the record. */
  bestPractice: RuleSummary[];
};

/** Runs `fn` holding a lock directory, so the two workers' merges of the summary never interleave. */
function withLock(fn: () => void) {
  const lock = path.resolve('test-results', 'axe-summary.lock');
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // Held by the other worker for a few milliseconds; a stale lock (a killed run) is taken over after 10 s.
      if (Date.now() > deadline) break;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    }
  }
  try {
    fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function writeSummary(summary: PageSummary) {
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, `${summary.page}.json`), JSON.stringify(summary, null, 2));
  // Merged from every page written so far, under a lock: each worker rewrites it.
  withLock(() => {
    const pages = readdirSync(outDir)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => JSON.parse(readFileSync(path.join(outDir, f), 'utf8')) as PageSummary)
      .filter((p) => p.run === process.ppid);
    const merged = {
      axeTags: TAGS,
      pages: Object.fromEntries(pages.map(({ page, url: _url, run: _run, ...rest }) => [page, rest])),
    };
    writeFileSync(path.resolve('test-results', 'axe-summary.json'), JSON.stringify(merged, null, 2));
  });
}

const ruleSummary = (v: Result): RuleSummary => ({
  id: v.id,
  impact: v.impact ?? null,
  nodes: v.nodes.length,
  help: v.help,
  targets: v.nodes.slice(0, 30).map((n) => n.target.join(' ')),
});

async function audit(page: Page, name: string) {
  const all = await new AxeBuilder({ page }).options({ runOnly: { type: 'tag', values: [...TAGS, 'best-practice'] }, rules: EXTRA_RULES }).analyze();
  const isWcag = (v: Result) => v.tags.some((t) => TAGS.includes(t));
  const results = { violations: all.violations.filter(isWcag) };
  const byImpact: Record<string, number> = {};
  for (const v of results.violations) byImpact[v.impact ?? 'unknown'] = (byImpact[v.impact ?? 'unknown'] ?? 0) + v.nodes.length;
  const summary: PageSummary = {
    run: process.ppid,
    page: name,
    url: new URL(page.url()).pathname + new URL(page.url()).search,
    violations: results.violations.reduce((n, v) => n + v.nodes.length, 0),
    byImpact,
    rules: results.violations.map(ruleSummary),
    bestPractice: all.violations.filter((v) => !isWcag(v)).map(ruleSummary),
  };
  writeSummary(summary);
  await test.info().attach(`axe-${name}.json`, { body: JSON.stringify(all.violations, null, 2), contentType: 'application/json' });
  const blocking = results.violations
    .filter((v) => v.impact === 'critical' || v.impact === 'serious')
    .map((v) => `${v.id} (${v.impact}, ${v.nodes.length}): ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
  expect(blocking, `critical or serious axe violations on ${name}`).toEqual([]);
}

// axe over a large page (the loads table, the board) takes a while on a shared machine.
test.beforeEach(() => test.setTimeout(180_000));

async function signedInPage(account: { email: string; password: string }, browser: Parameters<typeof boardAs>[0], url: string) {
  const page = await (await signedInContext(browser, account)).newPage();
  await page.goto(`${baseUrl()}${url}`);
  return page;
}

test('login', async ({ page }) => {
  await page.goto(`${baseUrl()}/login`);
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await audit(page, 'login');
});

test('board as operator', async ({ browser, request }) => {
  await setupLane(await Api.once(request, ACCOUNTS.admin));
  const page = await boardAs(browser, ACCOUNTS.operator1);
  await audit(page, 'board-operator');
});

test('board as supervisor', async ({ browser }) => {
  const page = await boardAs(browser, ACCOUNTS.supervisor);
  await audit(page, 'board-supervisor');
});

test('day history', async ({ browser }) => {
  const page = await signedInPage(ACCOUNTS.operator1, browser, '/history');
  await expect(page.getByRole('heading', { name: 'History', level: 1 })).toBeVisible();
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0, { timeout: 15_000 });
  await audit(page, 'history-day');
});

test('assignment history', async ({ browser, request }) => {
  const { assignment } = await setupLane(await Api.once(request, ACCOUNTS.admin));
  const page = await signedInPage(ACCOUNTS.operator1, browser, `/history?assignment=${assignment.id}`);
  await expect(page.getByTestId('assignment-history')).toBeVisible({ timeout: 15_000 });
  await audit(page, 'history-assignment');
});

test('reports', async ({ browser }) => {
  const page = await signedInPage(ACCOUNTS.supervisor, browser, '/reports');
  await expect(page.getByTestId('report-day-table')).toBeVisible({ timeout: 60_000 });
  await audit(page, 'reports');
});

for (const screen of ['ramps', 'statuses', 'load-types', 'carriers', 'loads', 'users', 'displays', 'webhooks'] as const) {
  test(`admin ${screen}`, async ({ browser, request }) => {
    // An inactive user and a TV link, so those rows are part of what is checked.
    const admin = await Api.once(request, ACCOUNTS.admin);
    if (screen === 'users') {
      const email = `axe-${Date.now()}-${process.pid}@dcdock.com`;
      await admin.ok('POST', '/api/users', { email, full_name: 'Axe Inactive', role: 'OPERATOR', password: 'Quartz-lantern-9147!', is_active: false });
    }
    if (screen === 'displays') await admin.ok('POST', '/api/displays', { name: `Axe hall ${Date.now()}` });
    if (screen === 'load-types') await admin.ok('POST', '/api/load-types', { name: `Axe pallets ${Date.now()}`, duration_minutes: 45, ramp_kinds: ['BOTH'] });
    if (screen === 'webhooks') {
      // A paused endpoint (inactive: nothing is sent anywhere), so the paused notice is checked too.
      const hook = await admin.ok('POST', '/api/webhooks', { url: `https://wms.example.com/axe-${Date.now()}`, active: false });
      await admin.ok('POST', `/api/webhooks/${hook.id}/pause`);
    }
    const page = await signedInPage(ACCOUNTS.admin, browser, `/admin/${screen}`);
    await expect(page.getByRole('table')).toBeVisible();
    await expect(page.locator('table[aria-busy="true"]')).toHaveCount(0, { timeout: 15_000 });
    await expect(page.getByRole('table').getByRole('row')).not.toHaveCount(1);
    if (screen === 'loads') {
      // Every load of the demo's 30 days is one table row: axe would take minutes over thousands of
      // identical rows, so the table is narrowed to today's demo loads through the page's own search.
      await page.getByRole('searchbox').first().fill('-2026-00');
      await expect(page.getByRole('table').getByRole('row')).not.toHaveCount(1);
    }
    await audit(page, `admin-${screen}`);
  });
}

test('admin displays: the TV link form, with its paging options', async ({ browser }) => {
  const page = await signedInPage(ACCOUNTS.admin, browser, '/admin/displays');
  await page.getByRole('button', { name: 'New TV link' }).click();
  const dialog = page.getByRole('dialog', { name: 'New TV link' });
  await expect(dialog.getByLabel('Page time (seconds)')).toHaveValue('10');
  await expect(dialog.getByLabel('Hide free ramps')).not.toBeChecked();
  await audit(page, 'admin-displays-form');
  // The options are saved with the link.
  const name = `Axe form TV ${Date.now()}`;
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByLabel('Page time (seconds)').fill('30');
  await dialog.getByLabel('Hide free ramps').check();
  await dialog.getByRole('button', { name: 'Create TV link' }).click();
  await expect(dialog).toBeHidden();
  const admin = await Api.once(page.request, ACCOUNTS.admin);
  const links = (await admin.ok('GET', '/api/displays')) as { name: string; page_seconds: number; hide_free_ramps: boolean }[];
  expect(links.find((l) => l.name === name)).toMatchObject({ page_seconds: 30, hide_free_ramps: true });
  await expect(page.getByRole('row', { name: new RegExp(name) })).toContainText('Every 30 s');
});

test('admin webhooks: the form, the secret shown once, the delivery log', async ({ browser }) => {
  const page = await signedInPage(ACCOUNTS.admin, browser, '/admin/webhooks');
  await page.getByRole('button', { name: 'New webhook' }).click();
  const form = page.getByRole('dialog', { name: 'New webhook' });
  await expect(form.getByLabel('Every event type')).toBeChecked();
  await audit(page, 'admin-webhooks-form');
  const url = `https://wms.example.com/axe-form-${Date.now()}`;
  await form.getByLabel('URL').fill(url);
  await form.getByLabel('Active').uncheck();
  await form.getByRole('button', { name: 'Create webhook' }).click();
  await expect(page.getByRole('dialog', { name: 'Webhook created: its signing secret' }).getByLabel('Secret')).toHaveValue(/^whsec_/);
  await audit(page, 'admin-webhooks-secret');
  await page.getByRole('button', { name: 'I have copied it' }).click();
  await page.getByRole('button', { name: `Delivery log webhook ${url}` }).click();
  await expect(page.getByRole('dialog', { name: 'Delivery log' })).toContainText('Nothing sent yet');
  await audit(page, 'admin-webhooks-log');
});

test('the first tab stop skips past the navigation to the content', async ({ browser }) => {
  for (const [url, name] of [
    ['/board', 'Skip to board'],
    ['/admin/ramps', 'Skip to content'],
  ] as const) {
    const page = await signedInPage(ACCOUNTS.admin, browser, url);
    await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name });
    await expect(skip).toBeFocused();
    await expect(skip).toBeVisible();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('main')).toBeFocused();
    await page.close();
  }
});

test('tv', async ({ browser, request }) => {
  const admin = await Api.once(request, ACCOUNTS.admin);
  await setupLane(admin);
  const link = await admin.ok('POST', '/api/displays', { name: `Axe TV ${Date.now()}` });
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const page = await context.newPage();
  await page.goto(`${baseUrl()}${link.url}`);
  await expect(page.getByTestId('tv-board')).toBeVisible();
  await expect(page.getByTestId('tv-connection')).toHaveText(/live/i);
  await audit(page, 'tv');
  await context.close();
});
