import type { Locator, Page } from '@playwright/test';
import { ACCOUNTS, Api, baseUrl, expect, signedInContext, test, todayAt, unique } from '../support/fixtures';
import { boardAs } from '../support/board';
import { siteDateTime } from '../support/locale';

type Placed = { id: number; load_id: number; ramp_id: number; eta_in: string; eta_out: string; version: number; status: { code: string } };

/** Presses Tab until `target` has focus (a keyboard user's way there; a date-time field takes one press per part), at most `max` times. */
async function tabTo(page: Page, target: Locator, max = 30) {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) break;
    await page.keyboard.press('Tab');
  }
  await expect(target).toBeFocused();
}

let lanes = 0;
/**
 * Like setupLane (e2e/support/fixtures.ts), but sorted below the demo ramps:
 * these tests add many ramps, and rows above the other specs' lanes would push
 * those out of the timeline's rendered rows. A test brings its rows into view
 * with the search box.
 */
async function setupLane(admin: Api, { hour }: { hour: number }) {
  const tag = `P${Date.now().toString(36).toUpperCase()}${(++lanes % 36).toString(36).toUpperCase()}${process.pid % 10}`;
  const rampA = await admin.ok('POST', '/api/ramps', { code: `${tag}-A`, description: 'E2E plan lane A', kind: 'BOTH', sort_order: 900_000 });
  const rampB = await admin.ok('POST', '/api/ramps', { code: `${tag}-B`, description: 'E2E plan lane B', kind: 'BOTH', sort_order: 900_000 });
  const load = await admin.ok('POST', '/api/loads', {
    reference: `${tag}-L1`,
    direction: 'IB',
    planned_arrival: todayAt(hour),
    planned_departure: todayAt(hour + 2),
  });
  const assignment = await admin.ok('POST', '/api/assignments', { ramp_id: rampA.id, load_id: load.id, eta_in: todayAt(hour), eta_out: todayAt(hour + 2) });
  return { tag, rampA, rampB, load, assignment };
}

/** Scrolls the board to the lane's block (the board's search does). */
const showLane = (page: Page, reference: string) => page.getByLabel('Search load reference').fill(reference);

const same = (a: string, b: string) => Date.parse(a) === Date.parse(b);
const liveOf = async (api: Api, loadId: number) =>
  ((await api.ok('GET', `/api/assignments?from=${todayAt(0)}&to=${todayAt(23, 59)}`)) as Placed[]).filter(
    (x) => x.load_id === loadId && x.status.code !== 'CANCELLED',
  );

test('keyboard only: Tab to a load’s Plan button, Enter, pick a ramp, confirm: planned, and focus lands on the new block; Ctrl+Z takes it back', async ({
  browser,
  request,
}) => {
  const admin = await Api.once(request, ACCOUNTS.admin);
  const lane = await setupLane(admin, { hour: 6 });
  const load = await admin.ok('POST', '/api/loads', {
    reference: unique('E2E-KP'),
    direction: 'IB',
    planned_arrival: todayAt(13),
    planned_departure: todayAt(14),
  });
  const page = await boardAs(browser, ACCOUNTS.operator1);
  const card = page.getByTestId(`load-${load.reference}`);
  await expect(card).toBeVisible();
  // The card says no drag instructions it cannot keep; its Plan button is its own tab stop, no button inside a button.
  await expect(card).not.toHaveAttribute('aria-describedby', /.+/);
  await expect(card).not.toHaveAttribute('role', 'button');

  // The card is not a tab stop itself (it is a list item): from its Check in button, one step back with the keyboard is its Plan button.
  const plan = page.getByRole('button', { name: `Plan ${load.reference}`, exact: true });
  await card.getByRole('button', { name: 'Check in' }).focus();
  await page.keyboard.press('Shift+Tab');
  await expect(plan).toBeFocused();
  await page.keyboard.press('Enter');
  const dialog = page.getByTestId('plan-dialog');
  await expect(dialog).toBeVisible();
  const ramp = dialog.getByLabel('Ramp');
  await expect(ramp).toBeFocused();
  // The planned times are the default.
  await expect(dialog.getByLabel(/ETA in/)).toHaveValue(siteDateTime(todayAt(13).slice(0, 16)));
  await expect(dialog.getByLabel(/ETA out/)).toHaveValue(siteDateTime(todayAt(14).slice(0, 16)));
  // Type-ahead in the select, as a keyboard user picks an option.
  await page.keyboard.type(lane.rampB.code);
  await expect(ramp).toHaveValue(String(lane.rampB.id));
  await tabTo(page, dialog.getByRole('button', { name: 'Plan', exact: true }));
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();

  await expect
    .poll(async () => (await liveOf(admin, load.id)).map((x) => [x.ramp_id, Date.parse(x.eta_in), Date.parse(x.eta_out)]))
    .toEqual([[lane.rampB.id, Date.parse(todayAt(13)), Date.parse(todayAt(14))]]);
  await expect(page.getByTestId(`block-${load.reference}`)).toBeFocused();

  // Ctrl+Z while the toast lives: the plan is taken back, the load is unassigned again.
  await expect(page.getByTestId('toast').filter({ hasText: `${load.reference} planned on ${lane.rampB.code}` })).toBeVisible();
  await page.keyboard.press('Control+z');
  await expect.poll(async () => (await liveOf(admin, load.id)).length).toBe(0);
  await expect(card).toBeVisible();
});

