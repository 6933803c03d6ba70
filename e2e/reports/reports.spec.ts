import { readFileSync } from 'node:fs';
import { parseCsv } from '../../tests/support/csv';
import { ACCOUNTS, Api, baseUrl, expect, signedInContext, test } from '../support/fixtures';
import { siteDay } from '../support/locale';

// /reports over the demo's 30 days of history (npm start seeds them), the
// assignments CSV against the API, and the printed day plan. The e2e server
// runs in UTC, so site days are UTC days.

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

type ReportDay = { date: string; due: number; handled: number; no_show: number; on_time_arrival_pct: number | null };
type Report = { from: string; to: string; days: ReportDay[]; ramps: { code: string }[] };

const instant = (v: string | null | undefined) => (v ? Date.parse(v) : null);

test('a supervisor opens /reports, changes the range, and downloads the assignments CSV with the rows the API has', async ({ browser, request }) => {
  const api = await Api.once(request, ACCOUNTS.supervisor);
  const context = await signedInContext(browser, ACCOUNTS.supervisor);
  const page = await context.newPage();
  const today = day(0);

  await page.goto(`${baseUrl()}/board`);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports' }).click();
  await expect(page).toHaveURL(/\/reports/);
  await expect(page.getByRole('heading', { name: 'Reports' })).toBeVisible();

  // The first look: the last 30 days, with the demo's history in charts and tables.
  await expect(page.getByTestId('preset-month')).toHaveAttribute('aria-pressed', 'true');
  await expect(page).toHaveURL(`${baseUrl()}/reports?from=${day(-29)}&to=${today}`);
  const rows = page.getByTestId('report-day-table').locator('tbody tr');
  await expect(rows).toHaveCount(30);
  const month = await api.ok<Report>('GET', `/api/reports?from=${day(-29)}&to=${today}`);
  const yesterday = month.days.find((d) => d.date === day(-1))!;
  expect(month.days.reduce((s, d) => s + d.handled, 0)).toBeGreaterThan(300);
  const yesterdayRow = page.getByTestId(`report-day-${day(-1)}`);
  await expect(yesterdayRow.locator('td').nth(6)).toHaveText(String(yesterday.handled));
  await expect(yesterdayRow.locator('td').nth(7)).toHaveText(String(yesterday.no_show));
  // Every chart is an image with a name and a description a screen reader reads.
  for (const name of ['On-time arrival (%)', 'Average wait and dwell (minutes)', 'Trucks handled and no-shows', 'Ramp utilization (%)']) {
    await expect(page.getByRole('img', { name: new RegExp(`^${name.replace(/[()]/g, '\\$&')}`) })).toBeVisible();
  }
  // Handled and no-shows: two bars a day.
  await expect(page.getByTestId('chart-handled').locator('rect')).toHaveCount(60);
  await page.screenshot({ path: 'test-results/screenshots/reports.png', fullPage: true });
  // On paper: the figures, charts and tables without the app's header and the controls.
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeHidden();
  await expect(page.getByTestId('preset-week')).toBeHidden();
  await expect(page.getByTestId('chart-on-time')).toBeVisible();
  await page.screenshot({ path: 'test-results/screenshots/reports-print.png', fullPage: true });
  await page.emulateMedia({ media: 'screen' });

  // Week: the address, the table and the charts follow.
  await page.getByTestId('preset-week').click();
  await expect(page).toHaveURL(`${baseUrl()}/reports?from=${day(-6)}&to=${today}`);
  await expect(page.getByTestId('preset-week')).toHaveAttribute('aria-pressed', 'true');
  await expect(rows).toHaveCount(7);
  await expect(page.getByTestId('chart-handled').locator('rect')).toHaveCount(14);
  await page.getByTestId('preset-day').click();
  await expect(rows).toHaveCount(1);

  // A custom range of past days (nothing else writes there while the suite runs), kept across a reload.
  const from = day(-7);
  const to = day(-1);
  await page.getByLabel('From', { exact: true }).fill(siteDay(from));
  await page.getByLabel('To', { exact: true }).fill(siteDay(to));
  await expect(page).toHaveURL(`${baseUrl()}/reports?from=${from}&to=${to}`);
  await expect(rows).toHaveCount(7);
  await expect(page.getByTestId('preset-week')).toHaveAttribute('aria-pressed', 'false');
  await page.reload();
  await expect(page.getByLabel('From', { exact: true })).toHaveValue(siteDay(from));
  await expect(rows).toHaveCount(7);
  const week = await api.ok<Report>('GET', `/api/reports?from=${from}&to=${to}`);
  await expect(page.getByTestId('figure-handled')).toHaveText(String(week.days.reduce((s, d) => s + d.handled, 0)));

  // The download is the API's CSV of that range, one row per assignment planned in it.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-assignments').click()]);
  expect(download.suggestedFilename()).toBe(`assignments-${from}_${to}.csv`);
  const file = readFileSync((await download.path())!, 'utf8');
  const csv = parseCsv(file);
  const [header, ...data] = csv;
  expect(header).toEqual([
    'reference',
    'carrier',
    'direction',
    'ramp',
    'status',
    'planned_in',
    'planned_out',
    'arrived_at',
    'started_at',
    'completed_at',
    'departed_at',
    'wait_minutes',
    'door_minutes',
    'dwell_minutes',
  ]);
  const fromApi = await page.request.get(`${baseUrl()}/api/reports/assignments.csv?from=${from}&to=${to}`);
  expect(fromApi.status()).toBe(200);
  expect(parseCsv(await fromApi.text())).toEqual(csv);

  const start = Date.parse(`${from}T00:00:00Z`);
  const end = Date.parse(`${to}T00:00:00Z`) + 86_400_000;
  type Assignment = {
    id: number;
    eta_in: string;
    eta_out: string;
    arrived_at: string | null;
    departed_at: string | null;
    status: { code: string };
    ramp: { code: string };
    load: { reference: string; carrier: string | null };
  };
  const listed = (await api.ok<Assignment[]>('GET', `/api/assignments?from=${new Date(start).toISOString()}&to=${new Date(end).toISOString()}&limit=10000`))
    .filter((a) => Date.parse(a.eta_in) >= start && Date.parse(a.eta_in) < end)
    .sort((a, b) => Date.parse(a.eta_in) - Date.parse(b.eta_in) || a.id - b.id);
  expect(data.length).toBeGreaterThan(50);
  expect(data.map((r) => r[0])).toEqual(listed.map((a) => a.load.reference));
  for (const [i, r] of data.entries()) {
    const a = listed[i]!;
    expect([r[1], r[3], r[4]]).toEqual([a.load.carrier ?? '', a.ramp.code, a.status.code]);
    expect([instant(r[5]), instant(r[7]), instant(r[10])]).toEqual([instant(a.eta_in), instant(a.arrived_at), instant(a.departed_at)]);
  }
  // The demo's trucks: dwell between 40 and 120 minutes for every truck that left.
  const dwell = data.filter((r) => r[13]).map((r) => Number(r[13]));
  expect(dwell.length).toBeGreaterThan(40);
  expect(Math.min(...dwell)).toBeGreaterThanOrEqual(40);
  expect(Math.max(...dwell)).toBeLessThanOrEqual(120);

  // The history download of the same days: the demo's changes at the times they stand for, in seq order, by the operators.
  const historyHref = await page.getByTestId('download-history').getAttribute('href');
  expect(historyHref).toBe(`/api/history.csv?from=${from}&to=${to}`);
  const history = await page.request.get(`${baseUrl()}${historyHref}`);
  expect(history.status()).toBe(200);
  const [historyHeader, ...changes] = parseCsv(await history.text());
  expect(historyHeader).toEqual(['seq', 'time', 'user', 'type', 'entity', 'id', 'changed_fields']);
  expect(changes.length).toBeGreaterThan(4 * data.length);
  const times = changes.map((c) => Date.parse(c[1]!));
  expect(Math.min(...times)).toBeGreaterThanOrEqual(start);
  expect(Math.max(...times)).toBeLessThan(end);
  expect(changes.map((c) => Number(c[0]))).toEqual(changes.map((c) => Number(c[0])).sort((a, b) => a - b));
  expect(changes.filter((c) => c[3] === 'assignment_updated' && c[2]?.startsWith('operator')).length).toBeGreaterThan(3 * data.length);

  // One carrier: the address, the figures and the assignments download follow.
  const carrier = data[0]![1]!;
  await page.getByLabel('Carrier', { exact: true }).fill(carrier);
  await expect(page).toHaveURL(`${baseUrl()}/reports?${new URLSearchParams({ from, to, carrier }).toString()}`);
  const theirs = await api.ok<Report>('GET', `/api/reports?${new URLSearchParams({ from, to, carrier }).toString()}`);
  const handled = theirs.days.reduce((s, d) => s + d.handled, 0);
  expect(handled).toBeLessThan(week.days.reduce((s, d) => s + d.handled, 0));
  await expect(page.getByTestId('figure-handled')).toHaveText(String(handled));
  await expect(page.getByTestId('report-range')).toContainText(`carrier “${carrier}”`);
  const carrierCsv = await page.request.get(`${baseUrl()}${await page.getByTestId('download-assignments').getAttribute('href')}`);
  expect(parseCsv(await carrierCsv.text()).slice(1)).toEqual(data.filter((r) => r[1] === carrier));
  await context.close();
});

