import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DISPLAY_CHANGED_EVENT, RATE_LIMITED_EVENT, SUBSCRIBE_EVENT } from '@/lib/realtime';
import { connectBoard, connectRaw } from '@/tests/support/sockets';
import { api, startTestServer, type TestServer } from '@/tests/support/test-server';

// One event model (server/events), one socket policy (server/realtime/socket-policy.ts), as clients see them.

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ WS_MESSAGES_PER_SECOND: '5', WS_MESSAGE_BURST: '10' });
});
afterAll(() => s.close());

const q = (token: string) => `?token=${encodeURIComponent(token)}`;
const SEED_KEYS = ['action', 'assignment_id', 'data', 'seq', 'timestamp', 'type', 'user_email', 'user_id'];

describe('the event model', () => {
  it('names its entity and id on every Socket.IO event, assignments too; raw sockets keep the seed shape; history reads the same log', async () => {
    const board = await connectBoard(s.url, { token: s.tokens.SUPERVISOR });
    const raw = await connectRaw(s.url, q(s.tokens.SUPERVISOR));
    await board.until((m) => m.some((x) => x.type === 'caught_up'));
    await raw.until((m) => m.some((x) => x.type === 'connection_ack'));

    const ramp = (await api(s, 'POST', '/api/ramps', { token: s.tokens.ADMIN, body: { code: `EM${Date.now() % 1e6}`, kind: 'BOTH' } })).body;
    const load = (await api(s, 'POST', '/api/loads', { token: s.tokens.OPERATOR, body: { reference: `EM-${Date.now()}`, direction: 'OB' } })).body;
    const start = Date.parse('2036-02-01T08:00:00Z');
    const created = await api(s, 'POST', '/api/assignments', {
      token: s.tokens.OPERATOR,
      body: { ramp_id: ramp.id, load_id: load.id, eta_in: new Date(start).toISOString(), eta_out: new Date(start + 1_800_000).toISOString() },
    });
    expect(created.status).toBe(201);
    const a = created.body;

    const events = await board.until((m) => m.some((x) => x.type === 'assignment_created' && x.assignment_id === a.id));
    expect(events.find((m) => m.type === 'ramp_created')).toMatchObject({ entity: 'ramp', entity_id: ramp.id, action: 'CREATE', data: ramp });
    expect(events.find((m) => m.type === 'load_created')).toMatchObject({ entity: 'load', entity_id: load.id, data: load });
    const sio = events.find((m) => m.type === 'assignment_created')!;
    expect(sio).toMatchObject({ entity: 'assignment', entity_id: a.id, assignment_id: a.id, action: 'CREATE', user_email: 'operator1@dcdock.com', data: a });

    await raw.until(() => raw.events().some((e) => e.assignment_id === a.id));
    const seed = raw.events().find((e) => e.assignment_id === a.id)!;
    expect(Object.keys(seed).sort()).toEqual(SEED_KEYS);
    expect(seed).toMatchObject({ type: 'assignment_created', seq: sio.seq, timestamp: sio.timestamp, data: a });
    // Raw sockets get assignment events only, as the seed's did.
    expect(raw.events().every((e) => e.type.startsWith('assignment_'))).toBe(true);

    const history = await api(s, 'GET', `/api/assignments/${a.id}/history`, { token: s.tokens.SUPERVISOR });
    expect(history.status).toBe(200);
    expect(history.body).toEqual([
      expect.objectContaining({
        seq: sio.seq,
        type: 'assignment_created',
        action: 'CREATE',
        at: sio.timestamp,
        user_email: 'operator1@dcdock.com',
        before: null,
        after: a,
      }),
    ]);
    const day = await api(s, 'GET', '/api/history?date=2036-02-01', { token: s.tokens.SUPERVISOR });
    // The day is the site's; a change is listed by when it was committed, which is today, not 2036.
    expect(day.status).toBe(200);
    expect(day.body.some((e: { seq: number }) => e.seq === sio.seq)).toBe(false);
    const today = await api(s, 'GET', '/api/history', { token: s.tokens.SUPERVISOR });
    expect(today.body.find((e: { seq: number }) => e.seq === sio.seq)).toMatchObject({ assignment_id: a.id, reference: load.reference, ramp_code: ramp.code });
    board.close();
    raw.close();
  });

  it('tells a display link rescoped by its admin to reconnect, and closes its socket; the link works again in its new scope', async () => {
    const link = (await api(s, 'POST', '/api/displays', { token: s.tokens.ADMIN, body: { name: 'Dock 4', direction: 'IB' } })).body;
    const tv = await connectBoard(s.url, { display: link.token });
    await tv.until((m) => m.some((x) => x.type === 'caught_up'));
    const gone = new Promise<string>((resolve) => tv.socket.once('disconnect', resolve));
    expect((await api(s, 'PATCH', `/api/displays/${link.id}`, { token: s.tokens.ADMIN, body: { direction: 'OB' } })).status).toBe(200);
    expect(await gone).toBe('io server disconnect');
    expect(tv.ofType(DISPLAY_CHANGED_EVENT)).toEqual([{ type: DISPLAY_CHANGED_EVENT, id: link.id }]);

    const again = await connectBoard(s.url, { display: link.token });
    await again.until((m) => m.some((x) => x.type === 'caught_up'));
    const ib = (await api(s, 'POST', '/api/loads', { token: s.tokens.OPERATOR, body: { reference: `EM-IB-${Date.now()}`, direction: 'IB' } })).body;
    const ob = (await api(s, 'POST', '/api/loads', { token: s.tokens.OPERATOR, body: { reference: `EM-OB-${Date.now()}`, direction: 'OB' } })).body;
    await again.until(() => again.events().some((e) => e.data?.id === ob.id));
    expect(again.events().some((e) => e.data?.id === ib.id)).toBe(false);
    again.close();
  });
});

