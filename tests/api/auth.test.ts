import { SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '@/server/http/routes';
import { api, dbFingerprint, DEMO, startTestServer, TEST_SECRET, type ApiResponse, type TestServer } from '@/tests/support/test-server';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.close());

const ACCOUNTS = [
  { email: DEMO.ADMIN, password: 'admin123', role: 'ADMIN' },
  { email: DEMO.OPERATOR, password: 'operator123', role: 'OPERATOR' },
  { email: DEMO.SUPERVISOR, password: 'supervisor123', role: 'SUPERVISOR' },
] as const;

const login = (server: { url: string }, email: string, password: string) => api(server, 'POST', '/api/auth/login', { body: { email, password } });

/** The JWT payload, read without verifying: base64url of the middle part. */
const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'));

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** An HS256 token shaped like the server's, signed with `secret` and expiring at `exp`. */
const signToken = (secret: string, exp: number, claims: Record<string, unknown>) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer('dcdock')
    .setIssuedAt(exp - 3600)
    .setExpirationTime(exp)
    .sign(new TextEncoder().encode(secret));

const expect401 = (res: ApiResponse, what: string) => {
  expect(res.status, what).toBe(401);
  expect(res.headers.get('content-type'), what).toMatch(/^application\/json/);
  expect(typeof res.body?.detail, what).toBe('string');
  expect(res.body.detail.length, what).toBeGreaterThan(0);
};

describe('POST /api/auth/login', () => {
  it.each(ACCOUNTS)('gives $email a bearer token carrying user_id, email, role and exp, usable on /api/users/me', async ({ email, password, role }) => {
    const res = await login(s, email, password);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ access_token: expect.any(String), token_type: 'bearer' });
    const claims = claimsOf(res.body.access_token);
    expect(claims).toMatchObject({ user_id: expect.any(Number), email, role });
    expect(claims.exp).toBeGreaterThan(nowSeconds());
    const me = await api(s, 'GET', '/api/users/me', { token: res.body.access_token });
    expect(me).toMatchObject({ status: 200, body: { id: claims.user_id, email, role } });
  });

  it('matches the email case-insensitively', async () => {
    const res = await login(s, 'Supervisor@DCDock.COM', 'supervisor123');
    expect(res.status).toBe(200);
    expect(claimsOf(res.body.access_token)).toMatchObject({ email: DEMO.SUPERVISOR, role: 'SUPERVISOR' });
  });

  it('answers a wrong password and an unknown email with the same 401', async () => {
    const wrong = await login(s, DEMO.OPERATOR, 'not-the-password');
    const unknown = await login(s, 'nobody@dcdock.com', 'operator123');
    expect401(wrong, 'wrong password');
    expect401(unknown, 'unknown email');
    expect(unknown.body.detail).toBe(wrong.body.detail);
    expect(wrong.body.access_token).toBeUndefined();
  });

  it.each([
    ['no body', undefined],
    ['an empty object', {}],
    ['no password', { email: DEMO.ADMIN }],
    ['no email', { password: 'admin123' }],
    ['an empty email and password', { email: '', password: '' }],
  ])('answers %s with 422', async (_what, body) => {
    const res = await api(s, 'POST', '/api/auth/login', { body });
    expect(res.status).toBe(422);
    expect(Array.isArray(res.body.detail)).toBe(true);
  });
});

describe('protected routes refuse requests without valid credentials', () => {
  type Bad = { name: string; header: () => Promise<string | undefined> };
  const adminClaims = () => {
    const { user_id, email, role } = claimsOf(s.tokens.ADMIN);
    return { user_id, email, role };
  };
  const BAD: Bad[] = [
    { name: 'no Authorization header', header: async () => undefined },
    { name: "'Bearer' without a token", header: async () => 'Bearer' },
    { name: "'Basic abc'", header: async () => 'Basic abc' },
    { name: "'Bearer not.a.jwt'", header: async () => 'Bearer not.a.jwt' },
    {
      name: 'a token signed with another secret',
      header: async () => `Bearer ${await signToken('another-secret-that-is-also-long-enough-0123456789', nowSeconds() + 3600, adminClaims())}`,
    },
    { name: 'an expired token', header: async () => `Bearer ${await signToken(TEST_SECRET, nowSeconds() - 60, adminClaims())}` },
    {
      name: "an alg 'none' token",
      header: async () => `Bearer ${new UnsecuredJWT(adminClaims()).setIssuer('dcdock').setIssuedAt().setExpirationTime('1h').encode()}`,
    },
  ];

  /** Bodies the route would accept from an admin, so only the credentials are wrong. */
  const BODIES: Record<string, unknown> = {
    'POST /api/users': { email: 'sneaky@example.com', full_name: 'Sneaky', password: 'amber-kettle-Orbit-51', role: 'ADMIN' },
    'PATCH /api/users/:id': { full_name: 'Hijacked' },
    'POST /api/ramps': { code: 'RX401' },
    'PATCH /api/ramps/:id': { description: 'Hijacked' },
    'POST /api/statuses': { code: 'HIJACKED', label: 'Hijacked', color: 'red' },
    'PATCH /api/statuses/:id': { label: 'Hijacked' },
    'POST /api/loads': { reference: 'X-401', direction: 'IB' },
    'PATCH /api/loads/:id': { notes: 'Hijacked' },
    'POST /api/assignments': { ramp_id: 1, load_id: 1, eta_in: '2031-01-01T08:00:00Z', eta_out: '2031-01-01T10:00:00Z' },
    'PATCH /api/assignments/:id': { version: 1, status_id: 2 },
    'PUT /api/assignments/:id': { version: 1, status_id: 2 },
  };

  it('a token signed like the expired one but still valid is accepted (control)', async () => {
    const token = await signToken(TEST_SECRET, nowSeconds() + 3600, adminClaims());
    expect((await api(s, 'GET', '/api/users/me', { token })).status).toBe(200);
  });

  it('a token that worked stops working the moment it expires (verified tokens are remembered only until their exp)', async () => {
    const exp = nowSeconds() + 2;
    const token = await signToken(TEST_SECRET, exp, adminClaims());
    expect((await api(s, 'GET', '/api/users/me', { token })).status).toBe(200);
    expect((await api(s, 'GET', '/api/users/me', { token })).status).toBe(200);
    await new Promise((r) => setTimeout(r, exp * 1000 - Date.now() + 50));
    expect401(await api(s, 'GET', '/api/users/me', { token }), 'the same token after its exp');
  });

  const protectedRoutes = routes.filter((r) => r.auth);
  it('covers every protected route', () => {
    expect(protectedRoutes.length).toBeGreaterThanOrEqual(28);
  });

  it.each(protectedRoutes.map((r) => [`${r.method} ${r.path}`, r] as const))('%s answers 401 with a JSON detail and changes nothing', async (key, r) => {
    const path = r.path.replace(/:\w+/g, '1');
    const before = await dbFingerprint(s.db);
    for (const bad of BAD) {
      const header = await bad.header();
      const res = await api(s, r.method, path, { headers: header === undefined ? {} : { Authorization: header }, body: BODIES[key] });
      expect401(res, `${key} with ${bad.name}`);
    }
    expect(await dbFingerprint(s.db)).toBe(before);
  });
});

