import { ACCOUNTS, Api, baseUrl, expect, signedInContext, test } from '../support/fixtures';

test('deactivating a user says what it does, not "saved"; the row stays readable', async ({ browser, request }) => {
  const api = await Api.once(request, ACCOUNTS.admin);
  const email = `deact-${Date.now()}-${process.pid}@dcdock.com`;
  await api.ok('POST', '/api/users', { email, full_name: 'Dana Deactivated', role: 'OPERATOR', password: 'Copper-harbour-5821!' });
  const admin = await (await signedInContext(browser, ACCOUNTS.admin)).newPage();
  await admin.goto(`${baseUrl()}/admin/users`);

  await admin.getByRole('button', { name: `Edit user ${email}` }).click();
  await admin.getByLabel('Active').uncheck();
  await admin.getByRole('button', { name: 'Save changes' }).click();
  await expect(admin.getByText('Dana Deactivated deactivated: they can no longer sign in, and their open sessions have ended.')).toBeVisible();
  await expect(admin.getByTestId(`admin-row-${email}`)).toContainText('Inactive');
  const users = (await api.ok('GET', '/api/users')) as { email: string; is_active: boolean }[];
  expect(users.find((u) => u.email === email)?.is_active).toBe(false);

  await admin.getByRole('button', { name: `Edit user ${email}` }).click();
  await admin.getByLabel('Active').check();
  await admin.getByRole('button', { name: 'Save changes' }).click();
  await expect(admin.getByText('Dana Deactivated reactivated: they can sign in again.')).toBeVisible();
});
