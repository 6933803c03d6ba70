import type { Page, Request } from '@playwright/test';
import { startNginx } from '../../tests/faults/support/nginx';
import { ACCOUNTS, Api, baseUrl, expect, setupLane, signedInContext, test, todayAt, unique } from '../support/fixtures';
import { boardAs, centre, drag } from '../support/board';

/** Every write the page sends: server actions carry `Next-Action`; REST writes go to /api/…. */
function recordWrites(page: Page): { url: string; method: string; action: string | undefined }[] {
  const writes: { url: string; method: string; action: string | undefined }[] = [];
  page.on('request', (r: Request) => {
    if (r.method() !== 'GET' && r.method() !== 'HEAD') writes.push({ url: r.url(), method: r.method(), action: r.headers()['next-action'] });
  });
  return writes;
}

test('editing, moving, planning and deleting on the board are server actions, and each reaches another operator’s board live', async ({ browser, request }) => {
  const admin = await Api.once(request, ACCOUNTS.admin);
  const lane = await setupLane(admin, { hour: 11 });
  const free = await admin.ok('POST', '/api/loads', {
    reference: unique('E2E-SA'),
    direction: 'IB',
    planned_arrival: todayAt(15),
    planned_departure: todayAt(16),
  });
  const a = await boardAs(browser, ACCOUNTS.operator1);
  const b = await boardAs(browser, ACCOUNTS.operator2);
  const writes = recordWrites(a);
  const block = `block-${lane.load.reference}`;
  const actionsSoFar = () => writes.filter((w) => w.action).length;
  // Both boards bring the lane into view (other specs' lanes may have pushed it below the drawn rows).
  for (const board of [a, b]) await board.getByLabel('Search load reference').fill(lane.load.reference);

  // Edit: the status in the dialog.
  await a.getByTestId(block).click();
  await a.getByLabel('Status').selectOption({ label: 'Arrived' });
  await a.getByRole('button', { name: 'Save' }).click();
  await expect(a.getByTestId('edit-dialog')).toBeHidden();
  await expect(b.getByTestId(block)).toHaveAttribute('data-version', '2');
  expect(actionsSoFar()).toBe(1);

  // Move: drag the block to ramp B.
  await a.getByLabel('Search load reference').fill(lane.load.reference);
  const from = await centre(a, block);
  const rowB = (await a.getByTestId(`ramp-row-${lane.rampB.code}`).boundingBox())!;
  await drag(a, from, { x: from.x, y: rowB.y + rowB.height / 2 });
  await expect(b.getByTestId(`ramp-row-${lane.rampB.code}`).getByTestId(block)).toBeVisible();
  await expect(b.getByTestId(block)).toHaveAttribute('data-version', '3');
  expect(actionsSoFar()).toBe(2);
  await a.getByLabel('Search load reference').fill('');

  // Plan: drag an unassigned load onto ramp A.
  const card = `load-${free.reference}`;
  await expect(a.getByTestId(card)).toBeVisible();
  await a.getByTestId(`ramp-row-${lane.rampA.code}`).scrollIntoViewIfNeeded();
  const target = await centre(a, block);
  const rowA = (await a.getByTestId(`ramp-row-${lane.rampA.code}`).boundingBox())!;
  await drag(a, await centre(a, card), { x: target.x, y: rowA.y + rowA.height / 2 });
  await expect(b.getByTestId(`ramp-row-${lane.rampA.code}`).getByTestId(`block-${free.reference}`)).toBeVisible();
  await expect(b.getByTestId(card)).toHaveCount(0);
  await expect(a.getByTestId(`block-${free.reference}`)).toHaveCount(1);
  expect(actionsSoFar()).toBe(3);

  // Delete, from the dialog.
  await a.getByTestId(block).click();
  await a.getByRole('button', { name: 'Delete…' }).click();
  await a.getByRole('button', { name: 'Yes, delete' }).click();
  await expect(a.getByTestId('edit-dialog')).toBeHidden();
  await expect(b.getByTestId(block)).toHaveCount(0);
  expect((await admin.call('GET', `/api/assignments/${lane.assignment.id}`)).status).toBe(404);

  expect(actionsSoFar()).toBe(4);
  expect(writes.filter((w) => new URL(w.url).pathname.startsWith('/api/'))).toEqual([]);
  expect(writes.every((w) => w.method === 'POST' && w.action && !new URL(w.url).pathname.startsWith('/api/'))).toBe(true);
});

