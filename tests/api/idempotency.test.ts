import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createTestDatabase, startInstance, startTestServer, type TestServer } from '@/tests/support/test-server';
import { startPgProxy, type PgProxy } from '@/tests/support/pg-proxy';

type Answer = { status: number; text: string; replayed: string | null; body: any };

/** A write with an Idempotency-Key; the answer's exact text is kept to compare replays byte for byte. */
async function write(s: TestServer, method: string, path: string, key: string, body?: unknown, token = s.tokens.OPERATOR): Promise<Answer> {
  const res = await fetch(`${s.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'Idempotency-Key': key },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, text, replayed: res.headers.get('idempotent-replayed'), body: text ? JSON.parse(text) : undefined };
}

const eventsOf = async (s: TestServer, type: string, id: number) =>
  Number((await s.db.$client`SELECT count(*) AS n FROM board_events WHERE type = ${type} AND entity_id = ${id}`)[0]!.n);

let day = 0;
/** A new IB load and a window of its own on ramp 5 (a day of 2032 nobody else uses). */
async function freshSlot(s: TestServer) {
  const load = await api(s, 'POST', '/api/loads', { token: s.tokens.OPERATOR, body: { reference: `IDEM-${randomUUID().slice(0, 8)}`, direction: 'IB' } });
  const date = new Date(Date.UTC(2032, 0, 1 + day++)).toISOString().slice(0, 10);
  return { ramp_id: 5, load_id: load.body.id as number, eta_in: `${date}T08:00:00Z`, eta_out: `${date}T09:00:00Z` };
}

describe('Idempotency-Key', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(() => s?.close());

  it('a repeated POST gets the first answer, byte for byte, and creates nothing more', async () => {
    const slot = await freshSlot(s);
    const key = randomUUID();
    const first = await write(s, 'POST', '/api/assignments', key, slot);
    const again = await write(s, 'POST', '/api/assignments', key, slot);
    expect(first).toMatchObject({ status: 201, replayed: null });
    expect(again).toMatchObject({ status: 201, replayed: 'true', text: first.text });
    const rows = await s.db.$client`SELECT id FROM assignments WHERE load_id = ${slot.load_id}`;
    expect(rows).toHaveLength(1);
    expect(await eventsOf(s, 'assignment_created', first.body.id)).toBe(1);
  });

  it('a repeated PATCH and a repeated DELETE change the assignment once', async () => {
    const created = await write(s, 'POST', '/api/assignments', randomUUID(), await freshSlot(s));
    const id = created.body.id as number;
    const patchKey = randomUUID();
    const patched = await write(s, 'PATCH', `/api/assignments/${id}`, patchKey, { version: 1, status_id: 2 });
    const patchedAgain = await write(s, 'PATCH', `/api/assignments/${id}`, patchKey, { version: 1, status_id: 2 });
    expect(patched).toMatchObject({ status: 200, body: { version: 2 } });
    // Without the key this would be a 409 (version 1 is stale now).
    expect(patchedAgain).toMatchObject({ status: 200, replayed: 'true', text: patched.text });
    expect((await api(s, 'GET', `/api/assignments/${id}`, { token: s.tokens.OPERATOR })).body.version).toBe(2);
    expect(await eventsOf(s, 'assignment_updated', id)).toBe(1);

    const deleteKey = randomUUID();
    const deleted = await write(s, 'DELETE', `/api/assignments/${id}?version=2`, deleteKey);
    const deletedAgain = await write(s, 'DELETE', `/api/assignments/${id}?version=2`, deleteKey);
    expect(deleted).toMatchObject({ status: 204, text: '' });
    // Without the key this would be a 404.
    expect(deletedAgain).toMatchObject({ status: 204, text: '', replayed: 'true' });
    expect(await eventsOf(s, 'assignment_deleted', id)).toBe(1);
  });

  it('works on the other write path too (a load, in a drizzle transaction), and per actor', async () => {
    const key = randomUUID();
    const body = { reference: `IDEM-L-${randomUUID().slice(0, 8)}`, direction: 'OB' };
    const first = await write(s, 'POST', '/api/loads', key, body);
    const again = await write(s, 'POST', '/api/loads', key, body);
    expect(first.status).toBe(201);
    expect(again).toMatchObject({ status: 201, replayed: 'true', text: first.text });
    expect(await s.db.$client`SELECT id FROM loads WHERE reference = ${body.reference}`).toHaveLength(1);
    // Keys belong to an actor: the same key from someone else is another request.
    const admin = await write(s, 'POST', '/api/loads', key, { ...body, reference: `${body.reference}-A` }, s.tokens.ADMIN);
    expect(admin).toMatchObject({ status: 201, replayed: null });
  });

  it('the same key with a different request is refused with 422 and changes nothing', async () => {
    const key = randomUUID();
    const body = { reference: `IDEM-D-${randomUUID().slice(0, 8)}`, direction: 'IB' };
    expect((await write(s, 'POST', '/api/loads', key, body)).status).toBe(201);
    const other = await write(s, 'POST', '/api/loads', key, { ...body, reference: `${body.reference}-X` });
    expect(other.status).toBe(422);
    expect(other.body.detail[0]).toMatchObject({ loc: ['header', 'Idempotency-Key'] });
    expect(await s.db.$client`SELECT id FROM loads WHERE reference = ${`${body.reference}-X`}`).toHaveLength(0);
    // Same body on another path is another request too.
    expect((await write(s, 'PATCH', '/api/loads/1', key, { notes: 'x' })).status).toBe(422);
  });

  it('refuses keys that are empty, too long or not printable', async () => {
    for (const key of [' ', 'x'.repeat(256), 'tab\there']) {
      const res = await write(s, 'POST', '/api/loads', key, { reference: `IDEM-BAD-${randomUUID().slice(0, 8)}`, direction: 'IB' });
      expect(res.status, JSON.stringify(key)).toBe(422);
    }
    expect((await write(s, 'POST', '/api/loads', 'x'.repeat(255), { reference: `IDEM-OK-${randomUUID().slice(0, 8)}`, direction: 'IB' })).status).toBe(201);
  });

  it('concurrent duplicates: one write, every request gets its answer', async () => {
    const key = randomUUID();
    const body = { reference: `IDEM-C-${randomUUID().slice(0, 8)}`, direction: 'IB' };
    const answers = await Promise.all(Array.from({ length: 6 }, () => write(s, 'POST', '/api/loads', key, body)));
    expect(answers.map((a) => a.status)).toEqual(Array(6).fill(201));
    expect(new Set(answers.map((a) => a.text)).size).toBe(1);
    expect(await s.db.$client`SELECT id FROM loads WHERE reference = ${body.reference}`).toHaveLength(1);
    expect(await eventsOf(s, 'load_created', answers[0]!.body.id)).toBe(1);
  });

  it('a client error is replayed too; a record older than 24 h is ignored', async () => {
    const slot = await freshSlot(s);
    await write(s, 'POST', '/api/assignments', randomUUID(), slot);
    const clashKey = randomUUID();
    const clashBody = { ...slot, load_id: (await freshSlot(s)).load_id };
    const clash = await write(s, 'POST', '/api/assignments', clashKey, clashBody);
    expect(clash.status).toBe(409);
    expect(await write(s, 'POST', '/api/assignments', clashKey, clashBody)).toMatchObject({ status: 409, replayed: 'true', text: clash.text });

    const key = randomUUID();
    const body = { reference: `IDEM-OLD-${randomUUID().slice(0, 8)}`, direction: 'IB' };
    const first = await write(s, 'POST', '/api/loads', key, body);
    await s.db.$client`UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE key = ${key}`;
    const later = await write(s, 'POST', '/api/loads', key, body);
    // Run again: the reference is taken now, which shows the write really ran a second time.
    expect(later).toMatchObject({ status: 409, replayed: null });
    expect(first.status).toBe(201);
  });
});

describe('Idempotency-Key when the connection drops at COMMIT', () => {
  let s: TestServer;
  let proxy: PgProxy;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const database = await createTestDatabase();
    proxy = await startPgProxy(database.url);
    const instance = await startInstance(proxy.url);
    s = instance;
    drop = database.drop;
  });
  afterAll(async () => {
    await s?.close();
    await proxy?.close();
    await drop?.();
  });

  it('answers 503 outcome unknown, the write did commit, and the retry with the same key returns the first answer', async () => {
    const slot = await freshSlot(s);
    const key = randomUUID();
    const dropped = proxy.armCommitDrop();
    const first = await write(s, 'POST', '/api/assignments', key, slot);
    await dropped;
    expect(first.status).toBe(503);
    expect(first.body).toMatchObject({ outcome: 'unknown' });
    expect(first.text).not.toMatch(/127\.0\.0\.1|CONNECTION_|ECONN/);

    const [row] = await s.db.$client<{ id: number; version: number }[]>`SELECT id, version FROM assignments WHERE load_id = ${slot.load_id}`;
    expect(row).toBeDefined();

    const retry = await write(s, 'POST', '/api/assignments', key, slot);
    expect(retry).toMatchObject({ status: 201, replayed: 'true', body: { id: row!.id, version: 1, load: { id: slot.load_id } } });
    expect(await s.db.$client`SELECT id FROM assignments WHERE load_id = ${slot.load_id}`).toHaveLength(1);
    expect(await eventsOf(s, 'assignment_created', row!.id)).toBe(1);
  });

  it('the same holds on the drizzle write path (creating a load)', async () => {
    const key = randomUUID();
    const body = { reference: `IDEM-P-${randomUUID().slice(0, 8)}`, direction: 'OB' };
    const dropped = proxy.armCommitDrop();
    const first = await write(s, 'POST', '/api/loads', key, body);
    await dropped;
    expect(first).toMatchObject({ status: 503, body: { outcome: 'unknown' } });
    const rows = await s.db.$client<{ id: number }[]>`SELECT id FROM loads WHERE reference = ${body.reference}`;
    expect(rows).toHaveLength(1);
    const retry = await write(s, 'POST', '/api/loads', key, body);
    expect(retry).toMatchObject({ status: 201, replayed: 'true', body: { id: rows[0]!.id, reference: body.reference } });
    expect(await eventsOf(s, 'load_created', rows[0]!.id)).toBe(1);
  });
});
