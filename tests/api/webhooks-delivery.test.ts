import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startTestServer, type TestServer } from '@/tests/support/test-server';
import { type Receiver, startReceiver, verifySignature } from './webhooks-receiver';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ WEBHOOK_ALLOW_PRIVATE: '1', WEBHOOK_RETRY_BASE_MS: '100', WEBHOOK_RETRY_MAX_MS: '1000' });
});
afterAll(() => s.close());

let n = 0;
const head = async (): Promise<number> => Number((await s.db.$client`SELECT seq FROM event_counter`)[0]!.seq);
/** `count` committed changes (new loads), a few at a time. */
async function makeChanges(count: number): Promise<void> {
  for (let i = 0; i < count; i += 10) {
    await Promise.all(
      Array.from({ length: Math.min(10, count - i) }, () =>
        api(s, 'POST', '/api/loads', { token: s.tokens.ADMIN, body: { reference: `WH-${++n}`, direction: 'IB' } }).then((r) => expect(r.status).toBe(201)),
      ),
    );
  }
}
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

async function register(receiver: Receiver, extra: Record<string, unknown> = {}) {
  const res = await api(s, 'POST', '/api/webhooks', { token: s.tokens.ADMIN, body: { url: receiver.url, ...extra } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: number; secret: string; last_seq: number };
}

describe('webhook delivery', () => {
  it('delivers 200 changes in seq order, each signed with the secret, with the raw socket message as body', async () => {
    const receiver = await startReceiver();
    const hook = await register(receiver);
    const from = hook.last_seq + 1;
    await makeChanges(200);
    const to = await head();
    await expect.poll(() => receiver.acked().length, { timeout: 20_000 }).toBe(to - from + 1);
    expect(receiver.acked()).toEqual(range(from, to));
    for (const r of receiver.received) {
      expect(verifySignature(hook.secret, r.body, r.signature)).toBe(true);
      const body = JSON.parse(r.body);
      expect(body).toMatchObject({ seq: r.seq, type: r.event, entity: 'load', action: 'CREATE' });
      expect(body.data.reference).toMatch(/^WH-/);
    }
    await expect.poll(async () => (await api(s, 'GET', `/api/webhooks/${hook.id}`, { token: s.tokens.ADMIN })).body.last_seq).toBe(to);
    await receiver.close();
  });

  it('keeps retrying a failing receiver without skipping ahead, and delivers everything in order once it recovers', async () => {
    const receiver = await startReceiver();
    const hook = await register(receiver);
    receiver.answer(500);
    const failingFrom = performance.now();
    await makeChanges(20);
    const to = await head();
    // Failing for 10 s: several attempts, all of the first event; the cursor does not move past a failure.
    await expect.poll(() => receiver.received.length >= 4 && performance.now() - failingFrom > 10_000, { timeout: 20_000 }).toBe(true);
    expect(new Set(receiver.received.map((r) => r.seq))).toEqual(new Set([hook.last_seq + 1]));
    const failing = await api(s, 'GET', `/api/webhooks/${hook.id}`, { token: s.tokens.ADMIN });
    expect(failing.body).toMatchObject({ last_seq: hook.last_seq, last_error: 'HTTP 500' });
    expect(failing.body.failing_since).not.toBeNull();
    const log = await api(s, 'GET', `/api/webhooks/${hook.id}/deliveries`, { token: s.tokens.ADMIN });
    expect(log.body[0]).toMatchObject({ seq: hook.last_seq + 1, status_code: 500, error: 'HTTP 500' });

    receiver.answer(200);
    await expect.poll(() => receiver.acked().length, { timeout: 15_000 }).toBe(to - hook.last_seq);
    expect(receiver.acked()).toEqual(range(hook.last_seq + 1, to));
    // The cursor and state are written once per batch (at least every 100 ms): read them once they have caught up.
    await expect.poll(async () => (await api(s, 'GET', `/api/webhooks/${hook.id}`, { token: s.tokens.ADMIN })).body.last_seq).toBe(to);
    const healthy = await api(s, 'GET', `/api/webhooks/${hook.id}`, { token: s.tokens.ADMIN });
    expect(healthy.body).toMatchObject({ attempts: 0, failing_since: null });
    await receiver.close();
  });

  it('replays from a given seq: exactly that seq and everything after it again, in order', async () => {
    const receiver = await startReceiver();
    const hook = await register(receiver);
    await makeChanges(10);
    const to = await head();
    await expect.poll(() => receiver.acked().length, { timeout: 15_000 }).toBe(10);
    const from = to - 4;
    const replay = await api(s, 'POST', `/api/webhooks/${hook.id}/replay`, { token: s.tokens.ADMIN, body: { from_seq: from } });
    expect(replay).toMatchObject({ status: 200, body: { last_seq: from - 1 } });
    await expect.poll(() => receiver.acked().length, { timeout: 15_000 }).toBe(15);
    expect(receiver.acked()).toEqual([...range(hook.last_seq + 1, to), ...range(from, to)]);
    await receiver.close();
  });

  it('sends only the subscribed types, and still moves past the others', async () => {
    const receiver = await startReceiver();
    const hook = await register(receiver, { event_types: ['ramp_created'] });
    await makeChanges(3);
    const ramp = await api(s, 'POST', '/api/ramps', { token: s.tokens.ADMIN, body: { code: 'WHR1' } });
    expect(ramp.status).toBe(201);
    const to = await head();
    await expect.poll(() => receiver.acked(), { timeout: 15_000 }).toEqual([to]);
    expect(receiver.received[0]!.event).toBe('ramp_created');
    await expect.poll(async () => (await api(s, 'GET', `/api/webhooks/${hook.id}`, { token: s.tokens.ADMIN })).body.last_seq).toBe(to);
    await receiver.close();
  });

  it('pauses and resumes: nothing is sent while paused, then everything from the cursor', async () => {
    const receiver = await startReceiver();
    const hook = await register(receiver);
    expect((await api(s, 'POST', `/api/webhooks/${hook.id}/pause`, { token: s.tokens.ADMIN })).body.paused_at).not.toBeNull();
    await makeChanges(5);
    const to = await head();
    // Another endpoint, not paused, gets them: by then the paused one would have too.
    const control = await startReceiver();
    const other = await register(control);
    await api(s, 'POST', `/api/webhooks/${other.id}/replay`, { token: s.tokens.ADMIN, body: { from_seq: to - 4 } });
    await expect.poll(() => control.acked().length, { timeout: 15_000 }).toBe(5);
    expect(receiver.received).toEqual([]);
    expect((await api(s, 'POST', `/api/webhooks/${hook.id}/resume`, { token: s.tokens.ADMIN })).body.paused_at).toBeNull();
    await expect.poll(() => receiver.acked(), { timeout: 15_000 }).toEqual(range(hook.last_seq + 1, to));
    await receiver.close();
    await control.close();
  });

  it('sends a signed test event outside the cursor, and both signatures during a secret rotation’s grace', async () => {
    const receiver = await startReceiver();
    const hook = await register(receiver, { secret: 'a-receiver-chosen-secret-1234' });
    const test = await api(s, 'POST', `/api/webhooks/${hook.id}/test`, { token: s.tokens.ADMIN });
    expect(test.body).toMatchObject({ ok: true, status_code: 200, error: null });
    expect(receiver.received[0]).toMatchObject({ seq: 0, event: 'webhook_test', previous: undefined });
    expect(verifySignature('a-receiver-chosen-secret-1234', receiver.received[0]!.body, receiver.received[0]!.signature)).toBe(true);

    const rotated = await api(s, 'POST', `/api/webhooks/${hook.id}/rotate-secret`, { token: s.tokens.ADMIN });
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).not.toBe('a-receiver-chosen-secret-1234');
    expect(Date.parse(rotated.body.previous_secret_expires_at) - Date.now()).toBeGreaterThan(23 * 3600_000);
    await makeChanges(1);
    await expect.poll(() => receiver.acked().length, { timeout: 15_000 }).toBe(2);
    const event = receiver.received[1]!;
    expect(verifySignature(rotated.body.secret, event.body, event.signature)).toBe(true);
    expect(verifySignature('a-receiver-chosen-secret-1234', event.body, event.previous)).toBe(true);
    expect(verifySignature('a-receiver-chosen-secret-1234', event.body, event.signature)).toBe(false);
    await receiver.close();
  });

  it('does not follow a redirect: a 3xx is a failure', async () => {
    const receiver = await startReceiver();
    const hook = await register(receiver, { active: false });
    receiver.answer(302);
    const test = await api(s, 'POST', `/api/webhooks/${hook.id}/test`, { token: s.tokens.ADMIN });
    expect(test.body).toMatchObject({ ok: false, status_code: 302 });
    expect(test.body.error).toMatch(/^Redirect to .* not followed$/);
    expect(receiver.received).toHaveLength(1);
    await receiver.close();
  });
});
