import { expect, request as playwrightRequest, test } from '@playwright/test';
import { startServer } from '../support/server';

// SPEC §9 on the TV: a ramp closed now (a closure, or outside its hours) is dimmed and says so, live.
// On a server of its own with the demo's ramps switched off: in the suite's server every other test's late
// trucks pin their ramps to the TV's pages, which would push these two onto a later page.

test('the TV marks a ramp closed now with the closure’s reason or as outside its hours, and unmarks it live', async ({ browser }) => {
  test.setTimeout(180_000);
  const server = await startServer(3880 + Math.floor(Math.random() * 20));
  const http = await playwrightRequest.newContext({ baseURL: server.url });
  try {
    const login = await http.post('/api/auth/login', { data: { email: 'admin@dcdock.com', password: 'admin123' } });
    const auth = { Authorization: `Bearer ${((await login.json()) as { access_token: string }).access_token}` };
    const ok = async (method: string, path: string, data?: unknown) => {
      const res = await http.fetch(path, { method, data, headers: auth });
      expect(res.status(), `${method} ${path}: ${await res.text()}`).toBeLessThan(300);
      return res.status() === 204 ? undefined : ((await res.json()) as any);
    };
    const admin = { ok };
    for (const r of (await ok('GET', '/api/ramps')) as { id: number; is_active: boolean }[]) {
      if (r.is_active) await ok('PATCH', `/api/ramps/${r.id}`, { is_active: false });
    }
    const TOP = 1;
    const tag = 'TC';
    const closing = await admin.ok('POST', '/api/ramps', { code: `${tag}A`, description: 'TV closure', kind: 'BOTH', sort_order: TOP });
    const shut = await admin.ok('POST', '/api/ramps', { code: `${tag}B`, description: 'TV hours', kind: 'BOTH', sort_order: TOP });
    // Ramp B opens only on tomorrow's weekday (UTC, the e2e site zone): closed now.
    const tomorrow = (new Date().getUTCDay() + 1) % 7;
    await admin.ok('PUT', `/api/ramps/${shut.id}/hours`, { hours: [{ weekday: tomorrow, opens: '00:00', closes: '24:00' }] });
    const link = await admin.ok('POST', '/api/displays', { name: 'TV closed' });

    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const tv = await context.newPage();
    await tv.goto(`${server.url}${link.url}`);
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
  } finally {
    await http.dispose();
    await server.stop();
  }
});
