import { encode } from 'next-auth/jwt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { safeCallbackPath, safeRedirectUrl } from '@/lib/auth/safe-callback';
import { loadConfig } from '@/server/config';
import { pageSecurityHeaders } from '@/server/http/security-headers';
import { connectBoard } from '@/tests/support/sockets';
import { npmStart, stopNpmStart, type NpmStart } from '@/tests/support/npm-start';
import { freePort } from '@/tests/support/free-port';
import { createTestDatabase, TEST_SECRET } from '@/tests/support/test-server';

// SPEC §7 "Headers", "Redirect targets after login are same-origin paths only"
// and "Browser sessions have an absolute lifetime", against the real server
// with Next.js (pages, next-auth) in front of a copy of the demo database.

describe('safeCallbackPath', () => {
  it.each([
    ['/board', '/board'],
    ['/board?date=2030-06-12#R1', '/board?date=2030-06-12#R1'],
    ['/history', '/history'],
  ])('keeps the same-origin path %s', (input, expected) => expect(safeCallbackPath(input)).toBe(expected));

  it.each([
    '/\\evil.example',
    '\\/evil.example',
    '//evil.example',
    '///evil.example',
    '/\t/evil.example',
    '/\n/evil.example',
    '%2F%2Fevil.example',
    '/%5Cevil.example',
    '/%2F/evil.example',
    '/%2Fevil.example',
    '%2F%5Cevil.example',
    'https://evil.example/',
    'javascript:alert(1)',
    'board',
    '',
    undefined,
  ])('refuses %j: goes to /', (input) => expect(safeCallbackPath(input)).toBe('/'));

  it("next-auth's redirects stay on the site's origin", () => {
    const base = 'https://dcdock.example';
    expect(safeRedirectUrl('https://dcdock.example/board', base)).toBe('https://dcdock.example/board');
    expect(safeRedirectUrl('/history', base)).toBe('https://dcdock.example/history');
    expect(safeRedirectUrl('https://evil.example/board', base)).toBe('https://dcdock.example/');
    expect(safeRedirectUrl('/\\evil.example', base)).toBe('https://dcdock.example/');
    expect(safeRedirectUrl('https://dcdock.example.evil.example/', base)).toBe('https://dcdock.example/');
  });

  it('sends HSTS only when PUBLIC_URL is https', () => {
    const config = { env: 'production' as const, tvFrameAncestors: "'self'" };
    expect(pageSecurityHeaders('/board', { ...config, publicUrl: undefined })['Strict-Transport-Security']).toBeUndefined();
    expect(pageSecurityHeaders('/board', { ...config, publicUrl: 'http://dock.local' })['Strict-Transport-Security']).toBeUndefined();
    expect(pageSecurityHeaders('/board', { ...config, publicUrl: 'https://dock.example' })['Strict-Transport-Security']).toMatch(/max-age=\d+/);
  });
});

const PUBLIC_URL = 'https://dcdock.example';
const TV_ANCESTORS = "'self' https://signage.example.com";
const COOKIE = '__Secure-next-auth.session-token';
let server: NpmStart;
let base: string;
let drop: () => Promise<void>;

beforeAll(async () => {
  const database = await createTestDatabase();
  drop = database.drop;
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = await npmStart(port, {
    DATABASE_URL: database.url,
    AUTH_SECRET: TEST_SECRET,
    PUBLIC_URL,
    TV_FRAME_ANCESTORS: TV_ANCESTORS,
    SESSION_MAX_HOURS: '12',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
  });
}, 600_000);