describe('one socket policy', () => {
  it('drops a flooding connection of either kind after the same number of refused messages, telling it first', { timeout: 20_000 }, async () => {
    // Burst 10, 5/s: 10 accepted at once, then every message refused; the 201st refused one ends the connection.
    const raw = await connectRaw(s.url, q(s.tokens.OPERATOR));
    await raw.until((m) => m.some((x) => x.type === 'connection_ack'));
    for (let i = 0; i < 220; i++) raw.send({ type: 'ping' });
    expect(await raw.closed).toEqual({ code: 1008, reason: 'Message rate limit exceeded' });
    expect(raw.ofType('pong').length).toBeGreaterThanOrEqual(10);
    expect(raw.ofType('pong').length).toBeLessThan(20);
    // Told at the first refused message and every 20th after: 200 refused messages, 10 notices.
    expect(raw.ofType('error').filter((e) => e.message === 'Rate limit exceeded')).toHaveLength(10);

    const board = await connectBoard(s.url, { token: s.tokens.OPERATOR });
    await board.until((m) => m.some((x) => x.type === 'caught_up'));
    const gone = new Promise<string>((resolve) => board.socket.once('disconnect', resolve));
    for (let i = 0; i < 220; i++) board.socket.emit(SUBSCRIBE_EVENT, {});
    expect(await gone).toBe('io server disconnect');
    expect(board.ofType(RATE_LIMITED_EVENT)).toHaveLength(10);
  });

  it('refuses the same credentials on both kinds: 1008 on the raw socket, connect_error "unauthorized" on Socket.IO', async () => {
    for (const token of ['', 'garbage']) {
      const raw = await connectRaw(s.url, q(token));
      expect(await raw.closed).toEqual({ code: 1008, reason: token ? 'Invalid or expired token' : 'Missing token' });
      await expect(connectBoard(s.url, { token })).rejects.toThrow('unauthorized');
    }
    await expect(connectBoard(s.url, {})).rejects.toThrow('unauthorized');
    await expect(connectBoard(s.url, { display: 'a-well-formed-display-token-0123456789' })).rejects.toThrow('display_link_revoked');
  });
});
