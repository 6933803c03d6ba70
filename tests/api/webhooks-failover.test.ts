import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signAccessToken } from '@/server/auth/tokens';
import { instanceEnv, type Instance, spawnInstance } from '@/tests/faults/support/instance';
import { api, createTestDatabase, TEST_SECRET } from '@/tests/support/test-server';
import { type Receiver, startReceiver } from './webhooks-receiver';

/**
 * SPEC §10 "each endpoint is delivered by exactly one at a time; a crash
 * resumes from the cursor": two instance processes on one database, the one
 * holding the endpoint's lease killed with -9 mid-stream.
 */
describe('kill -9 of the delivering instance, two instances on one database', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let sql: postgres.Sql;
  let instances: Instance[] = [];
  let receiver: Receiver;
  beforeAll(async () => {
    database = await createTestDatabase();
    sql = postgres(database.url, { max: 2, onnotice: () => {} });
    receiver = await startReceiver();
    const env = instanceEnv(database.url, TEST_SECRET, { WEBHOOK_ALLOW_PRIVATE: '1', WEBHOOK_RETRY_BASE_MS: '200', LOG_LEVEL: 'error' });
    instances = await Promise.all([spawnInstance('hooks-a', env), spawnInstance('hooks-b', env)]);
  });
  afterAll(async () => {
    await Promise.all(instances.map((i) => i.stop()));
    await receiver?.close();
    await sql?.end();
    await database?.drop();
  });

  it('the other instance takes over within 15 s and nothing is skipped (duplicates counted)', { timeout: 90_000 }, async () => {
    const [admin] = await sql<{ id: number; email: string }[]>`SELECT id, email FROM users WHERE role = 'ADMIN' ORDER BY id LIMIT 1`;
    const token = await signAccessToken({ user_id: admin!.id, email: admin!.email, role: 'ADMIN' }, TEST_SECRET, 3600);
    const hook = await api(instances[0]!, 'POST', '/api/webhooks', { token, body: { url: receiver.url } });
    expect(hook.status).toBe(201);
    const from = hook.body.last_seq + 1;
    receiver.slowDown(40);
    let n = 0;
    const write = async (via: Instance, count: number) => {
      for (let i = 0; i < count; i++) {
        const res = await api(via, 'POST', '/api/loads', { token, body: { reference: `KILL-${++n}`, direction: 'OB' } });
        expect(res.status).toBe(201);
      }
    };
    await write(instances[0]!, 80);
    await expect.poll(() => receiver.acked().length, { timeout: 20_000 }).toBeGreaterThan(10);
    const [{ owner } = { owner: '' }] = await sql<{ owner: string }[]>`SELECT lease_owner AS owner FROM webhook_endpoints WHERE id = ${hook.body.id}`;
    const victim = instances.find((i) => i.name === owner)!;
    const survivor = instances.find((i) => i.name !== owner)!;
    expect(victim, `lease owner ${owner}`).toBeDefined();
    const killedAt = performance.now();
    victim.signal('SIGKILL');
    await victim.exited;
    await write(survivor, 20);
    const [{ head } = { head: '0' }] = await sql<{ head: string }[]>`SELECT seq AS head FROM event_counter`;
    const to = Number(head);

    await expect.poll(() => new Set(receiver.acked()).size, { timeout: 40_000, interval: 200 }).toBe(to - from + 1);
    const acked = receiver.acked();
    const afterKill = receiver.received.filter((r) => r.at > killedAt);
    const takeoverMs = Math.round(afterKill[0]!.at - killedAt);
    // Never ahead of the stream: each receipt is at most one past everything received before it.
    let highest = from - 1;
    for (const seq of acked) {
      expect(seq, `received ${seq} after ${highest}`).toBeLessThanOrEqual(highest + 1);
      highest = Math.max(highest, seq);
    }
    expect([...new Set(acked)].sort((a, b) => a - b)).toEqual(Array.from({ length: to - from + 1 }, (_, i) => from + i));
    const duplicates = acked.length - new Set(acked).size;
    console.log(`webhook failover: takeover ${takeoverMs} ms after kill -9, ${acked.length} deliveries of ${to - from + 1} events, ${duplicates} duplicates`);
    expect(takeoverMs).toBeLessThan(15_000);
    const state = async () =>
      (
        await sql<{ cursor: string; owner: string | null }[]>`
          SELECT last_seq AS cursor, lease_owner AS owner FROM webhook_endpoints WHERE id = ${hook.body.id}`
      )[0]!;
    // The cursor is written once per batch (at least every 100 ms): it reaches the head just after the last receipt.
    await expect.poll(async () => Number((await state()).cursor), { timeout: 5_000 }).toBe(to);
    const { owner: now } = await state();
    expect(now === null || now === survivor.name).toBe(true);
  });
});
