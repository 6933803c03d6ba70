import { encode } from 'next-auth/jwt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectBoard } from '@/tests/support/sockets';
import { api, startTestServer, TEST_SECRET, type TestServer } from '@/tests/support/test-server';
import { SEED_NOW } from '@/tests/support/global-setup';
import { dayOf } from '@/lib/zoned-time';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ SITE_TIMEZONE: 'Europe/Amsterdam' });
});
afterAll(() => s.close());

const seedDay = '2030-06-12';

describe('board snapshot and day history', () => {
  it("returns one day in the site's time zone with the seq it reflects", async () => {
    const board = await api(s, 'GET', `/api/board?date=${seedDay}`, { token: s.tokens.SUPERVISOR });
    expect(board.status).toBe(200);
    expect(board.body).toMatchObject({
      date: seedDay,
      time_zone: 'Europe/Amsterdam',
      day_start: '2030-06-11T22:00:00.000Z',
      day_end: '2030-06-12T22:00:00.000Z',
    });
    expect(board.body.ramps).toHaveLength(8);
    expect(board.body.statuses).toHaveLength(8);
    expect(board.body.assignments).toHaveLength(20);
    expect(board.body.unassigned_loads.map((l: { id: number }) => l.id)).toEqual(expect.arrayContaining([1, 12]));
    expect(board.body.seq).toBe(Number((await s.db.$client`SELECT seq FROM event_counter`)[0]!.seq));
    const ib = await api(s, 'GET', `/api/board?date=${seedDay}&direction=IB`, { token: s.tokens.SUPERVISOR });
    expect(ib.body.assignments.every((a: { load: { direction: string } }) => a.load.direction === 'IB')).toBe(true);
    expect((await api(s, 'GET', '/api/board?date=12-06-2030', { token: s.tokens.SUPERVISOR })).status).toBe(422);
  });

  it('lists the changes of a day, newest first, with who and what', async () => {
    const [a] = (await api(s, 'GET', `/api/board?date=${seedDay}`, { token: s.tokens.OPERATOR })).body.assignments;
    await api(s, 'PATCH', `/api/assignments/${a.id}`, { token: s.tokens.ADMIN, body: { version: a.version, status_id: 4 } });
    const today = dayOf(new Date(), 'Europe/Amsterdam');
    const history = await api(s, 'GET', `/api/history?date=${today}`, { token: s.tokens.SUPERVISOR });
    expect(history.status).toBe(200);
    expect(history.body[0]).toMatchObject({
      action: 'UPDATE',
      assignment_id: a.id,
      user_email: 'admin@dcdock.com',
      user_name: 'Admin User',
      reference: a.load.reference,
      ramp_code: a.ramp.code,
    });
    expect(history.body[0].changes.status.to).toBe('DELAYED');
    expect(SEED_NOW.toISOString().slice(0, 10)).toBe(seedDay);
  });
});

describe('browser session on the REST API', () => {
  it('accepts the session cookie for reads, and for writes only with the CSRF header', async () => {
    const cookieToken = await encode({ token: { uid: 3, email: 'operator1@dcdock.com', role: 'OPERATOR' }, secret: TEST_SECRET, maxAge: 3600 });
    const cookie = `next-auth.session-token=${cookieToken}`;
    const me = await api(s, 'GET', '/api/users/me', { headers: { cookie } });
    expect(me).toMatchObject({ status: 200, body: { email: 'operator1@dcdock.com' } });
    const body = { reference: 'COOKIE-1', direction: 'OB' };
    expect((await api(s, 'POST', '/api/loads', { headers: { cookie }, body })).status).toBe(403);
    expect((await api(s, 'POST', '/api/loads', { headers: { cookie, 'x-dcdock-csrf': '1' }, body })).status).toBe(201);
    const forged = await encode({ token: { uid: 1 }, secret: 'another-secret-another-secret-another', maxAge: 3600 });
    expect((await api(s, 'GET', '/api/users/me', { headers: { cookie: `next-auth.session-token=${forged}` } })).status).toBe(401);
  });
});

describe('display links', () => {
  it('shows a scoped board through the link, live over Socket.IO, and stops when revoked', async () => {
    const created = await api(s, 'POST', '/api/displays', { token: s.tokens.ADMIN, body: { name: 'Hall B', direction: 'OB' } });
    expect(created).toMatchObject({ status: 201, body: { name: 'Hall B', direction: 'OB', revoked_at: null } });
    const token = created.body.token;
    expect(created.body.url).toBe(`/tv/${token}`);
    const list = await api(s, 'GET', '/api/displays', { token: s.tokens.ADMIN });
    expect(list.body.map((d: { id: number }) => d.id)).toContain(created.body.id);

    const tv = await api(s, 'GET', `/api/tv/${token}`);
    expect(tv.status).toBe(200);
    expect(tv.body.display).toEqual({ name: 'Hall B', direction: 'OB' });
    expect(tv.body.ramps.every((r: { kind: string }) => r.kind !== 'IB')).toBe(true);

    const screen = await connectBoard(s.url, { display: token });
    await screen.until((m) => m.some((x) => x.type === 'caught_up'));
    const load = await api(s, 'POST', '/api/loads', { token: s.tokens.OPERATOR, body: { reference: 'TV-OB-1', direction: 'OB' } });
    await screen.until(() => screen.events().some((e) => e.type === 'load_created' && e.data.id === load.body.id));
    const ibLoad = await api(s, 'POST', '/api/loads', { token: s.tokens.OPERATOR, body: { reference: 'TV-IB-1', direction: 'IB' } });
    const obLoad2 = await api(s, 'POST', '/api/loads', { token: s.tokens.OPERATOR, body: { reference: 'TV-OB-2', direction: 'OB' } });
    await screen.until(() => screen.events().some((e) => e.data?.id === obLoad2.body.id));
    expect(screen.events().some((e) => e.data?.id === ibLoad.body.id)).toBe(false);

    const closed = new Promise((resolve) => screen.socket.on('disconnect', resolve));
    expect((await api(s, 'DELETE', `/api/displays/${created.body.id}`, { token: s.tokens.ADMIN })).status).toBe(204);
    await closed;
    expect(screen.ofType('display_revoked')).toHaveLength(1);
    expect((await api(s, 'GET', `/api/tv/${token}`)).status).toBe(404);
    await expect(connectBoard(s.url, { display: token })).rejects.toThrow(/revoked/);
  });
});
