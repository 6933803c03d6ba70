import { expect, request as playwrightRequest, test } from '@playwright/test';
import { startServer } from '../support/server';

// The TV test restarts its server, so it runs its own instead of the suite's.
test('a TV link shows the board live, survives a server restart, and stops when revoked', async ({ browser }) => {
  test.setTimeout(180_000);
  const port = 3900 + Math.floor(Math.random() * 80);
  let server = await startServer(port);
  const http = await playwrightRequest.newContext({ baseURL: server.url });
  try {
    const login = await http.post('/api/auth/login', { data: { email: 'admin@dcdock.com', password: 'admin123' } });
    const auth = { Authorization: `Bearer ${((await login.json()) as { access_token: string }).access_token}` };
    const api = async (method: string, path: string, data?: unknown) => {
      const res = await http.fetch(path, { method, data, headers: auth });
      expect(res.status(), `${method} ${path}`).toBeLessThan(300);
      return res.status() === 204 ? undefined : ((await res.json()) as any);
    };
    const link = await api('POST', '/api/displays', { name: 'Hall A' });
    const assignments = (await api(
      'GET',
      `/api/assignments?from=${new Date(Date.now() - 3_600_000).toISOString()}&to=${new Date(Date.now() + 3_600_000).toISOString()}`,
    )) as any[];
    const target = assignments.find((a) => a.status.code !== 'COMPLETED') ?? assignments[0];
    expect(target).toBeDefined();

    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const tv = await context.newPage();
    await tv.goto(`${server.url}${link.url}`);
    await expect(tv.getByTestId('tv-board')).toBeVisible();
    await expect(tv.getByTestId('tv-connection')).toHaveText(/live/i);
    const row = tv.getByTestId(`tv-ramp-${target.ramp.code}`);
    await expect(row).toContainText(target.load.reference);
    await tv.screenshot({ path: 'test-results/screenshots/tv-board.png' });

    // Live: a status change shows without a reload.
    const delayed = await api('PATCH', `/api/assignments/${target.id}`, { version: target.version, status_id: 4 });
    await expect(row).toContainText(/Delayed/i);

    // The server goes away; changes made while it is down show once it is back.
    await server.stop();
    await expect(tv.getByTestId('tv-connection')).toHaveText(/reconnecting/i);
    server = await startServer(port, server.dataDir);
    await api('PATCH', `/api/assignments/${target.id}`, { version: delayed.version, status_id: 3 });
    await expect(tv.getByTestId('tv-connection')).toHaveText(/live/i, { timeout: 30_000 });
    await expect(row).toContainText(/In progress/i, { timeout: 10_000 });

    // Revoked: the data goes away within seconds.
    await api('DELETE', `/api/displays/${link.id}`);
    await expect(tv.getByTestId('tv-revoked')).toBeVisible({ timeout: 5_000 });
    await expect(tv.getByTestId(`tv-ramp-${target.ramp.code}`)).toHaveCount(0);
    await context.close();
  } finally {
    await http.dispose();
    await server.stop();
  }
});
