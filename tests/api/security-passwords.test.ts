import { afterAll, beforeAll, expect, it } from 'vitest';
import { api, dbFingerprint, DEMO, startTestServer, type TestServer } from '@/tests/support/test-server';

// SPEC §7: passwords set through the API are checked against common and
// guessable patterns (zxcvbn), 12 characters at least.

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.close());

const create = (password: unknown, email = `pw.${Date.now()}.${Math.random().toString(36).slice(2)}@example.com`) =>
  api(s, 'POST', '/api/users', { token: s.tokens.ADMIN, body: { email, full_name: 'Kim Kettle', password, role: 'OPERATOR' } });

const passwordError = (res: { status: number; body: any }) => {
  expect(res.status, JSON.stringify(res.body)).toBe(422);
  const field = (res.body.detail as { loc: unknown[]; msg: string }[]).find((d) => d.loc.join('.') === 'body.password');
  expect(field, JSON.stringify(res.body)).toBeDefined();
  return field!.msg;
};

it.each(['password1234', 'Password1234!', 'qwertyuiop123', 'aaaaaaaaaaaaaaaa', '1234567890123', 'dcdockdcdock'])(
  'refuses the guessable %s with a 422 on password, creating nothing',
  async (password) => {
    const before = await dbFingerprint(s.db);
    expect(passwordError(await create(password))).toMatch(/too easy to guess/);
    expect(await dbFingerprint(s.db)).toBe(before);
  },
);

it("refuses fewer than 12 characters, and a password made of the user's own name and email", async () => {
  expect(passwordError(await create('Tr4ct0r!x'))).toBe('Password should have at least 12 characters');
  expect(passwordError(await create('kimkettle2024', 'kim.kettle@example.com'))).toMatch(/too easy to guess/);
});

it('accepts a strong password, and the user signs in with it', async () => {
  const email = `strong.${Date.now()}@example.com`;
  const res = await create('violet-Lantern-harbour-77', email);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  expect((await api(s, 'POST', '/api/auth/login', { body: { email, password: 'violet-Lantern-harbour-77' } })).status).toBe(200);
});

it('checks a password changed with PATCH, and leaves the old one working when refused', async () => {
  const email = `patch.${Date.now()}@example.com`;
  const created = await create('violet-Lantern-harbour-77', email);
  expect(created.status).toBe(201);
  const weak = await api(s, 'PATCH', `/api/users/${created.body.id}`, { token: s.tokens.ADMIN, body: { password: 'letmein12345' } });
  expect(passwordError(weak)).toMatch(/too easy to guess/);
  expect((await api(s, 'POST', '/api/auth/login', { body: { email, password: 'violet-Lantern-harbour-77' } })).status).toBe(200);
});

it('keeps the demo passwords the seed set working', async () => {
  expect((await api(s, 'POST', '/api/auth/login', { body: { email: DEMO.ADMIN, password: 'admin123' } })).status).toBe(200);
});
