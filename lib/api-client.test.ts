import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { apiFetch } from '@/lib/api-client';

// A real HTTP server that fails the first attempts of each write as a database outage or a dropped connection would.
let server: Server;
let base = '';
const seen: { method: string; key: string | undefined }[] = [];
let failures: ('503' | 'reset')[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ method: req.method!, key: req.headers['idempotency-key'] as string | undefined });
    req.resume();
    const failure = req.method === 'GET' ? undefined : failures.shift();
    if (failure === 'reset') return void req.socket.destroy();
    if (failure === '503') {
      res.writeHead(503, { 'Content-Type': 'application/json', 'Retry-After': '0' });
      return void res.end(JSON.stringify({ detail: 'unavailable' }));
    }
    res.writeHead(req.method === 'POST' ? 201 : 200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ ok: true }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

it('a write carries an Idempotency-Key and is retried with the same key after a 503 and a dropped connection', async () => {
  seen.length = 0;
  failures = ['503', 'reset'];
  expect(await apiFetch(`${base}/api/loads`, { method: 'POST', body: { reference: 'X' } })).toEqual({ ok: true });
  expect(seen).toHaveLength(3);
  expect(seen[0]!.key).toMatch(/^[0-9a-f-]{36}$/);
  expect(new Set(seen.map((s) => s.key)).size).toBe(1);

  // The next user action is another write: a fresh key.
  await apiFetch(`${base}/api/loads/1`, { method: 'PATCH', body: { notes: 'y' } });
  expect(seen.at(-1)!.key).not.toBe(seen[0]!.key);
});

it('gives up after a few tries, and reads carry no key', async () => {
  seen.length = 0;
  failures = ['503', '503', '503', '503'];
  await expect(apiFetch(`${base}/api/loads/1`, { method: 'DELETE' })).rejects.toMatchObject({ status: 503 });
  expect(seen).toHaveLength(4);
  await apiFetch(`${base}/api/loads`);
  expect(seen.at(-1)).toEqual({ method: 'GET', key: undefined });
}, 15_000);
