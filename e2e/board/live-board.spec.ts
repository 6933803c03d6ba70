import { ACCOUNTS, Api, expect, setupLane, test, todayAt, unique } from '../support/fixtures';
import { boardAs, centre, drag } from '../support/board';

test('a block dragged to another ramp by operator A appears there on operator B’s board within a second', async ({ browser, request }) => {
  const admin = await Api.as(request, ACCOUNTS.admin);
  const lane = await setupLane(admin, { hour: 9 });
  const a = await boardAs(browser, ACCOUNTS.operator1);
  const b = await boardAs(browser, ACCOUNTS.operator2);
  const block = `block-${lane.load.reference}`;
  // Both boards bring the lane into view (other specs' lanes may have pushed it below the drawn rows).
  for (const board of [a, b]) await board.getByLabel('Search load reference').fill(lane.load.reference);
  await expect(a.getByTestId(`ramp-row-${lane.rampA.code}`).getByTestId(block)).toBeVisible();
  await expect(b.getByTestId(`ramp-row-${lane.rampA.code}`).getByTestId(block)).toBeVisible();

  const from = await centre(a, block);
  const rowB = (await a.getByTestId(`ramp-row-${lane.rampB.code}`).boundingBox())!;
  await drag(a, from, { x: from.x, y: rowB.y + rowB.height / 2 });
  const moved = Date.now();
  await expect(b.getByTestId(`ramp-row-${lane.rampB.code}`).getByTestId(block)).toBeVisible({ timeout: 1_000 });
  expect(Date.now() - moved).toBeLessThan(1_000);
  await expect(b.getByTestId(`ramp-row-${lane.rampA.code}`).getByTestId(block)).toHaveCount(0);

  const stored = await admin.ok('GET', `/api/assignments/${lane.assignment.id}`);
  expect(stored).toMatchObject({ ramp_id: lane.rampB.id, version: 2, eta_in: lane.assignment.eta_in });
  await a.screenshot({ path: 'test-results/screenshots/board.png' });
});

test('dragging an unassigned load onto a ramp plans it for everyone; an occupied window is refused and nothing changes', async ({ browser, request }) => {
  const admin = await Api.as(request, ACCOUNTS.admin);
  const lane = await setupLane(admin, { hour: 10 });
  const free = await admin.ok('POST', '/api/loads', {
    reference: unique('E2E-FREE'),
    direction: 'IB',
    planned_arrival: todayAt(13),
    planned_departure: todayAt(14),
  });
  const a = await boardAs(browser, ACCOUNTS.operator1);
  const b = await boardAs(browser, ACCOUNTS.operator2);
  const card = `load-${free.reference}`;
  await expect(a.getByTestId(card)).toBeVisible();
  // B's board brings the lane into view (the board draws only the rows in view) and clears the search again.
  await b.getByLabel('Search load reference').fill(lane.load.reference);
  await expect(b.getByTestId(`block-${lane.load.reference}`)).toBeInViewport();
  await b.getByLabel('Search load reference').fill('');

  // Onto the occupied 10:00–12:00 window of ramp A: refused. (Searching scrolls the board to the block.)
  await a.getByLabel('Search load reference').fill(lane.load.reference);
  await expect(a.getByTestId(`block-${lane.load.reference}`)).toBeInViewport();
  await a.getByLabel('Search load reference').fill('');
  await a.getByTestId(`block-${lane.load.reference}`).scrollIntoViewIfNeeded();
  const occupied = (await a.getByTestId(`block-${lane.load.reference}`).boundingBox())!;
  await drag(a, await centre(a, card), { x: occupied.x + occupied.width / 2, y: occupied.y + occupied.height / 2 });
  await expect(a.getByTestId('toast').filter({ hasText: /already occupied/ })).toBeVisible();
  await expect(a.getByTestId(card)).toBeVisible();
  expect((await admin.ok('GET', '/api/loads?unassigned=true')).map((l: { id: number }) => l.id)).toContain(free.id);

  // Onto ramp B at the same time: planned, and B's board shows it.
  const target = (await a.getByTestId(`block-${lane.load.reference}`).boundingBox())!;
  const rowB = (await a.getByTestId(`ramp-row-${lane.rampB.code}`).boundingBox())!;
  await drag(a, await centre(a, card), { x: target.x + target.width / 2, y: rowB.y + rowB.height / 2 });
  await expect(b.getByTestId(`ramp-row-${lane.rampB.code}`).getByTestId(`block-${free.reference}`)).toBeVisible({ timeout: 2_000 });
  await expect(b.getByTestId(card)).toHaveCount(0);
  const planned = (await admin.ok('GET', `/api/assignments?ramp_id=${lane.rampB.id}`)) as { load_id: number }[];
  expect(planned.map((x) => x.load_id)).toEqual([free.id]);
});
