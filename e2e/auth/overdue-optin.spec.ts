import AxeBuilder from '@axe-core/playwright';
import type { Result } from 'axe-core';
import { ACCOUNTS, Api, baseUrl, expect, signedInContext, test } from '../support/fixtures';

// SPEC §9: a supervisor subscribes themselves to overdue alerts from the account menu (the e2e server has SMTP set up).

const LABEL = 'E-mail me when a truck is overdue';
// As e2e/a11y/axe.spec.ts asserts every page.
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const EXTRA_RULES = { 'label-content-name-mismatch': { enabled: true } };
const CARRIER = { email: 'carrier1@dcdock.com', password: 'carrier123' };

test('the supervisor ticks "E-mail me when a truck is overdue" in the account menu; the API shows it; axe finds nothing on the open menu', async ({
  browser,
  request,
}) => {
  test.setTimeout(120_000);
  const supervisor = await Api.once(request, ACCOUNTS.supervisor);
  await supervisor.ok('PATCH', '/api/users/me', { overdue_alerts: false });
  try {
    const page = await (await signedInContext(browser, ACCOUNTS.supervisor)).newPage();
    await page.goto(`${baseUrl()}/history`);
    await page.getByTestId('user-menu').click();
    const menu = page.getByRole('menu');
    const item = menu.getByRole('menuitemcheckbox', { name: LABEL });
    await expect(item).toHaveAttribute('aria-checked', 'false');
    await expect(item).toBeEnabled();

    const axe = await new AxeBuilder({ page })
      .include('header')
      .options({ runOnly: { type: 'tag', values: TAGS }, rules: EXTRA_RULES })
      .analyze();
    const blocking = axe.violations
      .filter((v: Result) => v.impact === 'critical' || v.impact === 'serious')
      .map((v: Result) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
    expect(blocking, 'critical or serious axe violations on the open account menu').toEqual([]);

    await item.click();
    await expect(item).toHaveAttribute('aria-checked', 'true');
    await expect.poll(async () => (await supervisor.ok('GET', '/api/users/me')).overdue_alerts).toBe(true);
    // Still signed in (the change signs no one out), and the menu shows the saved state after a reload.
    await page.reload();
    await page.getByTestId('user-menu').click();
    await expect(page.getByRole('menuitemcheckbox', { name: LABEL })).toHaveAttribute('aria-checked', 'true');

    await page.getByRole('menuitemcheckbox', { name: LABEL }).click();
    await expect(page.getByRole('menuitemcheckbox', { name: LABEL })).toHaveAttribute('aria-checked', 'false');
    await expect.poll(async () => (await supervisor.ok('GET', '/api/users/me')).overdue_alerts).toBe(false);
  } finally {
    // Other tests' overdue trucks must not e-mail the demo supervisor.
    await supervisor.ok('PATCH', '/api/users/me', { overdue_alerts: false });
  }
});

test('a carrier user’s account menu has no overdue alerts', async ({ browser }) => {
  const page = await (await signedInContext(browser, CARRIER)).newPage();
  await page.goto(`${baseUrl()}/book`);
  await page.getByTestId('user-menu').click();
  await expect(page.getByRole('menuitem', { name: 'Sign out' })).toBeVisible();
  await expect(page.getByRole('menuitemcheckbox')).toHaveCount(0);
});
