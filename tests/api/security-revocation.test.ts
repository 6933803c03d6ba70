import { SignJWT } from 'jose';
import { encode } from 'next-auth/jwt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectBoard, connectRaw, type BoardClient, type RawClient } from '@/tests/support/sockets';
import { api, createTestDatabase, startInstance, startTestServer, TEST_SECRET, type TestServer } from '@/tests/support/test-server';

// SPEC §7 "Sessions can be revoked": a password, role or activity change and
// "sign out everywhere" invalidate earlier tokens and browser sessions: REST
// answers 401 and their sockets close within 5 s.

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.close());

let n = 0;
const PASSWORD = 'amber-kettle-Orbit-51';

async function newUser(role = 'OPERATOR'): Promise<{ id: number; email: string }> {
  const email = `revoke.${++n}.${Date.now()}@example.com`;
  const res = await api(s, 'POST', '/api/users', { token: s.tokens.ADMIN, body: { email, full_name: `Revoke Test ${n}`, password: PASSWORD, role } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { id: res.body.id, email };
}

async function loginToken(email: string, password = PASSWORD): Promise<string> {
  const res = await api(s, 'POST', '/api/auth/login', { body: { email, password } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.access_token;
}

/** A browser session cookie as next-auth mints it at sign-in. */
async function sessionCookie(userId: number, tv: number, authTime = Math.floor(Date.now() / 1000)): Promise<string> {
  const token = await encode({ token: { uid: userId, role: 'OPERATOR', tv, auth_time: authTime }, secret: TEST_SECRET, maxAge: 3600 });
  return `next-auth.session-token=${token}`;
}

const me = (auth: { token?: string; cookie?: string }) =>
  api(s, 'GET', '/api/users/me', { token: auth.token, headers: auth.cookie ? { cookie: auth.cookie } : {} });

/** Opens one raw WebSocket and one Socket.IO socket for a token, and one Socket.IO socket for a cookie. */
async function openSockets(token: string, cookie: string) {
  const raw = await connectRaw(s.url, `?token=${encodeURIComponent(token)}`);
  await raw.until((m) => m.some((x) => x.type === 'connection_ack'));
  const board = await connectBoard(s.url, { token });
  const browser = await connectBoard(s.url, {}, { headers: { cookie } });
  return { raw, board, browser };
}

const disconnected = (c: BoardClient) =>
  new Promise<number>((resolve) => {
    const started = Date.now();
    if (!c.socket.connected) return resolve(0);
    c.socket.once('disconnect', () => resolve(Date.now() - started));
  });

/** Runs `revoke` and asserts that every socket opened before it closes within 5 s. */
async function expectSocketsClosed(sockets: { raw: RawClient; board: BoardClient; browser: BoardClient }, revoke: () => Promise<void>) {
  const started = Date.now();
  const boardGone = disconnected(sockets.board);
  const browserGone = disconnected(sockets.browser);
  await revoke();
  const deadline = (p: Promise<unknown>, what: string) =>
    Promise.race([p, new Promise((_, reject) => setTimeout(() => reject(new Error(`${what} still open 5 s after the revocation`)), 5_000))]);
  const closed = (await deadline(sockets.raw.closed, 'raw WebSocket')) as { code: number; reason: string };
  expect(closed).toEqual({ code: 1008, reason: 'Session revoked' });
  await deadline(boardGone, 'Socket.IO (token)');
  await deadline(browserGone, 'Socket.IO (cookie)');
  const ms = Date.now() - started;
  console.log(`revocation: raw WebSocket and both Socket.IO sockets closed ${ms} ms after the request was sent`);
  expect(ms).toBeLessThan(5_000);
}

describe('revocation', () => {
  it('a password change: old token and cookie get 401, their sockets close, the new password works', async () => {
    const user = await newUser();
    const token = await loginToken(user.email);
    const cookie = await sessionCookie(user.id, 1);
    expect((await me({ token })).status).toBe(200);
    expect((await me({ cookie })).status).toBe(200);
    const sockets = await openSockets(token, cookie);

    const newPassword = 'violet-Lantern-harbour-77';
    await expectSocketsClosed(sockets, async () => {
      const res = await api(s, 'PATCH', `/api/users/${user.id}`, { token: s.tokens.ADMIN, body: { password: newPassword } });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    });
    expect((await me({ token })).status).toBe(401);
    expect((await me({ cookie })).status).toBe(401);
    // Reconnecting with the old credentials is refused too.
    await expect(connectBoard(s.url, { token })).rejects.toThrow();
    const fresh = await loginToken(user.email, newPassword);
    expect((await me({ token: fresh })).status).toBe(200);
  });

  it('a role change and a deactivation revoke too', async () => {
    const user = await newUser();
    const first = await loginToken(user.email);
    expect((await api(s, 'PATCH', `/api/users/${user.id}`, { token: s.tokens.ADMIN, body: { role: 'SUPERVISOR' } })).status).toBe(200);
    expect((await me({ token: first })).status).toBe(401);
    const second = await loginToken(user.email);
    expect((await me({ token: second })).body.role).toBe('SUPERVISOR');
    // A change of name alone signs nobody out.
    expect((await api(s, 'PATCH', `/api/users/${user.id}`, { token: s.tokens.ADMIN, body: { full_name: 'Renamed' } })).status).toBe(200);
    expect((await me({ token: second })).status).toBe(200);
    expect((await api(s, 'PATCH', `/api/users/${user.id}`, { token: s.tokens.ADMIN, body: { is_active: false } })).status).toBe(200);
    expect((await api(s, 'PATCH', `/api/users/${user.id}`, { token: s.tokens.ADMIN, body: { is_active: true } })).status).toBe(200);
    // Reactivated, but the token from before the deactivation stays revoked.
    expect((await me({ token: second })).status).toBe(401);
  });

  it('POST /api/auth/logout-all signs the caller out everywhere, sockets included, within 5 s', async () => {
    const user = await newUser();
    const token = await loginToken(user.email);
    const other = await loginToken(user.email);
    const sockets = await openSockets(other, await sessionCookie(user.id, 1));
    await expectSocketsClosed(sockets, async () => {
      const res = await api(s, 'POST', '/api/auth/logout-all', { token });
      expect(res.status).toBe(204);
    });
    expect((await me({ token })).status).toBe(401);
    expect((await me({ token: other })).status).toBe(401);
    expect((await me({ token: await loginToken(user.email) })).status).toBe(200);
  });

  it('an admin signs a user out with POST /api/users/{id}/sessions/revoke; others may not', async () => {
    const user = await newUser();
    const token = await loginToken(user.email);
    const sockets = await openSockets(token, await sessionCookie(user.id, 1));
    expect((await api(s, 'POST', `/api/users/${user.id}/sessions/revoke`, { token: s.tokens.OPERATOR })).status).toBe(403);
    expect((await me({ token })).status).toBe(200);
    await expectSocketsClosed(sockets, async () => {
      expect((await api(s, 'POST', `/api/users/${user.id}/sessions/revoke`, { token: s.tokens.ADMIN })).status).toBe(204);
    });
    expect((await me({ token })).status).toBe(401);
    expect((await api(s, 'POST', '/api/users/999999/sessions/revoke', { token: s.tokens.ADMIN })).status).toBe(404);
  });

  it("leaves other users' sockets and sessions alone", async () => {
    const a = await newUser();
    const b = await newUser();
    const tokenB = await loginToken(b.email);
    const rawB = await connectRaw(s.url, `?token=${encodeURIComponent(tokenB)}`);
    await rawB.until((m) => m.some((x) => x.type === 'connection_ack'));
    const tokenA = await loginToken(a.email);
    const rawA = await connectRaw(s.url, `?token=${encodeURIComponent(tokenA)}`);
    expect((await api(s, 'POST', '/api/auth/logout-all', { token: tokenA })).status).toBe(204);
    expect((await rawA.closed).code).toBe(1008);
    rawB.send({ type: 'ping' });
    await rawB.until((m) => m.some((x) => x.type === 'pong'));
    expect((await me({ token: tokenB })).status).toBe(200);
    rawB.close();
  });

  it('tokens issued before token versions existed (no tv claim) count as version 1 until a bump', async () => {
    const user = await newUser();
    const legacy = await new SignJWT({ user_id: user.id, email: user.email, role: 'OPERATOR' })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer('dcdock')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(TEST_SECRET));
    expect((await me({ token: legacy })).status).toBe(200);
    const raw = await connectRaw(s.url, `?token=${encodeURIComponent(legacy)}`);
    await raw.until((m) => m.some((x) => x.type === 'connection_ack'));
    expect((await api(s, 'POST', `/api/users/${user.id}/sessions/revoke`, { token: s.tokens.ADMIN })).status).toBe(204);
    expect((await raw.closed).reason).toBe('Session revoked');
    expect((await me({ token: legacy })).status).toBe(401);
  });

  it('a revocation on one instance closes the sockets on another within 5 s', async () => {
    const database = await createTestDatabase();
    const a = await startInstance(database.url);
    const b = await startInstance(database.url);
    try {
      const raw = await connectRaw(b.url, `?token=${encodeURIComponent(a.tokens.OPERATOR)}`);
      await raw.until((m) => m.some((x) => x.type === 'connection_ack'));
      const started = Date.now();
      expect((await api(a, 'POST', '/api/auth/logout-all', { token: a.tokens.OPERATOR })).status).toBe(204);
      const closed = await Promise.race([raw.closed, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('still open after 5 s')), 5_000))]);
      expect(closed.reason).toBe('Session revoked');
      console.log(`revocation across instances: socket on B closed ${Date.now() - started} ms after logout-all on A`);
      expect((await api(b, 'GET', '/api/users/me', { token: a.tokens.OPERATOR })).status).toBe(401);
    } finally {
      await a.close();
      await b.close();
      await database.drop();
    }
  });
});
