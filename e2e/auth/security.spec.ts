import { ACCOUNTS, apiSignin, baseUrl, expect, test } from '../support/fixtures';

test('signing in from /login?callbackUrl=/\\evil.example stays on this site', async ({ page }) => {
  await page.goto(`${baseUrl()}/login?callbackUrl=%2F%5Cevil.example`);
  await page.getByLabel('Email').fill(ACCOUNTS.supervisor.email);
  await page.getByLabel('Password').fill(ACCOUNTS.supervisor.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/board/);
  expect(new URL(page.url()).origin).toBe(new URL(baseUrl()).origin);
});

test('the board and the login page render under the CSP with no violations', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`Refused to load (CSP): ${e.violatedDirective} ${e.blockedURI}`));
  });
  const login = await page.goto(`${baseUrl()}/login`);
  expect(login?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await apiSignin(page, ACCOUNTS.operator1);
  await page.goto(`${baseUrl()}/board`);
  await expect(page.getByTestId('timeline')).toBeVisible();
  // Live: the board's socket connected under connect-src 'self'.
  await expect(page.getByText('Live', { exact: true }).first()).toBeVisible();
  expect(violations).toEqual([]);
});
