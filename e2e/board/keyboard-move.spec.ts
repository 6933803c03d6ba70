import { ACCOUNTS, Api, expect, setupLane, test, todayAt } from '../support/fixtures';
import { boardAs } from '../support/board';

// Below the other tests' lanes (found by search here), so these lanes push none of theirs out of the rendered rows.
const BELOW_LANES = -400_000;

test('a block moves one ramp down and 30 minutes later with the keyboard only; Escape puts a second move back; focus stays on the block', async ({
  browser,
  request,
}) => {
  const admin = await Api.once(request, ACCOUNTS.admin);
  const lane = await setupLane(admin, { hour: 10, sortOrder: BELOW_LANES });
  const ref = lane.load.reference;
  const page = await boardAs(browser, ACCOUNTS.operator1);
  await page.getByLabel('Search load reference').fill(ref);
  const block = page.getByTestId(`block-${ref}`);
  await expect(block).toBeInViewport();
  // The real keyboard map, not dnd-kit's "press space bar to pick up…".
  await expect(block).toHaveAccessibleDescription(/Enter opens its details\. To move it: Space picks it up/);
  await expect(page.getByText(/press space bar/i)).toHaveCount(0);

  const said = page.getByTestId('move-announcer');
  await block.focus();
  await page.keyboard.press('Space');
  await expect(said).toContainText(`Picked up ${ref} on ${lane.rampA.code} at 10:00.`);
  await page.keyboard.press('ArrowDown');
  await expect(said).toHaveText(`${ref} to ${lane.rampB.code} at 10:00`);
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(said).toHaveText(`${ref} to ${lane.rampB.code} at 10:30`);
  await expect(block).toContainText('10:30–12:30');
  await expect(page.getByTestId(`ramp-row-${lane.rampB.code}`)).toHaveAttribute('data-drop', 'ok');
  await page.keyboard.press('Enter');

  await expect
    .poll(async () => {
      const x = await admin.ok('GET', `/api/assignments/${lane.assignment.id}`);
      return { ramp: x.ramp_id, from: Date.parse(x.eta_in), to: Date.parse(x.eta_out), version: x.version };
    })
    .toEqual({ ramp: lane.rampB.id, from: Date.parse(todayAt(10, 30)), to: Date.parse(todayAt(12, 30)), version: 2 });
  await expect(said).toHaveText(`${ref} moved to ${lane.rampB.code} at 10:30.`);
  const moved = page.getByTestId(`ramp-row-${lane.rampB.code}`).getByTestId(`block-${ref}`);
  await expect(moved).toBeFocused();
  // Enter dropped the block; it did not open the dialog.
  await expect(page.getByTestId('edit-dialog')).toHaveCount(0);

  // A second pick-up, moved and cancelled with Escape: back where it was, still focused, nothing written.
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowLeft');
  await expect(said).toHaveText(`${ref} to ${lane.rampA.code} at 10:15`);
  await page.keyboard.press('Escape');
  await expect(said).toHaveText(`Move cancelled. ${ref} stays on ${lane.rampB.code} at 10:30.`);
  await expect(moved).toBeFocused();
  await expect(moved).toContainText('10:30–12:30');
  await expect(moved).not.toHaveAttribute('data-moving', 'true');
  const stored = await admin.ok('GET', `/api/assignments/${lane.assignment.id}`);
  expect({ ramp: stored.ramp_id, from: Date.parse(stored.eta_in), version: stored.version }).toEqual({
    ramp: lane.rampB.id,
    from: Date.parse(todayAt(10, 30)),
    version: 2,
  });

  // Not picked up, Enter still opens the block's details.
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('edit-dialog')).toBeVisible();
});

test('a keyboard move onto a ramp of the other direction is refused in plain words and stays picked up', async ({ browser, request }) => {
  const admin = await Api.once(request, ACCOUNTS.admin);
  const lane = await setupLane(admin, { hour: 15, sortOrder: BELOW_LANES });
  await admin.ok('PATCH', `/api/ramps/${lane.rampB.id}`, { kind: 'OB' });
  const ref = lane.load.reference;
  const page = await boardAs(browser, ACCOUNTS.operator1);
  await page.getByLabel('Search load reference').fill(ref);
  const block = page.getByTestId(`block-${ref}`);
  await expect(block).toBeInViewport();
  await block.focus();
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowDown');
  const said = page.getByTestId('move-announcer');
  await expect(said).toHaveText(`${ref} to ${lane.rampB.code} at 15:00. Not possible: ${lane.rampB.code} takes outbound loads only.`);
  await expect(page.getByTestId(`ramp-row-${lane.rampB.code}`).getByTestId('drop-reason')).toHaveText(`${lane.rampB.code} takes outbound loads only`);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('toast').filter({ hasText: `${ref} was not moved: ${lane.rampB.code} takes outbound loads only.` })).toBeVisible();
  await expect(block).toHaveAttribute('data-moving', 'true');
  await page.keyboard.press('Escape');
  await expect(block).toBeFocused();
  expect((await admin.ok('GET', `/api/assignments/${lane.assignment.id}`)).version).toBe(1);
});
