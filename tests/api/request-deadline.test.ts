import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, startInstance, type TestServer } from '@/tests/support/test-server';
import { startPgProxy, type PgProxy } from '@/tests/support/pg-proxy';

type Timed = { status: number; ms: number; retryAfter: string | null; body: any };

async function timed(s: TestServer, method: string, path: string, headers: Record<string, string> = {}, body?: unknown): Promise<Timed> {
  const started = performance.now();
  const res = await fetch(`${s.url}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await res.text();
  return { status: res.status, ms: performance.now() - started, retryAfter: res.headers.get('retry-after'), body: text ? JSON.parse(text) : undefined };
}

/**
 * A database that keeps its connections open but never answers (a network
 * partition, a hung server): no request may wait on it for ever. Past
 * REQUEST_DEADLINE_SECONDS the answer is 503; a write's outcome is unknown and
 * its retry with the same Idempotency-Key settles it.
 */
describe('a database that stops answering', () => {
  let s: TestServer;
  let proxy: PgProxy;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const database = await createTestDatabase();
    drop = database.drop;
    proxy = await startPgProxy(database.url);
    s = await startInstance(proxy.url, { REQUEST_DEADLINE_SECONDS: '1' });
  });
  afterAll(async () => {
    proxy?.resume();
    await s?.close();
    await proxy?.close();
    await drop?.();
  });

  it('answers reads and writes 503 within the deadline, then the retried write lands exactly once', async () => {
    const auth = { Authorization: `Bearer ${s.tokens.OPERATOR}` };
    const reference = `DEADLINE-${randomUUID().slice(0, 8)}`;
    const key = randomUUID();
    expect((await timed(s, 'GET', '/api/assignments?limit=1', auth)).status).toBe(200);

    proxy.stall();
    const [read, write, ready, health] = await Promise.all([
      timed(s, 'GET', '/api/assignments?limit=1', auth),
      timed(s, 'POST', '/api/loads', { ...auth, 'Idempotency-Key': key }, { reference, direction: 'IB' }),
      timed(s, 'GET', '/api/ready'),
      timed(s, 'GET', '/api/health'),
    ]);
    console.log(
      `stalled database: read ${read.status} in ${Math.round(read.ms)} ms, write ${write.status} in ${Math.round(write.ms)} ms, ready ${ready.status} in ${Math.round(ready.ms)} ms`,
    );
    expect(read).toMatchObject({ status: 503, retryAfter: expect.any(String) });
    expect(read.ms).toBeLessThan(2_500);
    expect(write).toMatchObject({ status: 503, retryAfter: expect.any(String), body: { outcome: 'unknown' } });
    expect(write.ms).toBeLessThan(2_500);
    expect(ready.status).toBe(503);
    expect(ready.ms).toBeLessThan(1_500);
    expect(health.status).toBe(200);

    proxy.resume();
    // The retry with the same key gets the write's one answer, whether the first attempt committed late or not at all.
    let retry: Timed | undefined;
    for (let i = 0; i < 20 && retry?.status !== 201; i++) {
      retry = await timed(s, 'POST', '/api/loads', { ...auth, 'Idempotency-Key': key }, { reference, direction: 'IB' });
      if (retry.status !== 201) await new Promise((r) => setTimeout(r, 250));
    }
    expect(retry?.status).toBe(201);
    expect(await s.db.$client`SELECT id FROM loads WHERE reference = ${reference}`).toHaveLength(1);
    expect((await timed(s, 'GET', '/api/assignments?limit=1', auth)).status).toBe(200);
  });
});
