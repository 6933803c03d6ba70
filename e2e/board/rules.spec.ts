import { ACCOUNTS, Api, baseUrl, expect, setupLane, signedInContext, test, todayAt, unique } from '../support/fixtures';
import { boardAs, centre, drag } from '../support/board';

// SPEC §9 on screens: closed time is shaded on the board and a drop into it is refused in plain words; admins set hours on the ramps page.
const BELOW_LANES = -300_000;

test('a closure added while the board is open is shaded at once, and a block dragged into it stays where it was, saying why', async ({ browser, request }) => {
  const admin = await Api.once(request, ACCOUNTS.admin);
  const lane = await setupLane(admin, { hour: 9, sortOrder: BELOW_LANES });
  const page = await boardAs(browser, ACCOUNTS.operator1);
  await page.getByLabel('Search load reference').fill(lane.load.reference);
  await expect(page.getByTestId(`block-${lane.load.reference}`)).toBeInViewport();
  const rowB = page.getByTestId(`ramp-row-${lane.rampB.code}`);
  await expect(rowB.getByTestId('closed-band')).toHaveCount(0);

  await admin.ok('POST', `/api/ramps/${lane.rampB.id}/closures`, { starts_at: todayAt(12), ends_at: todayAt(14), reason: 'Maintenance' });
  const band = rowB.getByRole('img', { name: 'Closed: Maintenance' });
  await expect(band).toBeVisible();
  await expect(band).toHaveAttribute('title', 'Closed: Maintenance');

  const from = await centre(page, `block-${lane.load.reference}`);
  const box = (await band.boundingBox())!;
  await drag(page, from, { x: box.x + box.width / 2, y: box.y + box.height / 2 });
  await expect(page.getByTestId('toast').filter({ hasText: `${lane.rampB.code} is closed 12:00–14:00 on` })).toContainText('Maintenance');
  await expect.poll(async () => (await admin.ok('GET', `/api/assignments/${lane.assignment.id}`)).ramp_id).toBe(lane.rampA.id);
  await expect(page.getByTestId(`ramp-row-${lane.rampA.code}`).getByTestId(`block-${lane.load.reference}`)).toBeVisible();
});

test('an admin sets a ramp’s week and a closure on the ramps page', async ({ browser, request }) => {
  const admin = await Api.once(request, ACCOUNTS.admin);
  const code = unique('H').replace(/-/g, '').slice(0, 18);
  const ramp = await admin.ok('POST', '/api/ramps', { code, kind: 'BOTH', sort_order: 900_000 });
  const page = await (await signedInContext(browser, ACCOUNTS.admin)).newPage();
  await page.goto(`${baseUrl()}/admin/ramps`);
  await page.getByRole('button', { name: `Hours of ${code}` }).click();
  const dialog = page.getByRole('dialog', { name: `Hours of ${code}` });
  await expect(dialog.getByText('No hours set: the ramp is open at all times.')).toBeVisible();
  await dialog.getByLabel('Sunday', { exact: true }).uncheck();
  await dialog.getByLabel('Saturday closes').fill('14:00');
  await dialog.getByRole('button', { name: 'Save hours' }).click();
  await expect(page.getByTestId('toast').filter({ hasText: `Hours of ${code} saved.` })).toBeVisible();
  await expect
    .poll(async () => (await admin.ok('GET', `/api/ramps/${ramp.id}/hours`)).hours)
    .toEqual([...[1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '06:00', closes: '22:00' })), { weekday: 6, opens: '06:00', closes: '14:00' }]);

  await dialog.getByLabel('From').fill('2031-12-24T12:00');
  await dialog.getByLabel('Until').fill('2031-12-24T14:00');
  await dialog.getByLabel('Reason').fill('Christmas stock count');
  await dialog.getByRole('button', { name: 'Add closure' }).click();
  await expect(dialog.getByRole('listitem').filter({ hasText: 'Christmas stock count' })).toBeVisible();
  const load = await admin.ok('POST', '/api/loads', { reference: unique('E2E-H'), direction: 'IB' });
  const refused = await admin.call('POST', '/api/assignments', {
    ramp_id: ramp.id,
    load_id: load.id,
    eta_in: '2031-12-24T13:00:00Z',
    eta_out: '2031-12-24T15:00:00Z',
  });
  expect(refused).toMatchObject({ status: 409, body: { detail: `${code} is closed 12:00–14:00 on 24 Dec: Christmas stock count` } });
});
