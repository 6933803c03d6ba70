import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { ACCOUNTS, Api, baseUrl, expect, test, unique } from '../support/fixtures';

// SPEC §9: a carrier books a slot in the portal in three steps and sees it live: requested, taken slots gone, approved.

const SHOTS = path.resolve('test-results', 'screenshots');
const PASSWORD = 'portal-carrier-123';

/** A carrier of its own and one user of it, made by an admin through the API as a site would. */
async function newCarrierUser(admin: Api, name: string) {
  const carrier = await admin.ok('POST', '/api/carriers', { name });
  const email = `${name.toLowerCase().replace(/\W+/g, '.')}@example.com`;
  await admin.ok('POST', '/api/users', { email, full_name: `${name} dispatcher`, password: PASSWORD, role: 'CARRIER', carrier_id: carrier.id });
  return { email, password: PASSWORD };
}

const tomorrowAt = (hh: number, mm = 0) => {
  const d = new Date(Date.now() + 86_400_000);
  d.setUTCHours(hh, mm, 0, 0);
  return d.toISOString();
};

async function axeClean(page: Page) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  const bad = result.violations.filter((v) => v.impact === 'critical' || v.impact === 'serious');
  expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

test('a carrier books a slot in three steps, sees it requested, sees a slot taken by the site disappear, and sees the approval live', async ({
  page,
  request,
}) => {
  const admin = await Api.once(request, ACCOUNTS.admin);
  const operator = await Api.once(request, ACCOUNTS.operator1);
  const tag = unique('BOOK').toUpperCase();
  const code = `P${Date.now().toString(36).toUpperCase().slice(-6)}`;
  const ramp = await admin.ok('POST', '/api/ramps', { code, description: 'Portal door', kind: 'BOTH', sort_order: 900_000 });
  const type = await admin.ok('POST', '/api/load-types', { name: `Portal pallets ${tag}`, duration_minutes: 60, ramp_kinds: ['BOTH'] });
  const carrier = await newCarrierUser(admin, `Portal Haulage ${tag}`);

  // Sign in as the carrier, straight into the portal.
  await page.goto(`${baseUrl()}/book`);
  await page.getByLabel('Email').fill(carrier.email);
  await page.getByLabel('Password').fill(carrier.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/book/);
  await expect(page.getByRole('heading', { name: 'Book a slot' })).toBeVisible();

  // Step 1: direction, load type, day (tomorrow by default).
  await page.getByLabel('Inbound delivery').check();
  await page.getByLabel('Load type').selectOption({ label: `Portal pallets ${tag} (60 min)` });
  await expect(page.getByRole('list', { name: 'Start times at any door' })).toBeVisible();
  await page.screenshot({ path: path.join(SHOTS, 'book-1-what-and-when.png'), fullPage: true });

  // Step 2: a start time at the test's own door.
  await page.getByLabel('Door', { exact: true }).selectOption({ label: `Door ${code} · Portal door` });
  const doorTimes = page.getByRole('list', { name: `Start times at door ${code}` });
  await doorTimes.getByRole('button', { name: '10:00', exact: true }).click();
  await expect(page.getByTestId('booking-summary')).toContainText(`10:00–11:00, door ${code}`);
  await page.screenshot({ path: path.join(SHOTS, 'book-2-start-time.png'), fullPage: true });

  // Step 3: the truck's details, then request.
  const reference = `${tag}-PO1`;
  await page.getByLabel('Reference (order or delivery number)').fill(reference);
  await page.getByLabel('Truck plate').fill('WX-123-YZ');
  await page.getByLabel('Notes for the site').fill('Tail lift, 18 pallets');
  await page.screenshot({ path: path.join(SHOTS, 'book-3-your-truck.png'), fullPage: true });
  await page.getByRole('button', { name: 'Request booking' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Requested; the site will confirm it' })).toContainText(reference);
  const mine = page.getByTestId('my-booking').filter({ hasText: reference });
  await expect(mine.getByTestId('booking-state')).toHaveText('Requested');
  await expect(doorTimes.getByRole('button', { name: '10:00', exact: true })).toHaveCount(0);
  await axeClean(page);
  await page.screenshot({ path: path.join(SHOTS, 'book-4-my-bookings.png'), fullPage: true });

  // The site takes 12:00–13:00 on that door: the time disappears from the open page, without a reload.
  await expect(doorTimes.getByRole('button', { name: '12:00', exact: true })).toBeVisible();
  const load = await operator.ok('POST', '/api/loads', { reference: `${tag}-SITE`, direction: 'IB' });
  await operator.ok('POST', '/api/assignments', { ramp_id: ramp.id, load_id: load.id, eta_in: tomorrowAt(12), eta_out: tomorrowAt(13) });
  await expect(doorTimes.getByRole('button', { name: '12:00', exact: true })).toHaveCount(0);
  await expect(doorTimes.getByRole('button', { name: '13:00', exact: true })).toBeVisible();

  // The site approves the request: the badge says so within a second.
  const booking = (await page.evaluate(() => fetch('/api/booking/requests', { headers: { 'x-dcdock-csrf': '1' } }).then((r) => r.json()))) as {
    items: { id: number; reference: string; version: number }[];
  };
  const mineNow = booking.items.find((b) => b.reference === reference)!;
  const planned = (await operator.ok<{ id: number; code: string }[]>('GET', '/api/statuses')).find((s) => s.code === 'PLANNED')!;
  await operator.ok('PATCH', `/api/assignments/${mineNow.id}`, { version: mineNow.version, status_id: planned.id });
  await expect(mine.getByTestId('booking-state')).toHaveText('Approved', { timeout: 1_000 });
  await expect(mine.getByRole('button', { name: `Cancel ${reference}` })).toHaveCount(0);
  expect(type.id).toBeGreaterThan(0);
});

test('a carrier cancels a request and asks again at another time; a decline shows live with its reason', async ({ page, request }) => {
  const admin = await Api.once(request, ACCOUNTS.admin);
  const operator = await Api.once(request, ACCOUNTS.operator1);
  const tag = unique('REBOOK').toUpperCase();
  const code = `Q${Date.now().toString(36).toUpperCase().slice(-6)}`;
  await admin.ok('POST', '/api/ramps', { code, description: 'Re-request door', kind: 'BOTH', sort_order: 900_000 });
  await admin.ok('POST', '/api/load-types', { name: `Rebook crates ${tag}`, duration_minutes: 30, ramp_kinds: ['BOTH'] });
  const carrier = await newCarrierUser(admin, `Rebook Lines ${tag}`);
  await page.goto(`${baseUrl()}/book`);
  await page.getByLabel('Email').fill(carrier.email);
  await page.getByLabel('Password').fill(carrier.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Book a slot' })).toBeVisible();

  await page.getByLabel('Load type').selectOption({ label: `Rebook crates ${tag} (30 min)` });
  await page.getByLabel('Door', { exact: true }).selectOption({ label: `Door ${code} · Re-request door` });
  const doorTimes = page.getByRole('list', { name: `Start times at door ${code}` });
  await doorTimes.getByRole('button', { name: '14:00', exact: true }).click();
  const reference = `${tag}-PO2`;
  await page.getByLabel('Reference (order or delivery number)').fill(reference);
  await page.getByRole('button', { name: 'Request booking' }).click();
  const mine = page.getByTestId('my-booking').filter({ hasText: reference });
  await expect(mine.getByTestId('booking-state')).toHaveText('Requested');

  await mine.getByRole('button', { name: `Cancel ${reference}` }).click();
  await expect(mine.getByTestId('booking-state')).toHaveText('Cancelled');
  await mine.getByRole('button', { name: `Request ${reference} again` }).click();
  await expect(page.getByRole('status').filter({ hasText: `Pick a new time for ${reference}` })).toBeVisible();
  await page.getByLabel('Door', { exact: true }).selectOption({ label: `Door ${code} · Re-request door` });
  await doorTimes.getByRole('button', { name: '15:00', exact: true }).click();
  await page.getByRole('button', { name: 'Request again' }).click();
  await expect(mine.getByTestId('booking-state')).toHaveText('Requested');
  await expect(mine).toContainText('15:00–15:30');

  // The site declines it with a reason: the carrier sees both without a reload.
  const booking = (await page.evaluate(() => fetch('/api/booking/requests', { headers: { 'x-dcdock-csrf': '1' } }).then((r) => r.json()))) as {
    items: { id: number; reference: string; version: number }[];
  };
  const live = booking.items.find((b) => b.reference === reference)!;
  await operator.ok('POST', `/api/booking/requests/${live.id}/decline`, { version: live.version, reason: 'Door closed for repairs' });
  await expect(mine.getByTestId('booking-state')).toHaveText('Declined');
  await expect(mine).toContainText('Reason: Door closed for repairs');
  await expect(mine.getByRole('button', { name: `Request ${reference} again` })).toBeVisible();
});
