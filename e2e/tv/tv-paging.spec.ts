import { mkdirSync } from 'node:fs';
import { type APIRequestContext, expect, type Page, request as playwrightRequest, test } from '@playwright/test';
import { type RunningServer, startServer } from '../support/server';

// The TV's paging on a board of exactly 24 ramps (the demo's are switched off), on a
// server of its own: a late truck's ramp on every page, free ramps hidden on request,
// the link's page time, and more rows (not larger ones) on a 4K screen.
test.describe.configure({ mode: 'serial' });

let server: RunningServer;
let http: APIRequestContext;
let auth: Record<string, string>;

async function api(method: string, path: string, data?: unknown) {
  const res = await http.fetch(path, { method, data, headers: auth });
  expect(res.status(), `${method} ${path}: ${await res.text()}`).toBeLessThan(300);
  return res.status() === 204 ? undefined : ((await res.json()) as any);
}

const at = (minutesFromNow: number) => new Date(Date.now() + minutesFromNow * 60_000).toISOString();
const code = (n: number) => `TV${String(n).padStart(2, '0')}`;
/** Ramp rows on screen now (off-page ones are in the document, hidden). */
const shownRows = (tv: Page) => tv.locator('[data-testid^="tv-ramp-"]:visible');

test.beforeAll(async () => {
  test.setTimeout(300_000);
  server = await startServer(3980 + Math.floor(Math.random() * 15));
  http = await playwrightRequest.newContext({ baseURL: server.url });
  const login = await http.post('/api/auth/login', { data: { email: 'admin@dcdock.com', password: 'admin123' } });
  auth = { Authorization: `Bearer ${((await login.json()) as { access_token: string }).access_token}` };
  for (const r of (await api('GET', '/api/ramps')) as { id: number; is_active: boolean }[]) {
    if (r.is_active) await api('PATCH', `/api/ramps/${r.id}`, { is_active: false });
  }
  const ramps: { id: number }[] = [];
  for (let n = 1; n <= 24; n++) ramps.push(await api('POST', '/api/ramps', { code: code(n), description: `Door ${n}`, kind: 'BOTH', sort_order: n }));
  // TV01–TV12 have a truck later today; TV20's truck was due an hour ago and has not come (late); the rest are free.
  const book = async (ramp: { id: number }, ref: string, from: number, to: number) => {
    const load = await api('POST', '/api/loads', { reference: ref, direction: 'IB', planned_arrival: at(from), planned_departure: at(to) });
    await api('POST', '/api/assignments', { ramp_id: ramp.id, load_id: load.id, eta_in: at(from), eta_out: at(to) });
  };
  for (let n = 1; n <= 12; n++) await book(ramps[n - 1]!, `TVP-${n}`, 120 + n * 5, 180 + n * 5);
  await book(ramps[19]!, 'TVP-LATE', -60, 60);
});

test.afterAll(async () => {
  await http?.dispose();
  await server?.stop();
});

test('a late truck is on every page; the page turns at the link’s page time; the site’s zone is by the clock', async ({ browser }) => {
  test.setTimeout(120_000);
  const link = await api('POST', '/api/displays', { name: 'Hall paging', page_seconds: 5 });
  expect(link).toMatchObject({ page_seconds: 5, hide_free_ramps: false });
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const tv = await context.newPage();
  await tv.goto(`${server.url}${link.url}`);
  await expect(tv.getByTestId('tv-connection')).toHaveText(/live/i);
  await expect(tv.getByTestId('tv-time-zone')).toHaveText('UTC');

  const indicator = tv.getByTestId('tv-page');
  await expect(indicator).toContainText(/page \d+\/\d+/);
  const pages = Number((await indicator.textContent())!.match(/page \d+\/(\d+)/)![1]);
  expect(pages).toBeGreaterThan(1);
  await expect(indicator).toContainText('1 ramp needs attention');
  const seen = new Set<string>();
  for (let i = 0; i < pages; i++) {
    // Each page in turn (5 s each, not the default 10 s): the late ramp is there, first.
    await expect(indicator).toContainText(`page ${((i + 1) % pages) + 1}/${pages}`, { timeout: 8_000 });
    await expect(tv.getByTestId('tv-ramp-TV20')).toBeVisible();
    await expect(shownRows(tv).first()).toHaveAttribute('data-testid', 'tv-ramp-TV20');
    await expect(tv.getByTestId('tv-ramp-TV20')).toHaveAttribute('data-state', 'late');
    for (const id of await shownRows(tv).evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!))) seen.add(id);
  }
  // Every ramp came round once the pages went by.
  expect(seen.size).toBe(24);
  await context.close();
});

test('free ramps can be hidden from a link', async ({ browser }) => {
  // Out of bounds, the page time is refused in plain words.
  const refused = await http.post('/api/displays', { data: { name: 'Too fast', page_seconds: 2 }, headers: auth });
  expect(refused.status()).toBe(422);
  expect(await refused.text()).toContain('Page time should be at least 5 seconds');
  const link = await api('POST', '/api/displays', { name: 'Hall busy only' });
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const tv = await context.newPage();
  await tv.goto(`${server.url}${link.url}`);
  await expect(tv.getByTestId('tv-connection')).toHaveText(/live/i);
  await expect(tv.getByTestId('tv-ramp-TV15')).toHaveCount(1);

  // Changed on the link: the TV picks it up by itself.
  const changed = await api('PATCH', `/api/displays/${link.id}`, { hide_free_ramps: true });
  expect(changed.hide_free_ramps).toBe(true);
  await expect(tv.getByTestId('tv-ramp-TV15')).toHaveCount(0, { timeout: 15_000 });
  const listed = await tv.locator('[data-testid^="tv-ramp-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.slice(8)));
  expect(listed.sort()).toEqual([...Array.from({ length: 12 }, (_, i) => code(i + 1)), 'TV20'].sort());
  await context.close();
});

test('a 4K screen shows more ramp rows than a 1080p one', async ({ browser }) => {
  const link = await api('POST', '/api/displays', { name: 'Hall 4K', page_seconds: 120 });
  const rowsAt = async (width: number, height: number, screenshot?: string) => {
    const context = await browser.newContext({ viewport: { width, height } });
    const tv = await context.newPage();
    await tv.goto(`${server.url}${link.url}`);
    await expect(tv.getByTestId('tv-connection')).toHaveText(/live/i);
    await expect(tv.getByTestId('tv-ramp-TV01')).toBeVisible();
    const count = await shownRows(tv).count();
    if (screenshot) {
      mkdirSync('test-results/screenshots', { recursive: true });
      await tv.screenshot({ path: screenshot });
    }
    await context.close();
    return count;
  };
  const hd = await rowsAt(1920, 1080, 'test-results/screenshots/tv-1080.png');
  const uhd = await rowsAt(3840, 2160, 'test-results/screenshots/tv-4k.png');
  test.info().annotations.push({ type: 'rows per page', description: `1920×1080: ${hd}, 3840×2160: ${uhd}` });
  console.log(`TV rows on a page of 24 ramps: 1920×1080 ${hd}, 3840×2160 ${uhd}`);
  expect(hd).toBeGreaterThanOrEqual(6);
  expect(uhd).toBeGreaterThan(hd + 3);
});
