import { ACCOUNTS, Api, expect, setupLane, test, todayAt, unique } from '../support/fixtures';
import { boardAs, centre } from '../support/board';
import { siteDateTime } from '../support/locale';
import { nextOpenSlot } from '../support/open-time';

// SPEC §9 before the drop: a move into closed time says why in red while dragging (ghost, row label, mark)
// and a keyboard move reads it out; nothing is sent. The Plan dialog sizes ETA out by the load's type.
const BELOW_LANES = -350_000;
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** Ramp B of a lane opens today 06:00–12:00 and 13:00–22:00 (UTC, the e2e site zone) and round the clock on the other days. */
async function breakAtNoon(admin: Api, rampId: number) {
  const today = new Date().getUTCDay();
  const hours = [0, 1, 2, 3, 4, 5, 6].flatMap((weekday) =>
    weekday === today
      ? [
          { weekday, opens: '06:00', closes: '12:00' },
          { weekday, opens: '13:00', closes: '22:00' },
        ]
      : [{ weekday, opens: '00:00', closes: '24:00' }],
  );
  await admin.ok('PUT', `/api/ramps/${rampId}/hours`, { hours });
  return `is closed 12:00–13:00 on ${WEEKDAYS[today]}s`;
}

test('a block dragged over a ramp’s break shows the reason in red before the drop, and dropped there it stays put', async ({ browser, request }) => {
  const admin = await Api.once(request, ACCOUNTS.admin);
  const lane = await setupLane(admin, { hour: 9, sortOrder: BELOW_LANES });
  const why = `${lane.rampB.code} ${await breakAtNoon(admin, lane.rampB.id)}`;
  const ref = lane.load.reference;
  const page = await boardAs(browser, ACCOUNTS.operator1);
  await page.getByLabel('Search load reference').fill(ref);
  await expect(page.getByTestId(`block-${ref}`)).toBeInViewport();
  const rowB = page.getByTestId(`ramp-row-${lane.rampB.code}`);
  // The break is the day's one-hour band (the other two run to the edges of the day).
  await expect(rowB.getByRole('img', { name: 'Closed: outside opening hours' })).toHaveCount(3);
  const bands = await rowB.getByTestId('closed-band').evaluateAll((els) => els.map((el) => el.getBoundingClientRect().toJSON() as DOMRect));
  const noon = bands.reduce((a, b) => (b.width < a.width ? b : a));

  // Grabbed at its middle (10:00), the 2-hour block is dragged so that its middle is over 12:30: 11:30–13:30.
  const from = await centre(page, `block-${ref}`);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + 8, from.y + 4, { steps: 2 });
  await page.mouse.move(noon.x + noon.width / 2, noon.y + noon.height / 2, { steps: 12 });
  const ghost = page.getByTestId('drag-ghost');
  await expect(ghost.getByTestId('drag-ghost-slot')).toHaveText(`${lane.rampB.code} · 11:30–13:30`);
  await expect(ghost.getByTestId('drag-ghost-reason')).toHaveText(why);
  await expect(ghost).toHaveClass(/ring-red-700/);
  await expect(rowB.getByTestId('drop-reason')).toHaveText(why);
  await expect(rowB.getByTestId('drop-preview')).toHaveAttribute('data-refused', 'true');
  await page.screenshot({ path: 'test-results/screenshots/drag-closed-warning.png' });
  await page.mouse.up();

  await expect(page.getByTestId('toast').filter({ hasText: `${ref} was not moved: ${why}.` })).toBeVisible();
  const stored = await admin.ok('GET', `/api/assignments/${lane.assignment.id}`);
  expect({ ramp: stored.ramp_id, version: stored.version }).toEqual({ ramp: lane.rampA.id, version: 1 });
});

