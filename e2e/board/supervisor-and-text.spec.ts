import { ACCOUNTS, Api, apiSignin, baseUrl, expect, setupLane, test, todayAt, unique } from '../support/fixtures';

test('a supervisor sees the board without edit controls, and the server refuses their writes', async ({ page, request }) => {
  const admin = await Api.as(request, ACCOUNTS.admin);
  const lane = await setupLane(admin, { hour: 8 });
  await apiSignin(page, ACCOUNTS.supervisor);
  await page.goto(`${baseUrl()}/board`);
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live');
  await expect(page.getByRole('link', { name: 'Ramps' })).toHaveCount(0);

  // Other tests' lanes fill the board: search brings this one's row into view, as a user would.
  await page.getByLabel('Search load reference').fill(lane.load.reference);
  await page.getByTestId(`block-${lane.load.reference}`).click();
  const dialog = page.getByTestId('edit-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Save' })).toHaveCount(0);
  await expect(dialog.getByRole('button', { name: /Delete/ })).toHaveCount(0);
  await expect(dialog.getByLabel('Status')).toBeDisabled();
  await page.keyboard.press('Escape');
  await expect(page.getByText('Drag a load onto a ramp to plan it.')).toHaveCount(0);

  // The browser session itself, with the CSRF header a page would send: refused by the server.
  const patch = await page.context().request.patch(`${baseUrl()}/api/assignments/${lane.assignment.id}`, {
    data: { version: 1, status_id: 2 },
    headers: { 'x-dcdock-csrf': '1' },
  });
  expect(patch.status()).toBe(403);
  const create = await page
    .context()
    .request.post(`${baseUrl()}/api/loads`, { data: { reference: unique('SUP'), direction: 'IB' }, headers: { 'x-dcdock-csrf': '1' } });
  expect(create.status()).toBe(403);
  expect((await admin.ok('GET', `/api/assignments/${lane.assignment.id}`)).version).toBe(1);
});

test('a load note that looks like HTML is shown as text', async ({ page, request }) => {
  const admin = await Api.as(request, ACCOUNTS.admin);
  const lane = await setupLane(admin, { hour: 6 });
  const note = '<img src=x onerror=alert(1)>';
  await admin.ok('PATCH', `/api/loads/${lane.load.id}`, { notes: note });
  const free = await admin.ok('POST', '/api/loads', { reference: unique('XSS'), direction: 'OB', planned_arrival: todayAt(7), notes: note });
  let alerted = false;
  page.on('dialog', async (d) => {
    alerted = true;
    await d.dismiss();
  });
  await apiSignin(page, ACCOUNTS.operator1);
  await page.goto(`${baseUrl()}/board`);
  await expect(page.getByTestId(`load-${free.reference}`)).toContainText(note);
  await page.getByLabel('Search load reference').fill(lane.load.reference);
  await page.getByTestId(`block-${lane.load.reference}`).click();
  await expect(page.getByTestId('edit-dialog')).toContainText(note);
  expect(await page.locator('img[src="x"]').count()).toBe(0);
  expect(alerted).toBe(false);
});
