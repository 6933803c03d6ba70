import type { Page } from '@playwright/test';
import { ACCOUNTS, Api, expect, setupLane, test, todayAt, unique } from '../support/fixtures';
import { boardAs, centre } from '../support/board';

// Below the other tests' lanes (found by search here), so these lanes push none of theirs out of the rendered rows.
const BELOW_LANES = -400_000;

/** Brings a lane's rows into view through the search, then clears it so the side list shows every load again. */
async function showLane(page: Page, reference: string) {
  await page.getByLabel('Search load reference').fill(reference);
  await expect(page.getByTestId(`block-${reference}`)).toBeInViewport();
  await page.getByLabel('Search load reference').fill('');
  await page.getByTestId(`block-${reference}`).scrollIntoViewIfNeeded();
}

/** Presses on `from` and moves to `to` in small steps, as a person does, without letting go. */
async function hold(page: Page, from: { x: number; y: number }, to: { x: number; y: number }) {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + 8, from.y + 4, { steps: 2 });
  await page.mouse.move(to.x, to.y, { steps: 12 });
}

test('a load card over a ramp of the other direction: the row says why before the drop, the drop writes nothing and says why', async ({ browser, request }) => {
  const admin = await Api.once(request, ACCOUNTS.admin);
  const lane = await setupLane(admin, { hour: 7, sortOrder: BELOW_LANES });
  await admin.ok('PATCH', `/api/ramps/${lane.rampB.id}`, { kind: 'IB' });
  const ob = await admin.ok('POST', '/api/loads', { reference: unique('E2E-OB'), direction: 'OB', planned_arrival: todayAt(8), planned_departure: todayAt(9) });
  const page = await boardAs(browser, ACCOUNTS.operator1);
  await showLane(page, lane.load.reference);

  const card = page.getByTestId(`load-${ob.reference}`);
  // The card claims no keyboard pick-up it does not have.
  await expect(card).not.toHaveAttribute('aria-describedby', /./);
  await expect(card).not.toHaveAttribute('role', 'button');
  const from = await centre(page, `load-${ob.reference}`);
  const rowA = page.getByTestId(`ramp-row-${lane.rampA.code}`);
  const rowB = page.getByTestId(`ramp-row-${lane.rampB.code}`);
  const boxB = (await rowB.boundingBox())!;
  const block = (await page.getByTestId(`block-${lane.load.reference}`).boundingBox())!;
  await hold(page, from, { x: block.x + block.width / 2, y: boxB.y + boxB.height / 2 });

  const reason = `${lane.rampB.code} takes inbound loads only`;
  await expect(rowB).toHaveAttribute('data-drop', 'refused');
  await expect(rowB.getByTestId('drop-reason')).toHaveText(reason);
  await expect(page.getByTestId('drag-ghost')).toContainText(reason);
  // The dragged card is shown above everything, not clipped inside the side panel.
  await expect(page.getByTestId('drag-ghost')).toBeInViewport();
  await expect(page.getByTestId('drag-ghost')).toContainText(ob.reference);
  await expect(rowA).not.toHaveAttribute('data-drop', 'refused');
  await page.mouse.up();

  await expect(page.getByTestId('toast').filter({ hasText: `${ob.reference} was not planned: ${reason}.` })).toBeVisible();
  await expect(card).toBeVisible();
  await expect(rowB).not.toHaveAttribute('data-drop', /./);
  expect(await admin.ok('GET', `/api/assignments?ramp_id=${lane.rampB.id}`)).toEqual([]);
  expect((await admin.ok('GET', '/api/loads?unassigned=true')).map((l: { id: number }) => l.id)).toContain(ob.id);
});

