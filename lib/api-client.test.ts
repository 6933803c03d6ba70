import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ActionError, type ActionResult } from '@/lib/action-result';
import { apiFetch, callAction } from '@/lib/api-client';

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

it('a server action call is retried with the same key after a network failure and an "unavailable" answer; a refusal is not', async () => {
  const keys: string[] = [];
  const answers: (ActionResult<{ id: number }> | 'network')[] = [
    'network',
    { ok: false, kind: 'unavailable', status: 503, message: 'away', retryAfterMs: 0, outcomeUnknown: true },
    { ok: true, value: { id: 7 } },
  ];
  const send = async (key: string) => {
    keys.push(key);
    const next = answers.shift()!;
    if (next === 'network') throw new TypeError('Failed to fetch');
    return next;
  };
  expect(await callAction(send)).toEqual({ id: 7 });
  expect(keys).toHaveLength(3);
  expect(new Set(keys).size).toBe(1);

  keys.length = 0;
  const refusal = callAction(async (key) => {
    keys.push(key);
    return { ok: false, kind: 'conflict', status: 409, message: 'Version conflict', current: { id: 7, version: 3 } } as const;
  });
  await expect(refusal).rejects.toBeInstanceOf(ActionError);
  await expect(refusal).rejects.toMatchObject({ status: 409, message: 'Version conflict', current: { version: 3 } });
  expect(keys).toHaveLength(1);
}, 15_000);
