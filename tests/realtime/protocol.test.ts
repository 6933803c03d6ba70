import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectBoard, connectRaw } from '@/tests/support/sockets';
import { api, startTestServer, TEST_SECRET, type TestServer } from '@/tests/support/test-server';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ WS_MESSAGES_PER_SECOND: '20', WS_MESSAGE_BURST: '40' });
});
afterAll(() => s.close());

const q = (token: string) => `?token=${encodeURIComponent(token)}`;

async function newLoad(direction: 'IB' | 'OB') {
  const ref = `P-${direction}-${Math.random().toString(36).slice(2, 9)}`;
  return (await api(s, 'POST', '/api/loads', { token: s.tokens.ADMIN, body: { reference: ref, direction } })).body;
}

let slot = 0;
async function newAssignment(direction: 'IB' | 'OB', token = s.tokens.OPERATOR) {
  const load = await newLoad(direction);
  const start = Date.parse('2033-01-01T00:00:00Z') + slot++ * 3_600_000;
  return api(s, 'POST', '/api/assignments', {
    token,
    body: { ramp_id: direction === 'IB' ? 5 : 3, load_id: load.id, eta_in: new Date(start).toISOString(), eta_out: new Date(start + 1_800_000).toISOString() },
  });
}

describe('raw WebSocket: the original protocol', () => {
  it('acknowledges the connection, subscribe, unsubscribe and ping with the seed fields', async () => {
    const c = await connectRaw(s.url, q(s.tokens.ADMIN));
    const [ack] = await c.until((m) => m.length >= 1);
    expect(ack).toMatchObject({ type: 'connection_ack', message: 'Connected to DCDock real-time updates' });
    expect(ack!.client_id).toMatch(/^user_1_\d+$/);
    expect(Date.parse(ack!.timestamp)).not.toBeNaN();

    c.send({ type: 'subscribe', filters: { direction: 'IB' } });
    await c.until((m) => m.some((x) => x.type === 'subscribe_ack'));
    expect(c.ofType('subscribe_ack')[0]).toMatchObject({ filters: { direction: 'IB' } });
    c.send({ type: 'subscribe' });
    await c.until(() => c.ofType('subscribe_ack').length === 2);
    expect(c.ofType('subscribe_ack')[1].filters).toEqual({});
    c.send({ type: 'unsubscribe' });
    await c.until(() => c.ofType('unsubscribe_ack').length === 1);
    c.send({ type: 'ping' });
    const [pong] = (await c.until(() => c.ofType('pong').length === 1)).filter((m) => m.type === 'pong');
    expect(Date.parse(pong!.timestamp)).not.toBeNaN();
    c.close();
  });

  it('answers bad messages with an error and keeps the socket usable', async () => {
    const c = await connectRaw(s.url, q(s.tokens.OPERATOR));
    const bad = [
      '{not json',
      '"a string"',
      '[1,2]',
      '{"no_type":1}',
      '{"type":42}',
      '{"type":"dance"}',
      '{"type":"subscribe","filters":{"direction":"XX"}}',
      '{"type":"subscribe","filters":"IB"}',
    ];
    for (const text of bad) c.send(text);
    await c.until(() => c.ofType('error').length === bad.length);
    for (const e of c.ofType('error')) {
      expect(typeof e.message).toBe('string');
      expect(typeof e.details).toBe('string');
    }
    expect(c.ofType('error')[0].message).toBe('Invalid JSON');
    expect(c.ofType('error')[3]).toMatchObject({ message: 'Invalid message format', details: "Expected JSON object with 'type' field" });
    c.send({ type: 'ping' });
    await c.until(() => c.ofType('pong').length === 1);
    expect(c.ws.readyState).toBe(c.ws.OPEN);
    c.close();
  });

  it('refuses a missing, invalid, wrongly signed or expired token with close code 1008', async () => {
    const expired = await new SignJWT({ user_id: 1, email: 'admin@dcdock.com', role: 'ADMIN' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('dcdock')
      .setExpirationTime(Math.floor(Date.now() / 1000) - 10)
      .sign(new TextEncoder().encode(TEST_SECRET));
    const forged = await new SignJWT({ user_id: 1, email: 'admin@dcdock.com', role: 'ADMIN' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('dcdock')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('another-secret-another-secret-another-secret'));
    for (const query of ['', '?token=', '?token=garbage', q(expired), q(forged)]) {
      const c = await connectRaw(s.url, query);
      expect((await c.closed).code, query.slice(0, 20)).toBe(1008);
      expect(c.ofType('connection_ack')).toHaveLength(0);
    }
  });

  it('delivers created, updated and deleted events with the seed fields plus seq', async () => {
    const c = await connectRaw(s.url, q(s.tokens.SUPERVISOR));
    await c.until((m) => m.length >= 1);
    const created = await newAssignment('IB');
    const updated = await api(s, 'PATCH', `/api/assignments/${created.body.id}`, { token: s.tokens.ADMIN, body: { version: 1, status_id: 3 } });
    expect((await api(s, 'DELETE', `/api/assignments/${created.body.id}`, { token: s.tokens.OPERATOR })).status).toBe(204);
    await c.until(() => c.events().length >= 3);
    const [e1, e2, e3] = c.events();
    expect(e1).toMatchObject({
      type: 'assignment_created',
      action: 'CREATE',
      assignment_id: created.body.id,
      user_email: 'operator1@dcdock.com',
      data: created.body,
    });
    expect(e2).toMatchObject({ type: 'assignment_updated', action: 'UPDATE', user_email: 'admin@dcdock.com', user_id: 1, data: updated.body });
    expect(e3).toMatchObject({ type: 'assignment_deleted', action: 'DELETE', assignment_id: created.body.id, data: updated.body });
    expect(e2!.seq).toBe(e1!.seq + 1);
    expect(e3!.seq).toBe(e2!.seq + 1);
    for (const e of [e1, e2, e3])
      expect(Object.keys(e!).sort()).toEqual(['action', 'assignment_id', 'data', 'seq', 'timestamp', 'type', 'user_email', 'user_id']);
    c.close();
  });

  it('sends conflict_detected to the connections of the user whose save conflicted, on both socket kinds', async () => {
    const mine = await connectRaw(s.url, q(s.tokens.OPERATOR));
    const board = await connectBoard(s.url, { token: s.tokens.OPERATOR });
    const other = await connectRaw(s.url, q(s.tokens.ADMIN));
    await other.until((m) => m.length >= 1);
    const a = (await newAssignment('OB', s.tokens.ADMIN)).body;
    await api(s, 'PATCH', `/api/assignments/${a.id}`, { token: s.tokens.ADMIN, body: { version: 1, status_id: 2 } });
    const stale = await api(s, 'PATCH', `/api/assignments/${a.id}`, { token: s.tokens.OPERATOR, body: { version: 1, status_id: 4 } });
    expect(stale.status).toBe(409);
    for (const inbox of [mine, board]) {
      await inbox.until(() => inbox.ofType('conflict_detected').length === 1);
      const conflict = inbox.ofType('conflict_detected')[0];
      expect(conflict).toMatchObject({ assignment_id: a.id, current_version: 2, attempted_version: 1, message: 'Another user has modified this assignment' });
      expect(conflict.current_data).toEqual(stale.body.current_data);
    }
    await other.until(() => other.events().length >= 2);
    expect(other.ofType('conflict_detected')).toHaveLength(0);
    for (const c of [mine, board, other]) c.close();
  });
});

describe('filters', () => {
  it('IB and OB subscribers get only their direction, unfiltered both; unsubscribe clears the filter', async () => {
    const ib = await connectRaw(s.url, q(s.tokens.OPERATOR));
    const ob = await connectRaw(s.url, q(s.tokens.OPERATOR));
    const all = await connectRaw(s.url, q(s.tokens.OPERATOR));
    ib.send({ type: 'subscribe', filters: { direction: 'IB' } });
    ob.send({ type: 'subscribe', filters: { direction: 'OB' } });
    await ib.until(() => ib.ofType('subscribe_ack').length === 1);
    await ob.until(() => ob.ofType('subscribe_ack').length === 1);
    const boardIb = await connectBoard(s.url, { token: s.tokens.OPERATOR, direction: 'IB' });
    const boardOb = await connectBoard(s.url, { token: s.tokens.OPERATOR, direction: 'OB' });
    await boardIb.until((m) => m.some((x) => x.type === 'caught_up'));
    await boardOb.until((m) => m.some((x) => x.type === 'caught_up'));

    const ids = { IB: [] as number[], OB: [] as number[] };
    for (const d of ['IB', 'OB', 'IB', 'OB'] as const) ids[d].push((await newAssignment(d)).body.id);
    await all.until(() => all.events().length >= 4);
    await ib.until(() => ib.events().length >= 2);
    await ob.until(() => ob.events().length >= 2);
    await boardIb.until(() => boardIb.events().filter((e) => e.type.startsWith('assignment')).length >= 2);
    await boardOb.until(() => boardOb.events().filter((e) => e.type.startsWith('assignment')).length >= 2);
    expect(ib.events().map((e) => e.data.load.direction)).toEqual(['IB', 'IB']);
    expect(ob.events().map((e) => e.data.load.direction)).toEqual(['OB', 'OB']);
    expect(all.events().map((e) => e.assignment_id)).toEqual([ids.IB[0], ids.OB[0], ids.IB[1], ids.OB[1]]);
    expect(
      boardIb
        .events()
        .filter((e) => e.type.startsWith('assignment'))
        .every((e) => e.data.load.direction === 'IB'),
    ).toBe(true);
    expect(
      boardOb
        .events()
        .filter((e) => e.type.startsWith('assignment'))
        .every((e) => e.data.load.direction === 'OB'),
    ).toBe(true);

    ib.send({ type: 'unsubscribe' });
    await ib.until(() => ib.ofType('unsubscribe_ack').length === 1);
    await newAssignment('OB');
    await ib.until(() => ib.events().length >= 3);
    expect(ib.events()[2].data.load.direction).toBe('OB');
    for (const c of [ib, ob, all, boardIb, boardOb]) c.close();
  });
});

describe('stats and safety', () => {
  it('counts both kinds of connection in the seed shape, with ids and filters only', async () => {
    const raw = await connectRaw(s.url, q(s.tokens.OPERATOR));
    raw.send({ type: 'subscribe', filters: { direction: 'OB' } });
    await raw.until(() => raw.ofType('subscribe_ack').length === 1);
    const board = await connectBoard(s.url, { token: s.tokens.ADMIN, direction: 'IB' });
    const stats = await api(s, 'GET', '/api/ws/stats/');
    expect(stats.status).toBe(200);
    const rawId = raw.ofType('connection_ack')[0].client_id;
    expect(stats.body.clients).toContainEqual({ client_id: rawId, filters: { direction: 'OB' } });
    expect(stats.body.clients).toContainEqual({ client_id: expect.stringMatching(/^user_1_/), filters: { direction: 'IB' } });
    expect(stats.body.active_connections).toBe(stats.body.clients.length);
    for (const c of stats.body.clients) expect(Object.keys(c).sort()).toEqual(['client_id', 'filters']);
    raw.close();
    board.close();
  });

  it('refuses a cross-site Origin on both socket kinds, and accepts the page’s own', async () => {
    await expect(connectRaw(s.url, q(s.tokens.OPERATOR), { Origin: 'https://evil.example' })).rejects.toThrow(/403/);
    await expect(connectBoard(s.url, { token: s.tokens.OPERATOR }, { headers: { Origin: 'https://evil.example' } })).rejects.toThrow();
    const own = await connectRaw(s.url, q(s.tokens.OPERATOR), { Origin: s.url });
    await own.until((m) => m.length >= 1);
    own.close();
  });

  it('closes a socket that sends an oversized message (1009) and rate-limits a flood', async () => {
    const big = await connectRaw(s.url, q(s.tokens.OPERATOR));
    big.send(JSON.stringify({ type: 'ping', pad: 'x'.repeat(100_000) }));
    expect((await big.closed).code).toBe(1009);

    const flood = await connectRaw(s.url, q(s.tokens.OPERATOR));
    for (let i = 0; i < 100; i++) flood.send({ type: 'ping' });
    await flood.until(() => flood.ofType('error').some((e) => e.message === 'Rate limit exceeded'));
    await new Promise((r) => setTimeout(r, 200));
    expect(flood.ofType('pong').length).toBeLessThan(100);
    expect(flood.ofType('pong').length).toBeGreaterThanOrEqual(40);
    flood.close();
  });

  it('closes the sockets of a deactivated user within 5 seconds, and of an expired token', async () => {
    const user = await api(s, 'POST', '/api/users', {
      token: s.tokens.ADMIN,
      body: { email: 'leaver@dcdock.com', full_name: 'Lee Ver', password: 'leaver-pass-1', role: 'OPERATOR' },
    });
    const token = await s.tokenFor('leaver@dcdock.com');
    const raw = await connectRaw(s.url, q(token));
    const board = await connectBoard(s.url, { token });
    const boardClosed = new Promise((resolve) => board.socket.on('disconnect', resolve));
    const started = Date.now();
    expect((await api(s, 'PATCH', `/api/users/${user.body.id}`, { token: s.tokens.ADMIN, body: { is_active: false } })).status).toBe(200);
    expect((await raw.closed).code).toBe(1008);
    await boardClosed;
    expect(Date.now() - started).toBeLessThan(5_000);

    const shortLived = await new SignJWT({ user_id: 3, email: 'operator1@dcdock.com', role: 'OPERATOR' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('dcdock')
      .setExpirationTime(Math.floor(Date.now() / 1000) + 2)
      .sign(new TextEncoder().encode(TEST_SECRET));
    const expiring = await connectRaw(s.url, q(shortLived));
    const t0 = Date.now();
    expect((await expiring.closed).code).toBe(1008);
    expect(Date.now() - t0).toBeLessThan(5_000);
  });
});