test('the Plan dialog offers only ramps that fit and are free; the others are not selectable and say why', async ({ browser, request }) => {
  const admin = await Api.once(request, ACCOUNTS.admin);
  const lane = await setupLane(admin, { hour: 10 });
  const outbound = await admin.ok('POST', '/api/ramps', { code: `${lane.tag}-OB`, description: 'E2E outbound only', kind: 'OB', sort_order: 900_000 });
  const load = await admin.ok('POST', '/api/loads', {
    reference: unique('E2E-PD'),
    direction: 'IB',
    planned_arrival: todayAt(10, 30),
    planned_departure: todayAt(11, 30),
  });
  const page = await boardAs(browser, ACCOUNTS.operator1);
  await page.getByRole('button', { name: `Plan ${load.reference}`, exact: true }).click();
  const dialog = page.getByTestId('plan-dialog');
  await expect(dialog).toBeVisible();

  const option = (code: string) => dialog.getByLabel('Ramp').locator('option', { hasText: code });
  await expect(option(outbound.code)).toBeDisabled();
  await expect(option(lane.rampA.code)).toBeDisabled();
  await expect(option(lane.rampB.code)).toBeEnabled();
  const reasons = dialog.getByTestId('plan-refused');
  await expect(reasons.getByText(`${outbound.code} takes outbound loads only`, { exact: true })).toBeVisible();
  await expect(reasons.getByText(`${lane.rampA.code} is taken 10:00–12:00 by ${lane.load.reference}`, { exact: true })).toBeVisible();
  await expect(dialog.getByLabel('Ramp').selectOption(String(outbound.id), { timeout: 1_000 })).rejects.toThrow();
  await page.screenshot({ path: 'test-results/screenshots/plan-dialog.png' });

  // Later, ramp A is free: it can be chosen.
  await dialog.getByLabel(/ETA in/).fill(todayAt(12).slice(0, 16));
  await dialog.getByLabel(/ETA out/).fill(todayAt(13).slice(0, 16));
  await expect(option(lane.rampA.code)).toBeEnabled();
  await expect(option(outbound.code)).toBeDisabled();

  // Escape closes; focus is back on the Plan button that opened it.
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('button', { name: `Plan ${load.reference}`, exact: true })).toBeFocused();
});

test('a refusal of the server (a window the board cannot see: it runs into tomorrow) shows in the dialog in plain words', async ({ browser, request }) => {
  const admin = await Api.once(request, ACCOUNTS.admin);
  const lane = await setupLane(admin, { hour: 9 });
  const tomorrow = (hh: number) => new Date(Date.parse(todayAt(hh)) + 86_400_000).toISOString();
  const blocker = await admin.ok('POST', '/api/loads', {
    reference: unique('E2E-TM'),
    direction: 'IB',
    planned_arrival: tomorrow(1),
    planned_departure: tomorrow(3),
  });
  await admin.ok('POST', '/api/assignments', { ramp_id: lane.rampB.id, load_id: blocker.id, eta_in: tomorrow(1), eta_out: tomorrow(3) });
  const load = await admin.ok('POST', '/api/loads', {
    reference: unique('E2E-RF'),
    direction: 'IB',
    planned_arrival: todayAt(23),
    planned_departure: tomorrow(2),
  });
  const page = await boardAs(browser, ACCOUNTS.operator1);
  await page.getByRole('button', { name: `Plan ${load.reference}`, exact: true }).click();
  const dialog = page.getByTestId('plan-dialog');
  await dialog.getByLabel('Ramp').selectOption(String(lane.rampB.id));
  await dialog.getByRole('button', { name: 'Plan', exact: true }).click();
  await expect(dialog.getByRole('alert')).toHaveText(`${lane.rampB.code} is already taken in that time; choose another ramp or time.`);
  await expect(dialog).toBeVisible();
  expect(await liveOf(admin, load.id)).toEqual([]);
  // Nothing was dropped: the load is still in the side list once the dialog is closed, and focus is on its Plan button.
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('button', { name: `Plan ${load.reference}`, exact: true })).toBeFocused();
});

