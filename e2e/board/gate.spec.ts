import { ACCOUNTS, Api, baseUrl, expect, setupLane, test, unique } from '../support/fixtures';
import { boardAs, centre, drag } from '../support/board';

test('an operator checks a truck in from the board and calls it to its door; the TV of that direction shows the call within a second', async ({
  browser,
  request,
}) => {
  const admin = await Api.once(request, ACCOUNTS.admin);
  const lane = await setupLane(admin, { hour: 16 });
  const link = await admin.ok('POST', '/api/displays', { name: unique('Waiting room'), direction: 'IB' });
  const tvContext = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const tv = await tvContext.newPage();
  await tv.goto(`${baseUrl()}${link.url}`);
  await expect(tv.getByTestId('tv-connection')).toHaveText(/live/i);

  const board = await boardAs(browser, ACCOUNTS.operator1);
  const reference = lane.load.reference;
  await board.getByLabel('Search load reference').fill(reference);
  await board.getByTestId(`block-${reference}`).click();
  const gate = board.getByTestId('block-gate');
  await expect(gate).toContainText('not checked in');
  await gate.getByRole('button', { name: 'Check in' }).click();
  await expect(gate).toContainText(/in at \d\d:\d\d/);
  await board.getByRole('button', { name: 'Close' }).click();

  const entry = board.getByTestId(`yard-${reference}`);
  await expect(entry).toBeVisible();
  await expect(entry.getByTestId('yard-wait')).toHaveText('waiting 0 min');
  const stored = await admin.ok('GET', `/api/assignments/${lane.assignment.id}`);
  expect(stored).toMatchObject({ status: { code: 'ARRIVED' }, called_at: null });
  expect(stored.arrived_at).not.toBeNull();

  await entry.getByRole('button', { name: 'Call to door' }).click();
  const called = Date.now();
  const banner = tv.getByTestId('tv-door-call').filter({ hasText: `${reference} → ${lane.rampA.code}` });
  await expect(banner).toBeVisible({ timeout: 1_000 });
  expect(Date.now() - called).toBeLessThan(1_000);
  await expect(entry.getByTestId('yard-called')).toContainText(`Called to ${lane.rampA.code}`);
  expect((await admin.ok('GET', `/api/assignments/${lane.assignment.id}`)).called_at).not.toBeNull();
  await tv.screenshot({ path: 'test-results/screenshots/tv-door-call.png' });

  // The truck leaves: out of the yard on the board, and no longer called on the TV.
  await entry.getByRole('button', { name: 'Check out' }).click();
  await expect(entry).toHaveCount(0);
  await expect(banner).toHaveCount(0);
  expect(await admin.ok('GET', `/api/assignments/${lane.assignment.id}`)).toMatchObject({ status: { code: 'COMPLETED' } });
  await tvContext.close();
});

test('a walk-in is checked in from the board, waits in the yard, and is planned onto a ramp by dragging its card', async ({ browser, request }) => {
  const admin = await Api.once(request, ACCOUNTS.admin);
  const lane = await setupLane(admin, { hour: 18 });
  const board = await boardAs(browser, ACCOUNTS.operator1);
  const reference = unique('WALK');

  await board.getByRole('button', { name: 'Walk-in' }).click();
  const form = board.getByRole('form', { name: 'Walk-in' });
  await form.getByLabel('Reference').fill(reference);
  await form.getByLabel('Direction').selectOption('IB');
  await form.getByLabel('Carrier').fill('Van Dijk Transport');
  await form.getByRole('button', { name: 'Check in walk-in' }).click();
  await expect(form).toHaveCount(0);

  const entry = board.getByTestId(`yard-${reference}`);
  await expect(entry).toContainText('no ramp yet');
  await expect(entry).toContainText('Van Dijk Transport');
  const card = `load-${reference}`;
  await expect(board.getByTestId(card).getByTestId('load-in-yard')).toBeVisible();
  await board.screenshot({ path: 'test-results/screenshots/board-yard.png' });
  const [walkIn] = (await admin.ok('GET', '/api/yard')).filter((e: { load: { reference: string } }) => e.load.reference === reference);
  expect(walkIn).toMatchObject({ assignment: null, load: { carrier: 'Van Dijk Transport', planned_arrival: null } });

  // Planned onto ramp B beside the lane's block: the assignment takes the gate time and ARRIVED. The search brings the lane
  // into view (the timeline draws only the rows in view) and is cleared again, so the side list shows every card.
  const search = board.getByLabel('Search load reference');
  await search.fill(lane.load.reference);
  await expect(board.getByTestId(`block-${lane.load.reference}`)).toBeInViewport();
  await search.fill('');
  const target = await centre(board, `block-${lane.load.reference}`);
  const rowB = (await board.getByTestId(`ramp-row-${lane.rampB.code}`).boundingBox())!;
  await drag(board, await centre(board, card), { x: target.x, y: rowB.y + rowB.height / 2 });
  await expect(board.getByTestId(`ramp-row-${lane.rampB.code}`).getByTestId(`block-${reference}`)).toBeVisible();
  await expect(board.getByTestId(card)).toHaveCount(0);
  await expect(entry).toContainText(lane.rampB.code);
  const planned = (await admin.ok('GET', `/api/assignments?ramp_id=${lane.rampB.id}`)) as {
    load: { reference: string };
    status: { code: string };
    arrived_at: string;
  }[];
  expect(planned.map((a) => [a.load.reference, a.status.code, a.arrived_at])).toEqual([[reference, 'ARRIVED', walkIn.arrived_at]]);
});

test('a gate step taken in a block’s dialog leaves its Save based on the version it wrote: no conflict of the user’s own making', async ({
  browser,
  request,
}) => {
  const admin = await Api.once(request, ACCOUNTS.admin);
  const lane = await setupLane(admin, { hour: 17 });
  const board = await boardAs(browser, ACCOUNTS.operator1);
  const reference = lane.load.reference;
  await board.getByLabel('Search load reference').fill(reference);
  await board.getByTestId(`block-${reference}`).click();
  const dialog = board.getByRole('dialog');
  const gate = dialog.getByTestId('block-gate');
  await gate.getByRole('button', { name: 'Check in' }).click();
  await expect(gate).toContainText(/in at/);
  await dialog.getByLabel('Status', { exact: true }).selectOption({ label: 'In progress' });
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(board.getByTestId('conflict-dialog')).toHaveCount(0);
  await expect.poll(async () => (await admin.ok('GET', `/api/assignments/${lane.assignment.id}`)).status.code).toBe('IN_PROGRESS');
  const stored = await admin.ok('GET', `/api/assignments/${lane.assignment.id}`);
  expect(stored.arrived_at).not.toBeNull();
  expect(stored.version).toBe(lane.assignment.version + 2);
});
