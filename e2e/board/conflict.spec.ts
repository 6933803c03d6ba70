import type { Browser, Page } from '@playwright/test';
import { ACCOUNTS, Api, apiSignin, baseUrl, expect, setupLane, test } from '../support/fixtures';

async function openEditor(browser: Browser, account: { email: string; password: string }, reference: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await apiSignin(page, account);
  await page.goto(`${baseUrl()}/board`);
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live');
  await page.getByTestId(`block-${reference}`).click();
  await expect(page.getByTestId('edit-dialog')).toBeVisible();
  return page;
}

for (const choice of ['Keep theirs', 'Apply mine'] as const) {
  test(`two operators edit one assignment: the second save opens the conflict dialog, and "${choice}" ends as promised`, async ({ browser, request }) => {
    const admin = await Api.as(request, ACCOUNTS.admin);
    const lane = await setupLane(admin, { hour: choice === 'Keep theirs' ? 14 : 17 });
    const a = await openEditor(browser, ACCOUNTS.operator1, lane.load.reference);
    const b = await openEditor(browser, ACCOUNTS.operator2, lane.load.reference);

    await a.getByLabel('Status').selectOption({ label: 'Arrived' });
    await a.getByRole('button', { name: 'Save' }).click();
    await expect(a.getByTestId('edit-dialog')).toBeHidden();

    await b.getByLabel('Status').selectOption({ label: 'Delayed' });
    await b.getByRole('button', { name: 'Save' }).click();
    const dialog = b.getByTestId('conflict-dialog');
    await expect(dialog).toBeVisible();
    await expect(dialog.getByTestId('theirs-status_id')).toHaveText('Arrived');
    await expect(dialog.getByTestId('mine-status_id')).toHaveText('Delayed');
    if (choice === 'Keep theirs') await b.screenshot({ path: 'test-results/screenshots/conflict-dialog.png' });

    await dialog.getByRole('button', { name: choice }).click();
    await expect(dialog).toBeHidden();
    const expected = choice === 'Keep theirs' ? { status: 'ARRIVED', version: 2 } : { status: 'DELAYED', version: 3 };
    await expect
      .poll(async () => {
        const x = await admin.ok('GET', `/api/assignments/${lane.assignment.id}`);
        return { status: x.status.code, version: x.version };
      })
      .toEqual(expected);
    await expect(b.getByTestId(`block-${lane.load.reference}`)).toHaveAttribute('data-version', String(expected.version));
  });
}