test('undo after a delete puts back the same load on the same ramp at the same times, with its status', async ({ browser, request }) => {
  const admin = await Api.once(request, ACCOUNTS.admin);
  const lane = await setupLane(admin, { hour: 15 });
  const delayed = (await admin.ok('GET', '/api/statuses')).find((s: { code: string }) => s.code === 'DELAYED');
  await admin.ok('PATCH', `/api/assignments/${lane.assignment.id}`, { version: 1, status_id: delayed.id });
  const page = await boardAs(browser, ACCOUNTS.operator1);
  await showLane(page, lane.load.reference);

  await page.getByTestId(`block-${lane.load.reference}`).click();
  await page.getByRole('button', { name: 'Delete…' }).click();
  // The confirmation takes focus to its safe answer.
  await expect(page.getByRole('button', { name: 'No', exact: true })).toBeFocused();
  await page.getByRole('button', { name: 'Yes, delete' }).click();
  await expect(page.getByTestId('edit-dialog')).toBeHidden();
  expect((await admin.call('GET', `/api/assignments/${lane.assignment.id}`)).status).toBe(404);
  // The block is gone: focus is not left on the page body.
  await expect.poll(() => page.evaluate(() => document.activeElement !== document.body && document.activeElement !== null)).toBe(true);

  await page
    .getByTestId('toast')
    .filter({ hasText: `Assignment of ${lane.load.reference} deleted` })
    .getByRole('button', { name: 'Undo' })
    .click();
  await expect
    .poll(async () => (await liveOf(admin, lane.load.id)).map((x) => ({ ramp: x.ramp_id, in: x.eta_in, out: x.eta_out, status: x.status.code })))
    .toEqual([{ ramp: lane.rampA.id, in: lane.assignment.eta_in, out: lane.assignment.eta_out, status: 'DELAYED' }]);
  await expect(page.getByTestId(`ramp-row-${lane.rampA.code}`).getByTestId(`block-${lane.load.reference}`)).toBeVisible();
});

test('undo after a move puts the block back where it was; focus is back on the block after the dialog', async ({ browser, request }) => {
  const admin = await Api.once(request, ACCOUNTS.admin);
  const lane = await setupLane(admin, { hour: 8 });
  const page = await boardAs(browser, ACCOUNTS.operator1);
  const block = page.getByTestId(`block-${lane.load.reference}`);
  await showLane(page, lane.load.reference);

  await block.click();
  await page.getByTestId('edit-dialog').getByLabel('Ramp').selectOption(String(lane.rampB.id));
  await page
    .getByTestId('edit-dialog')
    .getByLabel(/ETA in/)
    .fill(todayAt(8, 30).slice(0, 16));
  await page
    .getByTestId('edit-dialog')
    .getByLabel(/ETA out/)
    .fill(todayAt(10, 30).slice(0, 16));
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('edit-dialog')).toBeHidden();
  await expect(page.getByTestId(`ramp-row-${lane.rampB.code}`).getByTestId(`block-${lane.load.reference}`)).toBeFocused();
  await expect.poll(async () => (await admin.ok('GET', `/api/assignments/${lane.assignment.id}`)).ramp_id).toBe(lane.rampB.id);

  await page
    .getByTestId('toast')
    .filter({ hasText: `${lane.load.reference} moved to` })
    .getByRole('button', { name: 'Undo' })
    .click();
  await expect
    .poll(async () => {
      const x = (await admin.ok('GET', `/api/assignments/${lane.assignment.id}`)) as Placed;
      return { ramp: x.ramp_id, in: same(x.eta_in, lane.assignment.eta_in), out: same(x.eta_out, lane.assignment.eta_out), version: x.version };
    })
    .toEqual({ ramp: lane.rampA.id, in: true, out: true, version: 3 });
  await expect(page.getByTestId(`ramp-row-${lane.rampA.code}`).getByTestId(`block-${lane.load.reference}`)).toBeVisible();
});

