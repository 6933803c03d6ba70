import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ACCOUNTS, Api, baseUrl, expect, setupLane, signedInContext, test, todayAt, unique } from '../support/fixtures';

type Received = { path: string; headers: IncomingHttpHeaders; raw: Buffer; body: { type: string; seq: number; assignment_id?: number; entity_id?: number } };

/** A real receiver on 127.0.0.1 that answers 200 and keeps what it was sent (the e2e server runs with WEBHOOK_ALLOW_PRIVATE=1). */
async function startReceiver() {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      received.push({ path: req.url ?? '', headers: req.headers, raw, body: JSON.parse(raw.toString('utf8')) });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    at: (path: string) => received.filter((r) => r.path === path),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const signature = (secret: string, raw: Buffer) => `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;

test('an admin registers a webhook: the secret once, signed deliveries in order, the log, a test event, pause and resume', async ({ browser, request }) => {
  const receiver = await startReceiver();
  const admin = await Api.once(request, ACCOUNTS.admin);
  const path = `/${unique('hook')}`;
  const url = receiver.url(path);
  const ids: number[] = [];
  try {
    const page = await (await signedInContext(browser, ACCOUNTS.admin)).newPage();
    await page.goto(`${baseUrl()}/admin/webhooks`);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Webhooks' }).click();
    await expect(page.getByRole('heading', { name: 'Webhooks', level: 1 })).toBeVisible();

    // Create: URL and two event types.
    await page.getByRole('button', { name: 'New webhook' }).click();
    const form = page.getByRole('dialog', { name: 'New webhook' });
    await form.getByLabel('URL').fill(url);
    await form.getByLabel('Every event type').uncheck();
    await form.getByLabel('assignment_created').check();
    await form.getByLabel('load_created').check();
    await form.getByRole('button', { name: 'Create webhook' }).click();

    // The secret, once.
    const shown = page.getByRole('dialog', { name: 'Webhook created: its signing secret' });
    await expect(shown.getByText('you will not see it again')).toBeVisible();
    const secret = await shown.getByLabel('Secret').inputValue();
    expect(secret).toMatch(/^whsec_/);
    await expect(shown.getByRole('button', { name: 'Copy secret' })).toBeVisible();
    await shown.getByRole('button', { name: 'I have copied it' }).click();
    await expect(shown).toBeHidden();
    const hooks = (await admin.ok('GET', '/api/webhooks')) as { id: number; url: string; event_types: string[] }[];
    const hook = hooks.find((h) => h.url === url)!;
    ids.push(hook.id);
    expect(hook.event_types.sort()).toEqual(['assignment_created', 'load_created']);
    expect(JSON.stringify(hooks)).not.toContain(secret);
    const row = page.getByTestId(`webhook-row-${hook.id}`);
    await expect(row).toContainText('Delivering');
    await expect(row).toContainText('assignment_created, load_created');

    // A board change through the REST API arrives, signed with that secret.
    const { assignment } = await setupLane(admin);
    await expect.poll(() => receiver.at(path).some((r) => r.body.type === 'assignment_created' && r.body.assignment_id === assignment.id)).toBe(true);
    const delivered = receiver.at(path).find((r) => r.body.assignment_id === assignment.id)!;
    expect(delivered.headers['x-dcdock-signature']).toBe(signature(secret, delivered.raw));
    expect(delivered.headers['x-dcdock-event']).toBe('assignment_created');
    expect(Number(delivered.headers['x-dcdock-seq'])).toBe(delivered.body.seq);

    // The delivery log shows it.
    await row.getByRole('button', { name: `Delivery log webhook ${url}` }).click();
    const log = page.getByRole('dialog', { name: 'Delivery log' });
    const logRow = log.getByTestId('delivery-row').filter({ has: page.getByRole('cell', { name: String(delivered.body.seq), exact: true }) });
    await expect(logRow.first()).toContainText('200');
    await log.getByRole('button', { name: 'Close' }).click();

    // "Send test event": the toast says how it went, and it arrives signed, as seq 0.
    await row.getByRole('button', { name: `Send test event webhook ${url}` }).click();
    await expect(page.getByText(`Test event delivered to ${url}: 200`)).toBeVisible();
    const probe = receiver.at(path).find((r) => r.body.type === 'webhook_test')!;
    expect(probe.headers['x-dcdock-seq']).toBe('0');
    expect(probe.headers['x-dcdock-signature']).toBe(signature(secret, probe.raw));

    // Pause: a change made now is not delivered (a second, unpaused endpoint on the same receiver proves it was sent out).
    await row.getByRole('button', { name: `Pause webhook ${url}` }).click();
    await expect(row).toContainText('Paused by an admin');
    await expect(page.getByRole('alert').filter({ hasText: 'paused' })).toContainText(url);
    const controlPath = `/${unique('control')}`;
    const control = await admin.ok('POST', '/api/webhooks', { url: receiver.url(controlPath), event_types: ['load_created'] });
    ids.push(control.id);
    const load = await admin.ok('POST', '/api/loads', {
      reference: unique('HOOK'),
      direction: 'OB',
      planned_arrival: todayAt(14),
      planned_departure: todayAt(15),
    });
    const isLoad = (r: Received) => r.body.type === 'load_created' && r.body.entity_id === load.id;
    await expect.poll(() => receiver.at(controlPath).some(isLoad)).toBe(true);
    const loadSeq = receiver.at(controlPath).find(isLoad)!.body.seq;
    expect(receiver.at(path).some(isLoad)).toBe(false);
    expect(((await admin.ok('GET', `/api/webhooks/${hook.id}`)) as { last_seq: number }).last_seq).toBeLessThan(loadSeq);

    // Resume: what was missed arrives, in seq order.
    await row.getByRole('button', { name: `Resume webhook ${url}` }).click();
    await expect(row).toContainText('Delivering');
    await expect.poll(() => receiver.at(path).some(isLoad)).toBe(true);
    const seqs = receiver
      .at(path)
      .map((r) => r.body.seq)
      .filter((s) => s > 0);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(receiver.at(path).find(isLoad)!.headers['x-dcdock-signature']).toBe(signature(secret, receiver.at(path).find(isLoad)!.raw));
  } finally {
    for (const id of ids) await admin.call('DELETE', `/api/webhooks/${id}`);
    await receiver.close();
  }
});

test('a non-admin is told the webhooks screen is for administrators', async ({ browser }) => {
  const page = await (await signedInContext(browser, ACCOUNTS.operator1)).newPage();
  await page.goto(`${baseUrl()}/admin/webhooks`);
  await expect(page.getByRole('heading', { name: 'Only administrators can manage webhooks' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Webhooks' })).toHaveCount(0);
});

test('an admin edits the event types, rotates the secret (both signatures for 24 h) and replays from a seq', async ({ browser, request }) => {
  const receiver = await startReceiver();
  const admin = await Api.once(request, ACCOUNTS.admin);
  const path = `/${unique('rotate')}`;
  const url = receiver.url(path);
  const hook = (await admin.ok('POST', '/api/webhooks', { url, event_types: ['load_created'] })) as { id: number; secret: string };
  try {
    const page = await (await signedInContext(browser, ACCOUNTS.admin)).newPage();
    await page.goto(`${baseUrl()}/admin/webhooks`);
    const row = page.getByTestId(`webhook-row-${hook.id}`);

    await row.getByRole('button', { name: `Edit webhook ${url}` }).click();
    const form = page.getByRole('dialog', { name: `Edit webhook ${url}` });
    await form.getByLabel('load_updated').check();
    await form.getByRole('button', { name: 'Save changes' }).click();
    await expect(row).toContainText('load_created, load_updated');
    await expect
      .poll(async () => ((await admin.ok('GET', `/api/webhooks/${hook.id}`)) as { event_types: string[] }).event_types.sort())
      .toEqual(['load_created', 'load_updated']);

    await row.getByRole('button', { name: `Rotate secret webhook ${url}` }).click();
    await page
      .getByRole('dialog', { name: `Rotate the secret of ${url}?` })
      .getByRole('button', { name: 'Rotate secret' })
      .click();
    const shown = page.getByRole('dialog', { name: 'New signing secret' });
    await expect(shown).toContainText('The old secret keeps signing');
    await expect(shown).toContainText('24 hours');
    const secret = await shown.getByLabel('Secret').inputValue();
    expect(secret).not.toBe(hook.secret);
    await shown.getByRole('button', { name: 'I have copied it' }).click();

    const load = await admin.ok('POST', '/api/loads', {
      reference: unique('ROT'),
      direction: 'IB',
      planned_arrival: todayAt(9),
      planned_departure: todayAt(10),
    });
    const isLoad = (r: Received) => r.body.type === 'load_created' && r.body.entity_id === load.id;
    await expect.poll(() => receiver.at(path).some(isLoad)).toBe(true);
    const first = receiver.at(path).find(isLoad)!;
    expect(first.headers['x-dcdock-signature']).toBe(signature(secret, first.raw));
    expect(first.headers['x-dcdock-signature-previous']).toBe(signature(hook.secret, first.raw));

    // Replay from that seq: it arrives again, and so does everything after it, in order.
    await row.getByRole('button', { name: `Replay from seq… webhook ${url}` }).click();
    const replay = page.getByRole('dialog', { name: 'Replay from seq' });
    await replay.getByLabel('From seq').fill(String(first.body.seq));
    await replay.getByRole('button', { name: 'Replay' }).click();
    await expect(page.getByText(`${url} receives everything again from seq ${first.body.seq}.`)).toBeVisible();
    await expect.poll(() => receiver.at(path).filter(isLoad).length).toBeGreaterThanOrEqual(2);
    const seqs = receiver.at(path).map((r) => r.body.seq);
    const again = seqs.lastIndexOf(first.body.seq);
    expect(seqs.slice(again)).toEqual([...seqs.slice(again)].sort((a, b) => a - b));
  } finally {
    await admin.call('DELETE', `/api/webhooks/${hook.id}`);
    await receiver.close();
  }
});
