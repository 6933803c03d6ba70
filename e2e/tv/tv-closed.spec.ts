import { ACCOUNTS, Api, baseUrl, expect, test, unique } from '../support/fixtures';

// SPEC §9 on the TV: a ramp closed now (a closure, or outside its hours) is dimmed and says so, live.
// The ramps sort above every other test's, so they are on the TV's first page.
const TOP = -900_000;

test('the TV marks a ramp closed now with the closure’s reason or as outside its hours, and unmarks it live', async ({ browser, request }) => {
  const admin = await Api.once(request, ACCOUNTS.admin);
  const tag = unique('TC').replace(/-/g, '').slice(-12);
  const closing = await admin.ok('POST', '/api/ramps', { code: `${tag}A`, description: 'TV closure', kind: 'BOTH', sort_order: TOP });
  const shut = await admin.ok('POST', '/api/ramps', { code: `${tag}B`, description: 'TV hours', kind: 'BOTH', sort_order: TOP });
  // Ramp B opens only on tomorrow's weekday (UTC, the e2e site zone): closed now.
  const tomorrow = (new Date().getUTCDay() + 1) % 7;
  await admin.ok('PUT', `/api/ramps/${shut.id}/hours`, { hours: [{ weekday: tomorrow, opens: '00:00', closes: '24:00' }] });
  const link = await admin.ok('POST', '/api/displays', { name: unique('TV closed') });

  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const tv = await context.newPage();
  await tv.goto(`${baseUrl()}${link.url}`);
  await expect(tv.getByTestId('tv-connection')).toHaveText(/live/i);
  const rowA = tv.getByTestId(`tv-ramp-${closing.code}`);
  const rowB = tv.getByTestId(`tv-ramp-${shut.code}`);
  await expect(rowA).toBeVisible();
  await expect(rowA).not.toHaveAttribute('data-closed');
  await expect(rowB).toHaveAttribute('data-closed', 'true');
  await expect(rowB).toContainText('Closed: outside opening hours');
  await expect(rowB).toHaveCSS('opacity', '0.6');

  // A closure from a few minutes ago for an hour: marked at once, with its reason, and dimmed.
  const now = Date.now();
  const closure = await admin.ok('POST', `/api/ramps/${closing.id}/closures`, {
    starts_at: new Date(now - 5 * 60_000).toISOString(),
    ends_at: new Date(now + 60 * 60_000).toISOString(),
    reason: 'Dock leveller repair',
  });
  await expect(rowA).toHaveAttribute('data-closed', 'true');
  await expect(rowA).toContainText('Closed: Dock leveller repair');
  await expect(rowA).toHaveCSS('opacity', '0.6');
  await tv.screenshot({ path: 'test-results/screenshots/tv-closed.png' });

  // Removed, and B opened round the clock: both unmarked without a reload.
  await admin.ok('DELETE', `/api/closures/${closure.id}`);
  await admin.ok('PUT', `/api/ramps/${shut.id}/hours`, { hours: [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, opens: '00:00', closes: '24:00' })) });
  await expect(rowA).not.toHaveAttribute('data-closed');
  await expect(rowB).not.toHaveAttribute('data-closed');
  await expect(rowA).not.toContainText('Closed');
  await context.close();
});