test('an operator has no Reports link and is told the page is not for the role', async ({ browser }) => {
  const context = await signedInContext(browser, ACCOUNTS.operator1);
  const page = await context.newPage();
  await page.goto(`${baseUrl()}/board`);
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Board' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports' })).toHaveCount(0);
  await page.goto(`${baseUrl()}/reports`);
  await expect(page.getByTestId('reports-not-for-role')).toBeVisible();
  await expect(page.getByRole('img')).toHaveCount(0);
  await context.close();
});

test('the day plan prints per ramp on A4 landscape, without the app around it', async ({ browser }) => {
  const context = await signedInContext(browser, ACCOUNTS.supervisor);
  const page = await context.newPage();
  await page.goto(`${baseUrl()}/board?date=${day(-1)}`);
  await page.getByTestId('print-plan-link').click();
  await expect(page).toHaveURL(`${baseUrl()}/board/print?date=${day(-1)}`);
  const plan = page.getByTestId('day-plan');
  await expect(plan.getByRole('heading', { level: 1 })).toContainText('Day plan');
  for (const code of ['R1', 'R5', 'R8']) await expect(plan.getByTestId(`plan-ramp-${code}`)).toBeVisible();
  // Yesterday's trucks carry their actual times beside the plan.
  await expect(plan.locator('td', { hasText: /^\d\d:\d\d → \d\d:\d\d → \d\d:\d\d → \d\d:\d\d/ }).first()).toBeVisible();

  await page.emulateMedia({ media: 'print' });
  await expect(page.getByTestId('print-button')).toBeHidden();
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeHidden();
  await expect(plan.getByTestId('plan-ramp-R1')).toBeVisible();
  await page.screenshot({ path: 'test-results/screenshots/day-plan-print.png', fullPage: true });
  // The page's own size wins when printing: A4 landscape is 842 × 595 points.
  const pdf = (await page.pdf({ preferCSSPageSize: true, path: 'test-results/screenshots/day-plan.pdf' })).toString('latin1');
  const box = /\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/.exec(pdf);
  expect(box).not.toBeNull();
  expect(Math.abs(Number(box![1]) - 842)).toBeLessThan(2);
  expect(Math.abs(Number(box![2]) - 595)).toBeLessThan(2);
  await context.close();
});
