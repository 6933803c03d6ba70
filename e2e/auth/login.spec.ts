import { ACCOUNTS, baseUrl, expect, test } from '../support/fixtures';

test('a wrong password shows an error; the right one lands on the board; sign-out works', async ({ page }) => {
  await page.goto(`${baseUrl()}/board`);
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fboard/);
  await page.getByLabel('Email').fill(ACCOUNTS.operator1.email);
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Incorrect' })).toHaveText('Incorrect email or password.');
  await expect(page).toHaveURL(/\/login/);

  await page.getByLabel('Password').fill(ACCOUNTS.operator1.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/board/);
  await expect(page.getByTestId('timeline')).toBeVisible();
  await expect(page.getByTestId('user-menu')).toContainText('John Operator');

  await page.getByTestId('user-menu').click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto(`${baseUrl()}/board`);
  await expect(page).toHaveURL(/\/login/);
});