test('a keyboard move into a ramp’s break is read out with the reason and refused; it stays picked up', async ({ browser, request }) => {
  const admin = await Api.once(request, ACCOUNTS.admin);
  const lane = await setupLane(admin, { hour: 10, sortOrder: BELOW_LANES });
  const why = `${lane.rampB.code} ${await breakAtNoon(admin, lane.rampB.id)}`;
  const ref = lane.load.reference;
  const page = await boardAs(browser, ACCOUNTS.operator1);
  await page.getByLabel('Search load reference').fill(ref);
  const block = page.getByTestId(`block-${ref}`);
  await expect(block).toBeInViewport();
  const said = page.getByTestId('move-announcer');
  await block.focus();
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowDown');
  // 10:00–12:00 ends as the break starts: open.
  await expect(said).toHaveText(`${ref} to ${lane.rampB.code} at 10:00`);
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(said).toHaveText(`${ref} to ${lane.rampB.code} at 10:30. Not possible: ${why}.`);
  await expect(page.getByTestId(`ramp-row-${lane.rampB.code}`).getByTestId('drop-reason')).toHaveText(why);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('toast').filter({ hasText: `${ref} was not moved: ${why}.` })).toBeVisible();
  await expect(block).toHaveAttribute('data-moving', 'true');
  await page.keyboard.press('Escape');
  await expect(block).toBeFocused();
  expect((await admin.ok('GET', `/api/assignments/${lane.assignment.id}`)).version).toBe(1);
});

test('the Plan dialog sizes ETA out by the load’s type, and the plan keeps it', async ({ browser, request }) => {
  const admin = await Api.once(request, ACCOUNTS.admin);
  const lane = await setupLane(admin, { hour: 6, sortOrder: BELOW_LANES });
  const type = await admin.ok('POST', '/api/load-types', { name: unique('Reefer'), duration_minutes: 45, ramp_kinds: ['IB', 'OB', 'BOTH'] });
  // Only an arrival: the length comes from the type (45 min), not the 2 h default.
  const load = await admin.ok('POST', '/api/loads', { reference: unique('E2E-LT'), direction: 'IB', planned_arrival: todayAt(15), load_type_id: type.id });
  const page = await boardAs(browser, ACCOUNTS.operator1);
  await page.getByRole('button', { name: `Plan ${load.reference}`, exact: true }).click();
  const dialog = page.getByTestId('plan-dialog');
  await expect(dialog.getByLabel(/ETA in/)).toHaveValue(siteDateTime(todayAt(15).slice(0, 16)));
  await expect(dialog.getByLabel(/ETA out/)).toHaveValue(siteDateTime(todayAt(15, 45).slice(0, 16)));
  await dialog.getByLabel('Ramp').selectOption(String(lane.rampB.id));
  await dialog.getByRole('button', { name: 'Plan', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect
    .poll(async () =>
      ((await admin.ok('GET', `/api/assignments?from=${todayAt(0)}&to=${todayAt(23, 59)}`)) as { load_id: number; eta_in: string; eta_out: string }[])
        .filter((a) => a.load_id === load.id)
        .map((a) => [Date.parse(a.eta_in), Date.parse(a.eta_out)]),
    )
    .toEqual([[Date.parse(todayAt(15)), Date.parse(todayAt(15, 45))]]);
});

test('a demo ramp takes a booking at its next open time (the helper the tests use on demo ramps)', async ({ request }) => {
  const admin = await Api.once(request, ACCOUNTS.admin);
  const r5 = ((await admin.ok('GET', '/api/ramps')) as { id: number; code: string }[]).find((r) => r.code === 'R5')!;
  const hours = await admin.ok('GET', `/api/ramps/${r5.id}/hours`);
  expect(hours.always_open).toBe(false);
  // A week ahead, clear of the demo's own trucks; on a Sunday before 22:00 the helper waits for 22:00.
  const slot = await nextOpenSlot(admin, r5.id, 30, Date.now() + 7 * 86_400_000);
  const load = await admin.ok('POST', '/api/loads', { reference: unique('E2E-OPEN'), direction: 'IB' });
  const booked = await admin.call('POST', '/api/assignments', { ramp_id: r5.id, load_id: load.id, ...slot });
  expect(booked.status, JSON.stringify(booked.body)).toBe(201);
  await admin.ok('DELETE', `/api/assignments/${booked.body.id}`);
});
