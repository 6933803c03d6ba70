import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '@/tests/support/test-server';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.close());

// The original API document's "Manual Testing" example, byte for byte.
it("runs the original document's curl example verbatim against fresh demo data", async () => {
  const login = await fetch(`${s.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: '{"email":"admin@dcdock.com","password":"admin123"}',
  });
  expect(login.status).toBe(200);
  const { access_token, token_type } = (await login.json()) as { access_token: string; token_type: string };
  expect(token_type).toBe('bearer');

  const res = await fetch(`${s.url}/api/assignments/`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${access_token}`, 'Content-Type': 'application/json' },
    body: `{
    "ramp_id": 1,
    "load_id": 1,
    "status_id": 1,
    "eta_in": "2025-01-01T14:00:00",
    "eta_out": "2025-01-01T16:00:00"
  }`,
  });
  expect(res.status).toBe(201);
  const body = (await res.json()) as Record<string, any>;
  expect(body).toMatchObject({
    ramp_id: 1,
    load_id: 1,
    status_id: 1,
    eta_in: '2025-01-01T14:00:00.000Z',
    eta_out: '2025-01-01T16:00:00.000Z',
    version: 1,
    ramp: { id: 1, code: 'R1' },
    load: { id: 1, direction: 'IB' },
    status: { id: 1, code: 'PLANNED', label: 'Planned', color: 'blue' },
    creator: { email: 'admin@dcdock.com' },
    updater: { email: 'admin@dcdock.com' },
  });
});
