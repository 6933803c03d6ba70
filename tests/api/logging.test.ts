import { Writable } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLogger } from '@/server/logger';
import { connectRaw } from '@/tests/support/sockets';
import { api, createTestDatabase, startInstance, type TestServer } from '@/tests/support/test-server';

const lines: string[] = [];
let s: TestServer;
let drop: () => Promise<void>;
beforeAll(async () => {
  const database = await createTestDatabase();
  drop = database.drop;
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  s = await startInstance(database.url, { LOG_LEVEL: 'trace' }, createLogger('trace', sink));
});
afterAll(async () => {
  await s.close();
  await drop();
});

it('never writes a token or a password to the logs, even at trace level', async () => {
  const login = await api(s, 'POST', '/api/auth/login', { body: { email: 'admin@dcdock.com', password: 'admin123' } });
  const token = login.body.access_token as string;
  await api(s, 'GET', '/api/users/me', { token });
  await api(s, 'POST', '/api/auth/login', { body: { email: 'admin@dcdock.com', password: 'wrong-password-123' } });
  await api(s, 'GET', '/api/users/me', { token: `${token}x` });
  const ws = await connectRaw(s.url, `?token=${encodeURIComponent(token)}`);
  await ws.until((m) => m.length >= 1);
  ws.close();
  const bad = await connectRaw(s.url, '?token=not-a-real-token-value');
  await bad.closed;

  expect(lines.length).toBeGreaterThan(0);
  const log = lines.join('');
  expect(log).not.toContain(token);
  expect(log).not.toContain(token.split('.')[2]!);
  expect(log).not.toContain('not-a-real-token-value');
  expect(log).not.toContain('admin123');
  expect(log).not.toContain('wrong-password-123');
});