test('aimed at 14:00 near the timeline’s right edge, a card lands at 14:00; the ghost shows the ramp and time on the way', async ({ browser, request }) => {
  const admin = await Api.once(request, ACCOUNTS.admin);
  const lane = await setupLane(admin, { hour: 12, sortOrder: BELOW_LANES });
  // Planned far from 14:00, so only the pointer decides the time; one hour long.
  const free = await admin.ok('POST', '/api/loads', {
    reference: unique('E2E-EDGE'),
    direction: 'IB',
    planned_arrival: todayAt(2),
    planned_departure: todayAt(3),
  });
  const page = await boardAs(browser, ACCOUNTS.operator1);
  await showLane(page, lane.load.reference);

  // 14:00 sixty pixels from the timeline's right edge (where the old auto-scroll started at once).
  const timeline = page.getByTestId('timeline');
  const hour = timeline.getByText('14:00', { exact: true });
  const edge = async () => timeline.evaluate((el) => el.getBoundingClientRect().left + el.clientLeft + el.clientWidth);
  const delta = (await hour.boundingBox())!.x - ((await edge()) - 60);
  await timeline.evaluate((el, dx) => el.scrollBy(dx, 0), delta);
  await expect.poll(async () => Math.round((await hour.boundingBox())!.x - ((await edge()) - 60))).toBe(0);
  const scrolled = await timeline.evaluate((el) => el.scrollLeft);

  const at14 = (await hour.boundingBox())!.x + 10;
  const boxB = (await page.getByTestId(`ramp-row-${lane.rampB.code}`).boundingBox())!;
  await hold(page, await centre(page, `load-${free.reference}`), { x: at14, y: boxB.y + boxB.height / 2 });
  await expect(page.getByTestId('drag-ghost-slot')).toHaveText(`${lane.rampB.code} · 14:00–15:00`);
  await expect(page.getByTestId(`ramp-row-${lane.rampB.code}`)).toHaveAttribute('data-drop', 'ok');
  expect(await timeline.evaluate((el) => el.scrollLeft)).toBe(scrolled);
  await page.mouse.up();

  await expect
    .poll(async () => {
      const [x] = (await admin.ok('GET', `/api/assignments?ramp_id=${lane.rampB.id}`)) as { load_id: number; eta_in: string; eta_out: string }[];
      return x ? { load: x.load_id, from: Date.parse(x.eta_in), to: Date.parse(x.eta_out) } : null;
    })
    .toEqual({ load: free.id, from: Date.parse(todayAt(14)), to: Date.parse(todayAt(15)) });
});

test('a dragged block’s ghost shows the ramp and time under the pointer; dropped where it was, it says it stayed', async ({ browser, request }) => {
  const admin = await Api.once(request, ACCOUNTS.admin);
  const lane = await setupLane(admin, { hour: 16, sortOrder: BELOW_LANES });
  const page = await boardAs(browser, ACCOUNTS.operator1);
  await page.getByLabel('Search load reference').fill(lane.load.reference);
  const block = `block-${lane.load.reference}`;
  const from = await centre(page, block);
  const boxB = (await page.getByTestId(`ramp-row-${lane.rampB.code}`).boundingBox())!;

  // One hour later (96 px) on ramp B: the ghost says so while dragging.
  await hold(page, from, { x: from.x + 96, y: boxB.y + boxB.height / 2 });
  await expect(page.getByTestId('drag-ghost-slot')).toHaveText(`${lane.rampB.code} · 17:00–19:00`);
  await expect(page.getByTestId(`ramp-row-${lane.rampB.code}`).getByTestId('drop-preview')).toHaveText('17:00–19:00');
  // Back where it started, and let go: nothing is written, and the board says so.
  await page.mouse.move(from.x, from.y, { steps: 8 });
  await expect(page.getByTestId('drag-ghost-slot')).toHaveText(`${lane.rampA.code} · 16:00–18:00`);
  await page.mouse.up();
  await expect(page.getByTestId('toast').filter({ hasText: `${lane.load.reference} stays on ${lane.rampA.code} at 16:00.` })).toBeVisible();
  expect((await admin.ok('GET', `/api/assignments/${lane.assignment.id}`)).version).toBe(1);
});