test('undo after someone else changed the block meanwhile opens the conflict dialog, which explains it', async ({ browser, request }) => {
  const admin = await Api.once(request, ACCOUNTS.admin);
  const other = await Api.once(request, ACCOUNTS.operator2);
  const lane = await setupLane(admin, { hour: 18 });
  const page = await boardAs(browser, ACCOUNTS.operator1);
  await showLane(page, lane.load.reference);

  await page.getByTestId(`block-${lane.load.reference}`).click();
  await page.getByTestId('edit-dialog').getByLabel('Ramp').selectOption(String(lane.rampB.id));
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('edit-dialog')).toBeHidden();
  await expect.poll(async () => (await admin.ok('GET', `/api/assignments/${lane.assignment.id}`)).version).toBe(2);
  // Another operator, through the REST API, moves it later by an hour.
  await other.ok('PATCH', `/api/assignments/${lane.assignment.id}`, { version: 2, eta_in: todayAt(19), eta_out: todayAt(21) });

  await page
    .getByTestId('toast')
    .filter({ hasText: `${lane.load.reference} moved to` })
    .getByRole('button', { name: 'Undo' })
    .click();
  const dialog = page.getByTestId('conflict-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('conflict-undo')).toContainText(`changed ${lane.load.reference} after your change`);
  await expect(dialog.getByTestId('theirs-ramp_id')).toHaveText(lane.rampB.code);
  await expect(dialog.getByTestId('mine-ramp_id')).toHaveText(lane.rampA.code);
  await dialog.getByRole('button', { name: 'Keep theirs' }).click();
  await expect(dialog).toBeHidden();
  const x = (await admin.ok('GET', `/api/assignments/${lane.assignment.id}`)) as Placed;
  expect({ ramp: x.ramp_id, in: same(x.eta_in, todayAt(19)), version: x.version }).toEqual({ ramp: lane.rampB.id, in: true, version: 3 });
  await expect(page.getByTestId(`block-${lane.load.reference}`)).toBeFocused();
});

test('the Loads page plans a load without a ramp through the same dialog', async ({ browser, request }) => {
  const admin = await Api.once(request, ACCOUNTS.admin);
  const lane = await setupLane(admin, { hour: 20 });
  const load = await admin.ok('POST', '/api/loads', {
    reference: unique('E2E-LP'),
    direction: 'OB',
    planned_arrival: todayAt(20),
    planned_departure: todayAt(21),
  });
  const page = await (await signedInContext(browser, ACCOUNTS.operator1)).newPage();
  await page.goto(`${baseUrl()}/admin/loads`);
  await page.getByLabel('Search by reference or carrier').fill(load.reference);
  // A load with an assignment has no Plan action.
  await expect(page.getByRole('button', { name: `Plan ${lane.load.reference}`, exact: true })).toHaveCount(0);
  await page.getByRole('button', { name: `Plan ${load.reference}`, exact: true }).click();
  const dialog = page.getByTestId('plan-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('Ramp').locator('option', { hasText: lane.rampA.code })).toBeDisabled();
  await expect(dialog.getByTestId('plan-refused').getByText(`${lane.rampA.code} is taken 20:00–22:00 by ${lane.load.reference}`)).toBeVisible();
  await dialog.getByLabel('Ramp').selectOption(String(lane.rampB.id));
  await dialog.getByRole('button', { name: 'Plan', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect.poll(async () => (await liveOf(admin, load.id)).map((x) => x.ramp_id)).toEqual([lane.rampB.id]);
  await expect(page.getByRole('button', { name: `Plan ${load.reference}`, exact: true })).toHaveCount(0);
});

test('undo of a plan that someone else changed meanwhile asks first; "Remove anyway" removes it', async ({ browser, request }) => {
  const admin = await Api.once(request, ACCOUNTS.admin);
  const other = await Api.once(request, ACCOUNTS.operator2);
  const lane = await setupLane(admin, { hour: 4 });
  const load = await admin.ok('POST', '/api/loads', {
    reference: unique('E2E-UP'),
    direction: 'IB',
    planned_arrival: todayAt(5),
    planned_departure: todayAt(6),
  });
  const page = await boardAs(browser, ACCOUNTS.operator1);
  await page.getByRole('button', { name: `Plan ${load.reference}`, exact: true }).click();
  const dialog = page.getByTestId('plan-dialog');
  await dialog.getByLabel('Ramp').selectOption(String(lane.rampB.id));
  await dialog.getByRole('button', { name: 'Plan', exact: true }).click();
  await expect(dialog).toBeHidden();
  const [planned] = await liveOf(admin, load.id);
  await other.ok('PATCH', `/api/assignments/${planned!.id}`, { version: planned!.version, eta_out: todayAt(7) });

  await page
    .getByTestId('toast')
    .filter({ hasText: `${load.reference} planned on` })
    .getByRole('button', { name: 'Undo' })
    .click();
  const conflict = page.getByTestId('conflict-dialog');
  await expect(conflict.getByTestId('conflict-undo')).toContainText(`changed ${load.reference} after your plan`);
  await conflict.getByRole('button', { name: 'Remove anyway' }).click();
  await expect.poll(async () => (await liveOf(admin, load.id)).length).toBe(0);
  await expect(page.getByTestId(`load-${load.reference}`)).toBeVisible();
});
