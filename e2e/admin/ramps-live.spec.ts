import { ACCOUNTS, Api, apiSignin, baseUrl, expect, test, unique } from '../support/fixtures';

test('an admin creates a ramp and renames another: both show on an operator’s open board, live', async ({ browser, request }) => {
  const api = await Api.as(request, ACCOUNTS.admin);
  const existing = await api.ok('POST', '/api/ramps', { code: unique('RN').slice(-18), description: 'Before rename', kind: 'BOTH', sort_order: 999_990 });
  const operator = await (await browser.newContext()).newPage();
  await apiSignin(operator, ACCOUNTS.operator1);
  await operator.goto(`${baseUrl()}/board`);
  await expect(operator.getByTestId('connection')).toHaveAttribute('data-state', 'live');
  await operator.getByTestId('timeline').evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
  await expect(operator.getByTestId(`ramp-row-${existing.code}`)).toContainText('Before rename');

  const admin = await (await browser.newContext()).newPage();
  await apiSignin(admin, ACCOUNTS.admin);
  await admin.goto(`${baseUrl()}/admin/ramps`);
  const code = unique('NEW').slice(-18);
  await admin.getByRole('button', { name: /New ramp/ }).click();
  await admin.getByLabel('Code').fill(code);
  await admin.getByLabel('Description').fill('Brand new door');
  await admin.getByLabel('Sort order').fill('999991');
  await admin.getByRole('button', { name: 'Create ramp' }).click();
  await expect(admin.getByTestId(`admin-row-${code}`)).toBeVisible();

  await admin.getByRole('button', { name: `Edit ramp ${existing.code}` }).click();
  await admin.getByLabel('Description').fill('After rename');
  await admin.getByRole('button', { name: 'Save changes' }).click();
  await expect(admin.getByTestId(`admin-row-${existing.code}`)).toContainText('After rename');

  // Sorted last: scroll the operator's board to the bottom rows.
  await operator.getByTestId('timeline').evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
  await expect(operator.getByTestId(`ramp-row-${code}`)).toContainText('Brand new door');
  await expect(operator.getByTestId(`ramp-row-${existing.code}`)).toContainText('After rename');
});
