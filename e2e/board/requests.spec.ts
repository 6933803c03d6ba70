import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { boardAs } from '../support/board';
import { ACCOUNTS, Api, baseUrl, expect, test, unique } from '../support/fixtures';

// Requested bookings on the board (SPEC §9): hatched, live, in the Requests list; approved and declined by operators.

/** Tomorrow (UTC, the e2e server's time zone): always ahead, so the request is still waiting whatever the hour. */
const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
const at = (hh: number) => `${tomorrow()}T${String(hh).padStart(2, '0')}:00:00.000Z`;

/** A ramp sorted to the top and a carrier's load on it, not yet booked. */
async function setupRequest(admin: Api) {
  const tag = unique('RQ').toUpperCase();
  const ramp = await admin.ok('POST', '/api/ramps', { code: `${tag}-R`, description: 'E2E requests', kind: 'BOTH', sort_order: -500_000 });
  const load = await admin.ok('POST', '/api/loads', {
    reference: `IB-${tag}`,
    direction: 'IB',
    carrier: 'Requests Haulage',
    notes: 'Pallets on the left side',
    planned_arrival: at(10),
  });
  const statuses = (await admin.ok('GET', '/api/statuses')) as { id: number; code: string }[];
  const requestedId = statuses.find((s) => s.code === 'REQUESTED')!.id;
  /** The request itself, as the booking API makes it: an assignment with status REQUESTED. */
  const request = (hh: number) =>
    admin.ok('POST', '/api/assignments', { ramp_id: ramp.id, load_id: load.id, status_id: requestedId, eta_in: at(hh), eta_out: at(hh + 1) });
  return { ramp, load, request };
}

/** axe-core on what is open now: zero serious or critical WCAG violations. */
async function expectAccessible(page: Page) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

test('a request made while the board is open appears live in the Requests list and as a hatched block; Approve from the list plans it', async ({
  browser,
  request,
}) => {
  const admin = await Api.once(request, ACCOUNTS.admin);
  const { ramp, load, request: makeRequest } = await setupRequest(admin);
  const board = await boardAs(browser, ACCOUNTS.operator1);
  const count = board.getByTestId('requests-count');
  const before = Number(await count.textContent());

  const requested = await makeRequest(10);
  await expect(count).toHaveText(String(before + 1));

  await board.getByRole('button', { name: /^Requests/ }).click();
  const panel = board.getByRole('dialog', { name: 'Requests waiting for approval' });
  const row = panel.getByTestId(`request-${load.reference}`);
  await expect(row).toContainText(ramp.code);
  await expect(row).toContainText('10:00–11:00');
  await expect(row).toContainText('Requests Haulage');
  await expectAccessible(board);
  await board.screenshot({ path: 'test-results/screenshots/board-requests-list.png' });

  // The reference opens tomorrow on the board, at its block: hatched, and its name says Requested.
  await row.getByRole('link', { name: load.reference }).click();
  await expect(panel).toBeHidden();
  const block = board.getByTestId(`block-${load.reference}`);
  await expect(block).toBeVisible();
  await expect(block).toBeFocused();
  await expect(block).toHaveAttribute('data-requested', 'true');
  await expect(block).toHaveAccessibleName(new RegExp(`${load.reference}.*Requested`));
  expect(await block.evaluate((el) => getComputedStyle(el).backgroundImage)).toContain('repeating-linear-gradient');
  await board.screenshot({ path: 'test-results/screenshots/board-requested-block.png' });

  await board.getByRole('button', { name: /^Requests/ }).click();
  await panel.getByTestId(`request-${load.reference}`).getByRole('button', { name: 'Approve' }).click();
  await expect(board.getByText(`Approved ${load.reference} (${ramp.code} 10:00)`)).toBeVisible();
  await expect(panel.getByTestId(`request-${load.reference}`)).toHaveCount(0);
  await expect(count).toHaveText(String(before));
  await board.keyboard.press('Escape');
  await expect(block).not.toHaveAttribute('data-requested', 'true');
  await expect(block).toHaveAccessibleName(/Planned/);
  await expect.poll(async () => (await admin.ok('GET', `/api/assignments/${requested.id}`)).status.code).toBe('PLANNED');
});

test('Decline from the block dialog asks for a reason; the block leaves the board and the booking is declined with it', async ({ browser, request }) => {
  const admin = await Api.once(request, ACCOUNTS.admin);
  const { load, request: makeRequest } = await setupRequest(admin);
  const board = await boardAs(browser, ACCOUNTS.operator1);
  await board.goto(`${baseUrl()}/board?date=${tomorrow()}`);
  await expect(board.getByTestId('connection')).toHaveAttribute('data-state', 'live');

  const requested = await makeRequest(13);
  await board.getByLabel('Search load reference').fill(load.reference);
  const block = board.getByTestId(`block-${load.reference}`);
  await expect(block).toHaveAttribute('data-requested', 'true');
  await block.click();
  const dialog = board.getByRole('dialog');
  const decision = dialog.getByTestId('request-decision');
  await expect(decision.getByTestId('request-carrier')).toHaveText('Requests Haulage');
  await expect(dialog).toContainText('Pallets on the left side');
  await expectAccessible(board);

  await decision.getByRole('button', { name: 'Decline…' }).click();
  const reason = decision.getByLabel('Reason for declining (the carrier reads it)');
  await expect(reason).toBeFocused();
  await decision.getByRole('button', { name: 'Decline booking' }).click();
  await expect(decision.getByRole('alert')).toHaveText('Say why it is declined: the carrier reads this.');
  await reason.fill('Door 5 is under repair tomorrow');
  await decision.getByRole('button', { name: 'Decline booking' }).click();

  await expect(dialog).toBeHidden();
  await expect(block).toHaveCount(0);
  await expect.poll(async () => (await admin.ok('GET', `/api/assignments/${requested.id}`)).status.code).toBe('DECLINED');
  // decline_reason is on every assignment the API answers (contract-13: Assignment gains it).
  expect(await admin.ok('GET', `/api/assignments/${requested.id}`)).toMatchObject({ decline_reason: 'Door 5 is under repair tomorrow' });
  const pending = (await admin.ok('GET', '/api/booking/pending')) as { items: { id: number }[] };
  expect(pending.items.map((b) => b.id)).not.toContain(requested.id);
});

test('a supervisor sees the requests, in the list and in the block dialog, but no buttons to decide', async ({ browser, request }) => {
  const admin = await Api.once(request, ACCOUNTS.admin);
  const { load, request: makeRequest } = await setupRequest(admin);
  await makeRequest(15);
  const board = await boardAs(browser, ACCOUNTS.supervisor);

  await board.getByRole('button', { name: /^Requests/ }).click();
  const panel = board.getByRole('dialog', { name: 'Requests waiting for approval' });
  const row = panel.getByTestId(`request-${load.reference}`);
  await expect(row).toContainText('15:00–16:00');
  await expect(panel).toContainText('Operators and admins decide on them.');
  await expect(row.getByRole('button')).toHaveCount(0);
  await expectAccessible(board);

  await row.getByRole('link', { name: load.reference }).click();
  const block = board.getByTestId(`block-${load.reference}`);
  await expect(block).toHaveAttribute('data-requested', 'true');
  await block.click();
  const decision = board.getByRole('dialog').getByTestId('request-decision');
  await expect(decision).toContainText('Operators and admins approve or decline requests.');
  await expect(decision.getByRole('button')).toHaveCount(0);
});
