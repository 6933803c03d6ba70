import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientAddress, parseTrustedProxies } from '@/server/auth/client-ip';
import { api, createTestDatabase, DEMO, startInstance, startTestServer, type TestServer } from '@/tests/support/test-server';

// SPEC §7 "Login throttling holds behind a load balancer and across instances".

const login = (server: { url: string }, email: string, password: string, forwardedFor?: string) =>
  api(server, 'POST', '/api/auth/login', { body: { email, password }, headers: forwardedFor ? { 'X-Forwarded-For': forwardedFor } : {} });

async function withServer(env: Record<string, string>, run: (s: TestServer) => Promise<void>) {
  const s = await startTestServer(env);
  try {
    await run(s);
  } finally {
    await s.close();
  }
}

describe('clientAddress', () => {
  const req = (peer: string, xff?: string) =>
    ({ socket: { remoteAddress: peer }, headers: xff === undefined ? {} : { 'x-forwarded-for': xff } }) as unknown as IncomingMessage;
  const trusted = { trustedProxies: parseTrustedProxies('10.0.0.0/8, ::1') };

  it('believes X-Forwarded-For only from a trusted peer, and takes the right-most untrusted hop', () => {
    expect(clientAddress(req('203.0.113.5', '198.51.100.1'), trusted)).toBe('203.0.113.5');
    expect(clientAddress(req('::ffff:10.0.0.2', '198.51.100.1'), trusted)).toBe('198.51.100.1');
    expect(clientAddress(req('10.0.0.2', '1.1.1.1, 198.51.100.1, 10.0.0.9'), trusted)).toBe('198.51.100.1');
    expect(clientAddress(req('::1', '2001:db8::7'), trusted)).toBe('2001:db8::7');
    expect(clientAddress(req('10.0.0.2'), trusted)).toBe('10.0.0.2');
    expect(clientAddress(req('10.0.0.2', 'not-an-ip'), trusted)).toBe('10.0.0.2');
    expect(clientAddress(req('10.0.0.2', '198.51.100.1'), { trustedProxies: parseTrustedProxies('') })).toBe('10.0.0.2');
  });

  it('refuses a TRUSTED_PROXIES entry that is not an address or range', () => {
    expect(() => parseTrustedProxies('10.0.0.0/33')).toThrow();
    expect(() => parseTrustedProxies('proxy.example.com')).toThrow();
  });
});

describe('login limiter', () => {
  it('shares its counters between two instances on one database', async () => {
    const database = await createTestDatabase();
    const env = { LOGIN_MAX_PER_IP_PER_MINUTE: '4' };
    const a = await startInstance(database.url, env);
    const b = await startInstance(database.url, env);
    try {
      for (const server of [a, b, a, b]) expect((await login(server, DEMO.ADMIN, 'admin123')).status).toBe(200);
      expect((await login(a, DEMO.ADMIN, 'admin123')).status).toBe(429);
      expect((await login(b, DEMO.ADMIN, 'admin123')).status).toBe(429);
    } finally {
      await a.close();
      await b.close();
      await database.drop();
    }
  });

  it('behind a trusted proxy, different X-Forwarded-For addresses are different clients', () =>
    withServer({ TRUSTED_PROXIES: '127.0.0.1,::1', LOGIN_MAX_PER_IP_PER_MINUTE: '3' }, async (s) => {
      for (let i = 0; i < 3; i++) expect((await login(s, DEMO.SUPERVISOR, 'supervisor123', '198.51.100.1')).status).toBe(200);
      expect((await login(s, DEMO.SUPERVISOR, 'supervisor123', '198.51.100.1')).status).toBe(429);
      // What a client puts to the left of the proxy's own entry changes nothing.
      expect((await login(s, DEMO.SUPERVISOR, 'supervisor123', '203.0.113.99, 198.51.100.1')).status).toBe(429);
      expect((await login(s, DEMO.SUPERVISOR, 'supervisor123', '198.51.100.2')).status).toBe(200);
    }));

  it("ignores an untrusted peer's X-Forwarded-For", () =>
    withServer({ LOGIN_MAX_PER_IP_PER_MINUTE: '3' }, async (s) => {
      for (let i = 0; i < 3; i++) expect((await login(s, DEMO.SUPERVISOR, 'supervisor123', `198.51.100.${i + 10}`)).status).toBe(200);
      expect((await login(s, DEMO.SUPERVISOR, 'supervisor123', '198.51.100.50')).status).toBe(429);
    }));

  it('checks at most the failure budget of passwords when 16 wrong ones arrive at once', () =>
    withServer({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '10', LOGIN_MAX_PER_IP_PER_MINUTE: '100' }, async (s) => {
      const results = await Promise.all(Array.from({ length: 16 }, (_, i) => login(s, DEMO.OPERATOR, `wrong-password-${i}`)));
      const statuses = results.map((r) => r.status);
      console.log(
        `16 concurrent wrong passwords, budget 10: ${statuses.filter((x) => x === 401).length} checked (401), ${statuses.filter((x) => x === 429).length} refused (429)`,
      );
      expect(statuses.filter((x) => x === 401).length).toBeLessThanOrEqual(10);
      expect(statuses.filter((x) => x === 429).length).toBeGreaterThanOrEqual(6);
      expect(statuses.every((x) => x === 401 || x === 429)).toBe(true);
    }));

  it('a lockout from one address does not block the same account from another', () =>
    withServer({ TRUSTED_PROXIES: '127.0.0.1,::1', LOGIN_MAX_FAILURES_PER_ACCOUNT: '3' }, async (s) => {
      for (let i = 0; i < 3; i++) expect((await login(s, DEMO.OPERATOR, `guess-${i}`, '203.0.113.66')).status).toBe(401);
      expect((await login(s, DEMO.OPERATOR, 'operator123', '203.0.113.66')).status).toBe(429);
      expect((await login(s, DEMO.OPERATOR, 'operator123', '198.51.100.7')).status).toBe(200);
    }));

  it('a successful sign-in gives the failure budget back', () =>
    withServer({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '3' }, async (s) => {
      for (let round = 0; round < 3; round++) {
        for (let i = 0; i < 2; i++) expect((await login(s, DEMO.OPERATOR, `typo-${i}`)).status).toBe(401);
        expect((await login(s, DEMO.OPERATOR, 'operator123')).status).toBe(200);
      }
    }));
});

describe('POST /api/auth/login accepts JSON only', () => {
  it('answers a form post (what a cross-site form can send) with 415, and JSON as before', () =>
    withServer({}, async (s) => {
      const form = await api(s, 'POST', '/api/auth/login', {
        rawBody: 'email=admin%40dcdock.com&password=admin123',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      });
      expect(form.status).toBe(415);
      expect(typeof form.body.detail).toBe('string');
      const plain = await api(s, 'POST', '/api/auth/login', {
        rawBody: JSON.stringify({ email: DEMO.ADMIN, password: 'admin123' }),
        headers: { 'Content-Type': 'text/plain' },
      });
      expect(plain.status).toBe(415);
      expect((await login(s, DEMO.ADMIN, 'admin123')).status).toBe(200);
      const charset = await api(s, 'POST', '/api/auth/login', {
        rawBody: JSON.stringify({ email: DEMO.ADMIN, password: 'admin123' }),
        headers: { 'Content-Type': 'application/json; charset=utf-8' },
      });
      expect(charset.status).toBe(200);
    }));
});