test('a save based on an old version opens the conflict dialog; "Apply mine" saves on top of theirs', async ({ browser, request }) => {
  const admin = await Api.once(request, ACCOUNTS.admin);
  const lane = await setupLane(admin, { hour: 13 });
  const a = await boardAs(browser, ACCOUNTS.operator1);
  const writes = recordWrites(a);
  await a.getByLabel('Search load reference').fill(lane.load.reference);
  await a.getByTestId(`block-${lane.load.reference}`).click();
  await expect(a.getByTestId('edit-dialog')).toBeVisible();
  const arrived = (await admin.ok('GET', '/api/statuses')).find((s: { code: string }) => s.code === 'ARRIVED');
  await admin.ok('PATCH', `/api/assignments/${lane.assignment.id}`, { version: 1, status_id: arrived.id });

  await a.getByLabel('Status').selectOption({ label: 'Delayed' });
  await a.getByRole('button', { name: 'Save' }).click();
  const dialog = a.getByTestId('conflict-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('theirs-status_id')).toHaveText('Arrived');
  await expect(dialog.getByTestId('mine-status_id')).toHaveText('Delayed');
  await dialog.getByRole('button', { name: 'Apply mine' }).click();
  await expect(a.getByTestId(`block-${lane.load.reference}`)).toHaveAttribute('data-version', '3');
  expect((await admin.ok('GET', `/api/assignments/${lane.assignment.id}`)).status.code).toBe('DELAYED');
  expect(writes.map((w) => Boolean(w.action))).toEqual([true, true]);
});

test('the server refuses a supervisor’s (and a signed-out) replay of an operator’s action; behind a proxy the action still runs', async ({
  browser,
  request,
}) => {
  const admin = await Api.once(request, ACCOUNTS.admin);
  const lane = await setupLane(admin, { hour: 7 });
  const a = await boardAs(browser, ACCOUNTS.operator1);

  // The operator's save, captured on its way out; neither it nor its retries are delivered.
  let captured: { url: string; headers: Record<string, string>; body: string } | undefined;
  await a.route('**/*', async (route) => {
    const r = route.request();
    if (r.method() !== 'POST' || !r.headers()['next-action']) return route.continue();
    captured ??= { url: r.url(), headers: r.headers(), body: r.postData() ?? '' };
    return route.abort();
  });
  await a.getByLabel('Search load reference').fill(lane.load.reference);
  await a.getByTestId(`block-${lane.load.reference}`).click();
  await a.getByLabel('Status').selectOption({ label: 'Arrived' });
  await a.getByRole('button', { name: 'Save' }).click();
  await expect.poll(() => captured !== undefined).toBe(true);
  await a.close();

  const replay = async (page: Page | undefined, extra: Record<string, string> = {}) => {
    const ctx = page ? page.context().request : (await browser.newContext()).request;
    const headers = {
      'next-action': captured!.headers['next-action']!,
      'content-type': captured!.headers['content-type'] ?? 'text/plain;charset=UTF-8',
      accept: 'text/x-component',
      ...extra,
    };
    const res = await ctx.post(captured!.url, { headers, data: captured!.body });
    return { status: res.status(), text: await res.text() };
  };
  const version = async () => (await admin.ok('GET', `/api/assignments/${lane.assignment.id}`)).version;

  const supervisor = await (await signedInContext(browser, ACCOUNTS.supervisor)).newPage();
  const refused = await replay(supervisor);
  expect(refused.text).toContain('"kind":"refused","status":403');
  expect(await replay(undefined)).toMatchObject({ text: expect.stringContaining('"kind":"signed-out","status":401') });
  // Another site's page: Next.js refuses the action before it runs.
  expect((await replay(supervisor, { origin: 'https://evil.example' })).text).not.toContain('"ok":true');
  expect(await version()).toBe(1);

  // The same request as the operator, as a proxy in front would forward it: it runs (so the refusals were about who asked).
  const operator = await (await signedInContext(browser, ACCOUNTS.operator1)).newPage();
  const proxied = await replay(operator, { origin: 'https://dock.example', 'x-forwarded-host': 'dock.example', 'x-forwarded-proto': 'https' });
  expect(proxied.text).toContain('"ok":true');
  expect(await version()).toBe(2);
});

test('the admin screens write through server actions too: field errors under their fields, "deactivate instead", a revoked TV link', async ({
  browser,
  request,
}) => {
  const api = await Api.once(request, ACCOUNTS.admin);
  const lane = await setupLane(api, { hour: 5 });
  const link = await api.ok('POST', '/api/displays', { name: unique('E2E TV'), direction: 'IB' });
  const admin = await (await signedInContext(browser, ACCOUNTS.admin)).newPage();
  const writes = recordWrites(admin);

  await admin.goto(`${baseUrl()}/admin/users`);
  await admin.getByRole('button', { name: /New user/ }).click();
  await admin.getByLabel('Full name').fill('Short Password');
  await admin.getByLabel('Email').fill(`${unique('sa')}@dcdock.com`);
  await admin.getByLabel('Password').fill('short');
  await admin.getByRole('button', { name: 'Create user' }).click();
  await expect(admin.getByText('Password should have at least 12 characters')).toBeVisible();

  // A ramp with an assignment cannot be deleted: the refusal offers to deactivate it.
  await admin.goto(`${baseUrl()}/admin/ramps`);
  await admin.getByRole('button', { name: `Delete ramp ${lane.rampA.code}` }).click();
  await admin.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(admin.getByRole('alert').filter({ hasText: 'deactivate it instead' })).toBeVisible();
  await admin.getByRole('button', { name: 'Deactivate instead' }).click();
  await expect(admin.getByTestId(`admin-row-${lane.rampA.code}`)).toContainText('Inactive');
  await expect.poll(async () => (await api.ok('GET', `/api/ramps/${lane.rampA.id}`)).is_active).toBe(false);

  await admin.goto(`${baseUrl()}/admin/displays`);
  await admin.getByRole('button', { name: `Revoke TV link ${link.name}` }).click();
  await admin.getByRole('button', { name: 'Revoke', exact: true }).click();
  await expect(admin.getByTestId(`admin-row-${link.id}`)).toContainText('Revoked');
  // The row shows the revocation optimistically; the server's commit follows the action's answer.
  await expect.poll(async () => (await api.ok('GET', '/api/displays')).find((d: { id: number }) => d.id === link.id).revoked_at).not.toBeNull();

  expect(writes.length).toBe(4);
  expect(writes.filter((w) => !w.action || new URL(w.url).pathname.startsWith('/api/'))).toEqual([]);
});

test('behind nginx (deploy/nginx.conf) on a port of its own, the board goes live and its server actions run', async ({ browser, request }) => {
  const api = await Api.once(request, ACCOUNTS.admin);
  const lane = await setupLane(api, { hour: 4 });
  // Next.js checks a server action's Origin, and the socket endpoints a browser socket's, against the host: the port must survive the proxy.
  const nginx = await startNginx([{ port: Number(new URL(baseUrl()).port) }]);
  try {
    // The session cookie is the same host's (cookies ignore the port).
    const page = await (await signedInContext(browser, ACCOUNTS.operator1)).newPage();
    await page.goto(`${nginx.url}/board`);
    await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live');
    await page.getByLabel('Search load reference').fill(lane.load.reference);
    await page.getByTestId(`block-${lane.load.reference}`).click();
    await page.getByLabel('Status').selectOption({ label: 'Arrived' });
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByTestId('edit-dialog')).toBeHidden();
    await expect.poll(async () => (await api.ok('GET', `/api/assignments/${lane.assignment.id}`)).status.code).toBe('ARRIVED');
  } finally {
    await nginx.stop();
  }
});