afterAll(async () => {
  if (server) await stopNpmStart(server);
  await drop?.();
});

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${base}${path}`, { headers, redirect: 'manual' });

async function loginToken(email: string, password: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}

/** A session cookie as next-auth mints it, signed in `hoursAgo` hours ago. */
async function sessionCookie(hoursAgo: number): Promise<string> {
  const authTime = Math.floor(Date.now() / 1000 - hoursAgo * 3600);
  const token = await encode({
    token: { uid: 3, email: 'operator1@dcdock.com', role: 'OPERATOR', tv: 1, auth_time: authTime },
    secret: TEST_SECRET,
    maxAge: 8 * 3600,
  });
  return `${COOKIE}=${token}`;
}

describe('headers', () => {
  it('pages carry a CSP without framing, X-Frame-Options, nosniff, a Referrer-Policy and HSTS', async () => {
    for (const path of ['/login', '/board', '/']) {
      const res = await get(path);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).toContain("object-src 'none'");
      expect(csp, path).toMatch(/script-src 'self'/);
      expect(csp, path).not.toContain('unsafe-eval');
      expect(res.headers.get('x-frame-options'), path).toBe('DENY');
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('referrer-policy'), path).toBe('strict-origin-when-cross-origin');
      expect(res.headers.get('strict-transport-security'), path).toMatch(/^max-age=\d{7,}/);
    }
  });

  it('/tv pages may be framed by TV_FRAME_ANCESTORS only, and send no Referer (the token is in the URL)', async () => {
    const res = await get('/tv/not-a-real-token-but-long-enough');
    expect(res.headers.get('content-security-policy')).toContain(`frame-ancestors ${TV_ANCESTORS}`);
    expect(res.headers.get('x-frame-options')).toBeNull();
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('API answers carry nosniff and frame-ancestors none', async () => {
    for (const path of ['/api/health', '/api/users/me', '/api/nope', '/api/auth/session']) {
      const res = await get(path);
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('content-security-policy'), path).toContain("frame-ancestors 'none'");
    }
  });
});

describe('redirects after sign-in', () => {
  async function signIn(callbackUrl: string): Promise<{ status: number; url?: string }> {
    const csrf = await get('/api/auth/csrf');
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const cookies = csrf.headers
      .getSetCookie()
      .map((c) => c.split(';', 1)[0])
      .join('; ');
    const res = await fetch(`${base}/api/auth/callback/credentials`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', cookie: cookies },
      body: new URLSearchParams({ csrfToken, email: 'operator2@dcdock.com', password: 'operator123', callbackUrl, json: 'true' }),
      redirect: 'manual',
    });
    const text = await res.text();
    return { status: res.status, url: text.startsWith('{') ? (JSON.parse(text) as { url?: string }).url : (res.headers.get('location') ?? undefined) };
  }

  it.each(['https://evil.example/board', '/\\evil.example', '//evil.example/x', '/%5Cevil.example'])(
    "next-auth's callbackUrl %s stays on the site",
    async (callbackUrl) => {
      const { url } = await signIn(callbackUrl);
      expect(url).toBeDefined();
      expect(new URL(url!).origin).toBe(PUBLIC_URL);
    },
  );

  it('a same-origin callbackUrl is kept', async () => {
    expect((await signIn(`${PUBLIC_URL}/history?date=2030-06-12`)).url).toBe(`${PUBLIC_URL}/history?date=2030-06-12`);
  });

  it('the login page hands the form only a same-origin path', async () => {
    const html = await (await get('/login?callbackUrl=%2F%5Cevil.example')).text();
    // The form's prop, serialized into the page's flight data.
    expect(html).toMatch(/callbackUrl\\?":\\?"\/\\?"/);
    expect(html).not.toMatch(/callbackUrl\\?":\\?"\/\\\\/);
  });
});

describe('absolute session lifetime (SESSION_MAX_HOURS=12)', () => {
  it('a session signed in 11 hours ago still works and is renewed', async () => {
    const cookie = await sessionCookie(11);
    const res = await get('/api/auth/session', { cookie });
    expect(((await res.json()) as { user?: { email?: string } }).user?.email).toBe('operator1@dcdock.com');
    expect(res.headers.getSetCookie().some((c) => c.startsWith(`${COOKIE}=`) && !/Max-Age=0|1970/i.test(c))).toBe(true);
    expect((await get('/board', { cookie })).status).toBe(200);
    expect((await get('/api/users/me', { cookie })).status).toBe(200);
  });

  it('a session signed in 13 hours ago is refused by pages, REST and sockets, and not renewed', async () => {
    const cookie = await sessionCookie(13);
    const res = await get('/api/auth/session', { cookie });
    expect(await res.json()).toEqual({});
    const renewed = res.headers.getSetCookie().filter((c) => c.startsWith(`${COOKIE}=`) && !/Max-Age=0|1970/i.test(c) && !/^[^=]+=;/.test(c));
    expect(renewed).toEqual([]);
    const page = await get('/board', { cookie });
    expect([302, 303, 307]).toContain(page.status);
    expect(page.headers.get('location')).toMatch(/\/login\?callbackUrl=%2Fboard/);
    expect((await get('/api/users/me', { cookie })).status).toBe(401);
    await expect(connectBoard(base, {}, { headers: { cookie } })).rejects.toThrow();
  });

  it('a revoked session (older token version) is refused and not renewed either', async () => {
    const cookie = await sessionCookie(1);
    expect((await get('/api/users/me', { cookie })).status).toBe(200);
    const token = await loginToken('operator1@dcdock.com', 'operator123');
    expect((await fetch(`${base}/api/auth/logout-all`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } })).status).toBe(204);
    expect(await (await get('/api/auth/session', { cookie })).json()).toEqual({});
    expect((await get('/api/users/me', { cookie })).status).toBe(401);
    expect([302, 303, 307]).toContain((await get('/board', { cookie })).status);
  });
});

describe('listening address', () => {
  const env = { AUTH_SECRET: TEST_SECRET, NODE_ENV: 'test' };
  it('demo mode (embedded database) listens on 127.0.0.1 unless HOST is set; DATABASE_URL mode on 0.0.0.0', () => {
    expect(loadConfig(env).host).toBe('127.0.0.1');
    expect(loadConfig({ ...env, HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    expect(loadConfig({ ...env, DATABASE_URL: 'postgres://u:p@db.example:5432/dcdock' }).host).toBe('0.0.0.0');
    expect(loadConfig({ ...env, DATABASE_URL: 'postgres://u:p@db.example:5432/dcdock', HOST: '10.1.2.3' }).host).toBe('10.1.2.3');
  });

  it('says where it listens at start', () => {
    expect(server.output()).toMatch(/Listening on 127\.0\.0\.1 only/);
  });
});