describe('inactive users', () => {
  it('lose access with their existing token and cannot log in until reactivated; the old token stays revoked', async () => {
    const email = 'inactive.test@example.com';
    const password = 'inactive-Kettle-orbit-93';
    const created = await api(s, 'POST', '/api/users', { token: s.tokens.ADMIN, body: { email, full_name: 'Soon Inactive', password, role: 'OPERATOR' } });
    expect(created.status).toBe(201);
    const first = await login(s, email, password);
    expect(first.status).toBe(200);
    const token = first.body.access_token;
    expect((await api(s, 'GET', '/api/users/me', { token })).status).toBe(200);

    const off = await api(s, 'PATCH', `/api/users/${created.body.id}`, { token: s.tokens.ADMIN, body: { is_active: false } });
    expect(off).toMatchObject({ status: 200, body: { is_active: false } });
    expect401(await api(s, 'GET', '/api/users/me', { token }), 'old token of an inactive user');
    expect401(await api(s, 'GET', '/api/loads', { token }), 'old token of an inactive user on /api/loads');
    expect401(await login(s, email, password), 'login of an inactive user');

    const on = await api(s, 'PATCH', `/api/users/${created.body.id}`, { token: s.tokens.ADMIN, body: { is_active: true } });
    expect(on).toMatchObject({ status: 200, body: { is_active: true } });
    expect401(await api(s, 'GET', '/api/users/me', { token }), 'token from before the deactivation');
    const again = await login(s, email, password);
    expect(again.status).toBe(200);
    expect(await api(s, 'GET', '/api/users/me', { token: again.body.access_token })).toMatchObject({ status: 200, body: { email } });
  });
});

describe('login rate limits', () => {
  it('locks an account after too many wrong passwords, even for the right one, while other accounts still log in', async () => {
    const r = await startTestServer({ LOGIN_MAX_PER_IP_PER_MINUTE: '5', LOGIN_MAX_FAILURES_PER_ACCOUNT: '3' });
    try {
      for (let i = 1; i <= 3; i++) expect((await login(r, DEMO.OPERATOR, `wrong-${i}`)).status, `wrong password #${i}`).toBe(401);
      const locked = await login(r, DEMO.OPERATOR, 'operator123');
      expect(locked.status).toBe(429);
      expect(typeof locked.body.detail).toBe('string');
      const retryAfter = Number(locked.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(r.config.loginFailureWindowSeconds);
      expect(locked.body.access_token).toBeUndefined();

      const other = await login(r, DEMO.SUPERVISOR, 'supervisor123');
      expect(other.status).toBe(200);
      expect(other.body.token_type).toBe('bearer');
    } finally {
      await r.close();
    }
  });

  it('refuses more attempts per minute from one IP than the limit, even with the right password', async () => {
    const r = await startTestServer({ LOGIN_MAX_PER_IP_PER_MINUTE: '3' });
    try {
      const accounts = [ACCOUNTS[0], ACCOUNTS[1], ACCOUNTS[2]];
      for (const a of accounts) expect((await login(r, a.email, a.password)).status, `attempt as ${a.email}`).toBe(200);
      const over = await login(r, DEMO.ADMIN, 'admin123');
      expect(over.status).toBe(429);
      expect(Number(over.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(Number(over.headers.get('retry-after'))).toBeLessThanOrEqual(60);
      expect((await login(r, 'nobody@dcdock.com', 'whatever')).status).toBe(429);
    } finally {
      await r.close();
    }
  });
});
