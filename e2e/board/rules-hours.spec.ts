import AxeBuilder from '@axe-core/playwright';
import { ACCOUNTS, Api, baseUrl, expect, signedInContext, test, unique } from '../support/fixtures';

// SPEC §9 admin: a day of a ramp's week may have several opening spans (a lunch break), said plainly when wrong.
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

test('an admin gives Monday two spans with the keyboard, is told plainly about overlapping and wrong times, and saves the week', async ({
  browser,
  request,
}) => {
  const admin = await Api.once(request, ACCOUNTS.admin);
  const code = unique('HS').replace(/-/g, '').slice(0, 18);
  const ramp = await admin.ok('POST', '/api/ramps', { code, kind: 'BOTH', sort_order: 900_000 });
  const page = await (await signedInContext(browser, ACCOUNTS.admin)).newPage();
  await page.goto(`${baseUrl()}/admin/ramps`);
  await page.getByRole('button', { name: `Hours of ${code}` }).click();
  const dialog = page.getByRole('dialog', { name: `Hours of ${code}` });
  await expect(dialog.getByText('No hours set: the ramp is open at all times.')).toBeVisible();

  // Monday 06:00–12:00 and 13:00–22:00: the new span is offered an hour after the first closes, from the keyboard.
  await dialog.getByLabel('Monday closes').fill('12:00');
  await dialog.getByRole('button', { name: 'Add span on Monday' }).focus();
  await page.keyboard.press('Enter');
  await expect(dialog.getByLabel('Monday span 2 opens')).toHaveValue('13:00');
  await expect(dialog.getByLabel('Monday span 2 closes')).toHaveValue('17:00');
  await dialog.getByLabel('Monday span 2 closes').fill('22:00');
  await expect(dialog.getByRole('list', { name: 'Opening spans on Monday' }).getByRole('listitem')).toHaveCount(2);

  // Mistakes are named before anything is sent.
  await dialog.getByRole('button', { name: 'Add span on Tuesday' }).click();
  await dialog.getByLabel('Tuesday span 2 opens').fill('21:00');
  await dialog.getByLabel('Wednesday closes').fill('25:00');
  await dialog.getByRole('button', { name: 'Save hours' }).click();
  const problems = dialog.getByRole('alert');
  await expect(problems).toContainText('The hours were not saved:');
  await expect(problems.getByRole('listitem')).toHaveText([
    'Tuesday: 06:00–22:00 and 21:00–24:00 overlap',
    'Wednesday: the closing time must be a time such as 22:00 (24:00 for midnight)',
  ]);
  await expect(dialog.getByLabel('Tuesday span 2 opens')).toHaveAttribute('aria-invalid', 'true');
  await expect(dialog.getByLabel('Wednesday closes')).toHaveAttribute('aria-invalid', 'true');
  expect((await admin.ok('GET', `/api/ramps/${ramp.id}/hours`)).always_open).toBe(true);
  const axe = await new AxeBuilder({ page })
    .include('dialog[open]')
    .options({ runOnly: { type: 'tag', values: TAGS } })
    .analyze();
  expect(axe.violations.filter((v) => v.impact === 'critical' || v.impact === 'serious').map((v) => v.id)).toEqual([]);
  await page.screenshot({ path: 'test-results/screenshots/hours-dialog-spans.png' });

  // Fixed, the list of problems goes as they go.
  await dialog.getByRole('button', { name: 'Remove Tuesday span 2 (21:00–24:00)' }).click();
  await expect(problems.getByRole('listitem')).toHaveText(['Wednesday: the closing time must be a time such as 22:00 (24:00 for midnight)']);
  await dialog.getByLabel('Wednesday closes').fill('22:00');
  await expect(problems).toHaveCount(0);
  await dialog.getByLabel('Sunday', { exact: true }).uncheck();
  await dialog.getByRole('button', { name: 'Save hours' }).click();
  await expect(page.getByTestId('toast').filter({ hasText: `Hours of ${code} saved.` })).toBeVisible();
  await expect
    .poll(async () => (await admin.ok('GET', `/api/ramps/${ramp.id}/hours`)).hours)
    .toEqual([
      { weekday: 1, opens: '06:00', closes: '12:00' },
      { weekday: 1, opens: '13:00', closes: '22:00' },
      ...[2, 3, 4, 5, 6].map((weekday) => ({ weekday, opens: '06:00', closes: '22:00' })),
    ]);

  // Read back as saved; the server refuses the break in the dialog's words.
  await page.reload();
  await page.getByRole('button', { name: `Hours of ${code}` }).click();
  await expect(dialog.getByLabel('Monday span 2 opens')).toHaveValue('13:00');
  await expect(dialog.getByLabel('Monday span 2 closes')).toHaveValue('22:00');
  const load = await admin.ok('POST', '/api/loads', { reference: unique('E2E-HS'), direction: 'IB' });
  // 2031-03-03 is a Monday.
  const refused = await admin.call('POST', '/api/assignments', {
    ramp_id: ramp.id,
    load_id: load.id,
    eta_in: '2031-03-03T11:30:00Z',
    eta_out: '2031-03-03T12:30:00Z',
  });
  expect(refused).toMatchObject({ status: 409, body: { detail: `${code} is closed 12:00–13:00 on Mondays` } });
});
