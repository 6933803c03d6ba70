import { mkdirSync } from 'node:fs';
import { type Browser, type Page, request as playwrightRequest } from '@playwright/test';
import { ACCOUNTS, Api, baseUrl, expect, setupLane, test, todayAt } from '../support/fixtures';
import { boardAs } from '../support/board';
import { siteDay } from '../support/locale';
import { type RunningServer, startServer } from '../support/server';

// SITE_LOCALE drives every date and time, the pickers included. The suite's server runs en-GB
// (the default); de-DE and en-US get servers of their own.

const SHOTS = 'test-results/screenshots';
const SIZES = [
  { width: 1920, height: 1080 },
  { width: 1366, height: 768 },
] as const;
const today = () => new Date().toISOString().slice(0, 10);
const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
const longDay = (day: string, locale: string) =>
  new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${day}T12:00:00Z`));

async function shoot(page: Page, name: string) {
  mkdirSync(SHOTS, { recursive: true });
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await expect(page.getByTestId('timeline')).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/board-${name}-${size.width}.png` });
  }
}

const hydrationErrors: string[] = [];

/** A board signed in on a server of the test's own (its sign-in callback, as e2e/support/fixtures.ts does). */
async function boardOn(browser: Browser, server: RunningServer): Promise<Page> {
  const context = await browser.newContext({ viewport: SIZES[0] });
  const { csrfToken } = (await (await context.request.get(`${server.url}/api/auth/csrf`)).json()) as { csrfToken: string };
  const res = await context.request.post(`${server.url}/api/auth/callback/credentials`, {
    form: { csrfToken, ...ACCOUNTS.operator1, json: 'true', callbackUrl: `${server.url}/board` },
    maxRedirects: 0,
  });
  expect([200, 302]).toContain(res.status());
  const page = await context.newPage();
  // Server and browser must write the same dates: a mismatch would show as a hydration error.
  page.on('console', (m) => {
    if (m.type() === 'error' && /Hydration|#418|#423|#425/.test(m.text())) hydrationErrors.push(m.text());
  });
  await page.goto(`${server.url}/board`);
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live');
  return page;
}

test('en-GB: the board, its picker and the edit dialog write dates DD/MM/YYYY and 24-hour times; an ETA typed so is saved', async ({ browser, request }) => {
  const admin = await Api.once(request, ACCOUNTS.admin);
  const lane = await setupLane(admin, { hour: 9 });
  const page = await boardAs(browser, ACCOUNTS.operator1);
  await page.setViewportSize(SIZES[0]);

  await expect(page.getByTestId('board-day')).toHaveText(longDay(today(), 'en-GB'));
  await expect(page.getByTestId('board-zone')).toHaveText('UTC');
  const date = page.getByLabel('Date', { exact: true });
  await expect(date).toHaveAttribute('placeholder', 'DD/MM/YYYY');
  await expect(date).toHaveValue(siteDay(today()));
  await expect(page.getByTestId('timeline')).toContainText('13:00');
  await shoot(page, 'en-GB');

  // The edit dialog: the ETA in the site's pattern; unreadable text is said to be so; a typed time is saved.
  await page.getByLabel('Search load reference').fill(lane.load.reference);
  const block = page.getByTestId(`block-${lane.load.reference}`);
  await expect(block).toContainText('09:00–11:00');
  await block.click();
  const etaIn = page.getByLabel(/^ETA in/);
  await expect(etaIn).toHaveValue(`${siteDay(today())} 09:00`);
  await etaIn.fill('31/02/2026 09:00');
  await etaIn.blur();
  await expect(page.getByRole('alert').filter({ hasText: 'Enter a date and time as DD/MM/YYYY HH:MM.' })).toBeVisible();
  await etaIn.fill(`${siteDay(today())} 09:30`);
  await etaIn.press('ArrowUp');
  await expect(etaIn).toHaveValue(`${siteDay(today())} 09:45`);
  await page.getByLabel(/^ETA out/).fill(`${siteDay(today())} 12:15`);
  await page.getByLabel('Status').selectOption({ label: 'Arrived' });
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('edit-dialog')).toBeHidden();
  await expect
    .poll(async () => {
      const a = await admin.ok('GET', `/api/assignments/${lane.assignment.id}`);
      return [Date.parse(a.eta_in), Date.parse(a.eta_out)];
    })
    .toEqual([Date.parse(todayAt(9, 45)), Date.parse(todayAt(12, 15))]);

  // Night shift: the same board with the system in dark mode.
  await page.getByLabel('Search load reference').fill('');
  await page.emulateMedia({ colorScheme: 'dark' });
  // A near-black page: lightness under 10 %.
  await expect(page.locator('body')).toHaveCSS('background-color', /^(lab\(\d\.|oklch\(0\.\d{1,2}\b)/);
  await page.screenshot({ path: `${SHOTS}/board-en-GB-1920-dark.png` });

  // The date picker takes the site's pattern and the calendar; the board follows.
  await page.emulateMedia({ colorScheme: 'light' });
  await date.fill(siteDay(tomorrow()));
  await expect(page.getByTestId('board-day')).toHaveText(longDay(tomorrow(), 'en-GB'));
  await date.press('ArrowDown');
  await expect(page.getByTestId('board-day')).toHaveText(longDay(today(), 'en-GB'));
  await page.getByRole('button', { name: 'Open calendar' }).click();
  const calendar = page.getByRole('dialog', { name: /Choose a date/ });
  await expect(calendar).toBeVisible();
  await calendar.getByRole('button', { name: longDay(tomorrow(), 'en-GB') }).click();
  await expect(page.getByTestId('board-day')).toHaveText(longDay(tomorrow(), 'en-GB'));
  await expect(calendar).toBeHidden();

  // History names the person and the statuses' labels, in the site's date and time.
  await page.goto(`${baseUrl()}/history`);
  await expect(page.getByLabel('Day', { exact: true })).toHaveValue(siteDay(today()));
  await page.getByLabel('Load reference').fill(lane.load.reference);
  const change = page.getByRole('row').filter({ hasText: 'ETA in' });
  await expect(change).toContainText('John Operator');
  await expect(change).toContainText(/status\s*Planned\s*→?\s*to\s*Arrived/);
  await expect(change).toContainText(/09:00\s*→?\s*to\s*09:45/);
});

test('en-GB: a load’s planned times are typed DD/MM/YYYY HH:MM on the Loads page and reach the API as instants', async ({ browser, request }) => {
  const admin = await Api.once(request, ACCOUNTS.admin);
  const page = await boardAs(browser, ACCOUNTS.operator1);
  const reference = `LOC-${Date.now().toString(36).toUpperCase()}`;
  await page.goto(`${baseUrl()}/admin/loads`);
  await page.getByRole('button', { name: 'New load' }).click();
  await page.getByRole('dialog').getByLabel('Reference').fill(reference);
  const arrival = page.getByRole('dialog').getByLabel('Planned arrival');
  await expect(arrival).toHaveAttribute('placeholder', 'DD/MM/YYYY HH:MM');
  await arrival.fill(`${siteDay(tomorrow())} 7:30`);
  await arrival.blur();
  await expect(arrival).toHaveValue(`${siteDay(tomorrow())} 07:30`);
  await page
    .getByRole('dialog')
    .getByLabel('Planned departure')
    .fill(`${siteDay(tomorrow())} 08:45`);
  await page.getByRole('button', { name: 'Create load' }).click();
  await expect
    .poll(async () => {
      const loads = await admin.ok<{ reference: string; planned_arrival: string | null; planned_departure: string | null }[]>('GET', '/api/loads?limit=10000');
      const load = loads.find((l) => l.reference === reference);
      return load && [Date.parse(load.planned_arrival!), Date.parse(load.planned_departure!)];
    })
    .toEqual([Date.parse(`${tomorrow()}T07:30:00Z`), Date.parse(`${tomorrow()}T08:45:00Z`)]);
});

test('de-DE and en-US: day names, 24- or 12-hour times and the pickers follow SITE_LOCALE', async ({ browser }) => {
  test.setTimeout(300_000);
  const port = 4100 + Math.floor(Math.random() * 300);
  const de = await startServer(port, undefined, { SITE_LOCALE: 'de-DE' });
  try {
    const page = await boardOn(browser, de);
    // e.g. "Dienstag, 1. Dezember 2026"
    await expect(page.getByTestId('board-day')).toHaveText(longDay(today(), 'de-DE'));
    await expect(page.getByTestId('board-day')).toHaveText(/^(Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag), \d{1,2}\. /);
    await expect(page.getByTestId('timeline')).toContainText('13:00');
    await expect(page.getByTestId('timeline')).not.toContainText(/\d PM/);
    const date = page.getByLabel('Date', { exact: true });
    await expect(date).toHaveAttribute('placeholder', 'TT.MM.JJJJ');
    await expect(date).toHaveValue(siteDay(today(), 'de-DE'));
    const block = page.locator('[data-testid^="block-"]').first();
    await expect(block).toContainText(/\d{2}:\d{2}–\d{2}:\d{2}/);
    await shoot(page, 'de-DE');
    await date.fill(siteDay(tomorrow(), 'de-DE'));
    await expect(page.getByTestId('board-day')).toHaveText(longDay(tomorrow(), 'de-DE'));

    // The TV writes its clock's date in German too, and keeps its own dark design whatever the system's scheme.
    const http = await playwrightRequest.newContext({ baseURL: de.url });
    const token = ((await (await http.post('/api/auth/login', { data: ACCOUNTS.admin })).json()) as { access_token: string }).access_token;
    const link = (await (await http.post('/api/displays', { data: { name: 'Halle A' }, headers: { Authorization: `Bearer ${token}` } })).json()) as {
      url: string;
    };
    await http.dispose();
    const tvText: string[] = [];
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      await page.goto(`${de.url}${link.url}`);
      await expect(page.getByTestId('tv-board')).toContainText(longDay(today(), 'de-DE').replace(/ \d{4}$/, ''));
      await expect(page.getByTestId('tv-board')).toHaveCSS('background-color', 'rgb(5, 8, 15)');
      tvText.push(await page.getByTestId('tv-board').evaluate((el) => getComputedStyle(el).color));
    }
    expect(tvText[1]).toBe(tvText[0]);
    expect(hydrationErrors).toEqual([]);
    await page.context().close();
  } finally {
    await de.stop();
  }

  const us = await startServer(port + 1, undefined, { SITE_LOCALE: 'en-US' });
  try {
    const page = await boardOn(browser, us);
    await expect(page.getByTestId('board-day')).toHaveText(longDay(today(), 'en-US'));
    await expect(page.getByTestId('timeline')).toContainText(/1:00\sPM/);
    const date = page.getByLabel('Date', { exact: true });
    await expect(date).toHaveAttribute('placeholder', 'MM/DD/YYYY');
    await expect(page.locator('[data-testid^="block-"]').first()).toContainText(/\d{1,2}:\d{2}\s[AP]M–\d{1,2}:\d{2}\s[AP]M/);
    await page.screenshot({ path: `${SHOTS}/board-en-US-1920.png` });
    // The API still speaks ISO 8601 whatever the screens show.
    const http = await playwrightRequest.newContext({ baseURL: us.url });
    const login = await http.post('/api/auth/login', { data: ACCOUNTS.admin });
    const token = ((await login.json()) as { access_token: string }).access_token;
    const board = await (await http.get('/api/board', { headers: { Authorization: `Bearer ${token}` } })).json();
    expect(board.assignments[0].eta_in).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
    await http.dispose();
    expect(hydrationErrors).toEqual([]);
    await page.context().close();
  } finally {
    await us.stop();
  }
});
