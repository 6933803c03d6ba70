import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startTestServer, type TestServer } from '@/tests/support/test-server';
import { startReceiver } from './webhooks-receiver';

// Without WEBHOOK_ALLOW_PRIVATE: what production refuses.
let s: TestServer;
beforeAll(async () => {
  // Failing for 1.5 s stands in for the 24 h after which an endpoint is paused.
  s = await startTestServer({ WEBHOOK_RETRY_BASE_MS: '100', WEBHOOK_RETRY_MAX_MS: '300', WEBHOOK_PAUSE_AFTER_MS: '1500' });
});
afterAll(() => s.close());

const admin = (method: string, path: string, body?: unknown) => api(s, method, path, { token: s.tokens.ADMIN, body });

describe('webhook endpoints', () => {
  it('shows the secret once, at creation; never again in a list, a get or an update', async () => {
    const created = await admin('POST', '/api/webhooks', { url: 'https://hooks.example.com/dcdock', event_types: ['assignment_created'] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ url: 'https://hooks.example.com/dcdock', event_types: ['assignment_created'], active: true, paused_at: null });
    expect(created.body.secret).toMatch(/^whsec_.{40,}$/);
    const { id, secret } = created.body;
    const answers = [
      await admin('GET', '/api/webhooks'),
      await admin('GET', `/api/webhooks/${id}`),
      await admin('PATCH', `/api/webhooks/${id}`, { active: false }),
    ];
    for (const a of answers) {
      expect(a.status).toBe(200);
      expect(JSON.stringify(a.body)).not.toContain(secret);
      expect(JSON.stringify(a.body)).not.toMatch(/secret"/);
    }
    expect(answers[2]!.body.active).toBe(false);
    // Stored encrypted: a dump of the table does not contain it either.
    const [row] = await s.db.$client`SELECT row_to_json(w)::text AS dump FROM webhook_endpoints w WHERE id = ${id}`;
    expect(row!.dump).not.toContain(secret);
    expect(row!.dump).not.toContain(secret.slice(6, 30));

    const rotated = await admin('POST', `/api/webhooks/${id}/rotate-secret`);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(secret);
    expect(JSON.stringify((await admin('GET', `/api/webhooks/${id}`)).body)).not.toContain(rotated.body.secret);
    expect((await admin('DELETE', `/api/webhooks/${id}`)).status).toBe(204);
    expect((await admin('GET', `/api/webhooks/${id}`)).status).toBe(404);
  });

  it.each([
    ['http://127.0.0.1:9/hook', 'loopback'],
    ['http://localhost/hook', 'localhost'],
    ['http://10.1.2.3/hook', 'private'],
    ['http://192.168.0.10/hook', 'private'],
    ['http://169.254.169.254/latest/meta-data', 'link-local (cloud metadata)'],
    ['http://[::1]/hook', 'IPv6 loopback'],
    ['http://[fd00::1]/hook', 'IPv6 unique-local'],
    ['http://[::ffff:127.0.0.1]/hook', 'IPv4-mapped loopback'],
  ])('refuses %s (%s) with a field message', async (url) => {
    const res = await admin('POST', '/api/webhooks', { url });
    expect(res.status).toBe(422);
    expect(res.body.detail[0]).toMatchObject({ loc: ['body', 'url'] });
    expect(res.body.detail[0].msg).toMatch(/Private, loopback and link-local addresses are refused/);
  });

  it('with an Idempotency-Key, the answer kept for a retry holds the secret sealed; the retry shows the same secret', async () => {
    const keyed = (path: string, key: string, body?: unknown) => api(s, 'POST', path, { token: s.tokens.ADMIN, body, headers: { 'Idempotency-Key': key } });
    const first = await keyed('/api/webhooks', 'hook-create-1', { url: 'https://hooks.example.com/keyed' });
    expect(first.status).toBe(201);
    const again = await keyed('/api/webhooks', 'hook-create-1', { url: 'https://hooks.example.com/keyed' });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    const rotated = await keyed(`/api/webhooks/${first.body.id}/rotate-secret`, 'hook-rotate-1');
    const rotatedAgain = await keyed(`/api/webhooks/${first.body.id}/rotate-secret`, 'hook-rotate-1');
    expect(rotatedAgain.body.secret).toBe(rotated.body.secret);
    const dump = (await s.db.$client`SELECT coalesce(string_agg(row_to_json(k)::text, ' '), '') AS dump FROM idempotency_keys k`)[0]!.dump as string;
    expect(dump).toContain(`${first.body.id}`);
    for (const secret of [first.body.secret, rotated.body.secret]) {
      expect(dump).not.toContain(secret);
      expect(dump).not.toContain(secret.slice(6, 30));
    }
  });

  it('refuses other schemes and unknown event types', async () => {
    expect((await admin('POST', '/api/webhooks', { url: 'ftp://hooks.example.com/x' })).status).toBe(422);
    expect((await admin('POST', '/api/webhooks', { url: 'https://hooks.example.com/x', event_types: ['user_created'] })).status).toBe(422);
    const ok = await admin('POST', '/api/webhooks', { url: 'https://hooks.example.com/x', active: false });
    expect((await admin('PATCH', `/api/webhooks/${ok.body.id}`, { url: 'http://127.0.0.1/x' })).status).toBe(422);
  });

  it('refuses a private target at delivery time too (a name that later resolves to one, or a URL stored before)', async () => {
    const receiver = await startReceiver();
    const hook = await admin('POST', '/api/webhooks', { url: 'https://hooks.example.com/rebind' });
    // As if DNS now answered with a loopback address: the stored URL points there.
    await s.db.$client`UPDATE webhook_endpoints SET url = ${receiver.url} WHERE id = ${hook.body.id}`;
    const test = await admin('POST', `/api/webhooks/${hook.body.id}/test`);
    expect(test.body).toMatchObject({ ok: false, status_code: null });
    expect(test.body.error).toMatch(/Private, loopback and link-local addresses are refused/);
    const ramp = await admin('POST', '/api/ramps', { code: 'WHP1' });
    expect(ramp.status).toBe(201);
    await expect.poll(async () => (await admin('GET', `/api/webhooks/${hook.body.id}`)).body.last_error, { timeout: 10_000 }).toMatch(/refused/);
    expect((await admin('GET', `/api/webhooks/${hook.body.id}`)).body.last_seq).toBe(hook.body.last_seq);
    expect(receiver.received).toEqual([]);
    // Failing long enough pauses it, with the reason for the admins.
    await expect.poll(async () => (await admin('GET', `/api/webhooks/${hook.body.id}`)).body.paused_at, { timeout: 10_000 }).not.toBeNull();
    const paused = await admin('GET', `/api/webhooks/${hook.body.id}`);
    expect(paused.body.pause_reason).toMatch(/^Paused after failing since \d{4}-\d\d-\d\d \d\d:\d\d UTC: Private, loopback/);
    expect(paused.body.last_seq).toBe(hook.body.last_seq);
    await admin('DELETE', `/api/webhooks/${hook.body.id}`);
    await receiver.close();
  });

  it('is for admins only', async () => {
    const hook = await admin('POST', '/api/webhooks', { url: 'https://hooks.example.com/roles', active: false });
    for (const role of ['OPERATOR', 'SUPERVISOR'] as const) {
      const token = s.tokens[role];
      expect((await api(s, 'GET', '/api/webhooks', { token })).status, role).toBe(403);
      expect((await api(s, 'GET', `/api/webhooks/${hook.body.id}`, { token })).status, role).toBe(403);
      expect((await api(s, 'POST', '/api/webhooks', { token, body: { url: 'https://hooks.example.com/x' } })).status, role).toBe(403);
      expect((await api(s, 'POST', `/api/webhooks/${hook.body.id}/rotate-secret`, { token })).status, role).toBe(403);
      expect((await api(s, 'POST', `/api/webhooks/${hook.body.id}/replay`, { token, body: { from_seq: 1 } })).status, role).toBe(403);
    }
  });
});
