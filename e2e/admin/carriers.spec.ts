import { ACCOUNTS, Api, baseUrl, expect, signedInContext, test, unique } from '../support/fixtures';

// SPEC §9: an admin creates a carrier and a carrier user; that user lands on its portal, /book, and is sent there from staff pages.
test('an admin creates a carrier and its user; the user signs in to /book and is sent back there from the board', async ({ browser, request }) => {
  const carrierName = unique('Fjord Freight');
  const email = `${unique('carrier')}@dcdock.com`.toLowerCase();
  const password = 'Copper-harbour-5821!';
  const admin = await (await signedInContext(browser, ACCOUNTS.admin)).newPage();

  await admin.goto(`${baseUrl()}/admin/carriers`);
  await expect(admin.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Carriers' })).toHaveAttribute('aria-current', 'page');
  await admin.getByRole('button', { name: 'New carrier' }).click();
  await admin.getByLabel('Name').fill(carrierName);
  await admin.getByLabel('Booking e-mail').fill('bookings@fjord.example');
  await admin.getByLabel('Approve its requests at once').check();
  await admin.getByRole('button', { name: 'Create carrier' }).click();
  const row = admin.getByTestId(`admin-row-${carrierName}`);
  await expect(row).toContainText('Approved at once');
  await expect(row).toContainText('bookings@fjord.example');

  await admin.goto(`${baseUrl()}/admin/users`);
  await admin.getByRole('button', { name: 'New user' }).click();
  const dialog = admin.getByRole('dialog');
  await dialog.getByLabel('Full name').fill('Frida Fjord');
  await dialog.getByLabel('Email').fill(email);
  await dialog.getByLabel('Password').fill(password);
  // The carrier select appears only for the Carrier role, and the overdue e-mail box goes away.
  await expect(dialog.getByLabel('Carrier', { exact: true })).toHaveCount(0);
  await expect(dialog.getByLabel('E-mail me when a truck is overdue')).toBeVisible();
  await dialog.getByLabel('Role').selectOption('CARRIER');
  await expect(dialog.getByLabel('E-mail me when a truck is overdue')).toHaveCount(0);
  // Without a carrier, the server says so under the field.
  await dialog.getByRole('button', { name: 'Create user' }).click();
  await expect(dialog.getByText('A carrier user needs a carrier')).toBeVisible();
  await dialog.getByLabel('Carrier', { exact: true }).selectOption({ label: carrierName });
  await dialog.getByRole('button', { name: 'Create user' }).click();
  await expect(admin.getByTestId(`admin-row-${email}`)).toContainText(carrierName);

  const api = await Api.once(request, ACCOUNTS.admin);
  const users = (await api.ok('GET', '/api/users')) as { email: string; role: string; carrier_id: number | null }[];
  const carriers = (await api.ok('GET', '/api/carriers')) as { id: number; name: string }[];
  expect(users.find((u) => u.email === email)).toMatchObject({ role: 'CARRIER', carrier_id: carriers.find((c) => c.name === carrierName)!.id });

  // The carrier user signs in through the form and lands on its portal (built on another branch: the address is what counts here).
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${baseUrl()}/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/book$/);
  for (const staffPage of ['/board', '/history', '/admin/users', '/reports']) {
    await page.goto(`${baseUrl()}${staffPage}`);
    await expect(page).toHaveURL(/\/book$/);
  }
  await context.close();
});
