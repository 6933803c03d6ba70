import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ramps } from '@/drizzle/schema';
import { inWriteTransaction } from '@/server/db/write';
import { api, dbFingerprint, startTestServer, type TestServer } from '@/tests/support/test-server';

// The route table is the boundary: it parses the path id, checks the declared
// roles, then parses query and body, before any domain function runs.

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.close());

async function unchanged(method: string, path: string, token: string, body?: unknown) {
  const before = await dbFingerprint(s.db);
  const res = await api(s, method, path, { token, body });
  expect(await dbFingerprint(s.db)).toBe(before);
  return res;
}

describe('the order of refusals at the boundary', () => {
  it('refuses a role before it looks at the body: 403, not 422, for an invalid body from a role that may not write', async () => {
    const bad = { ramp_id: 'R1', eta_in: 'tomorrow' };
    expect((await unchanged('POST', '/api/assignments', s.tokens.SUPERVISOR, bad)).status).toBe(403);
    expect((await unchanged('POST', '/api/ramps', s.tokens.OPERATOR, {})).status).toBe(403);
    expect((await unchanged('PATCH', '/api/users/2', s.tokens.SUPERVISOR, { role: 'ROOT' })).status).toBe(403);
    // The same bodies from a role that may write are field errors.
    const invalid = await unchanged('POST', '/api/assignments', s.tokens.OPERATOR, bad);
    expect(invalid.status).toBe(422);
    expect(invalid.body.detail).toEqual(expect.arrayContaining([expect.objectContaining({ loc: ['body', 'ramp_id'] })]));
  });

  it('refuses a malformed path id before the role: 422 at [path, id] for anyone', async () => {
    const res = await unchanged('DELETE', '/api/users/abc', s.tokens.OPERATOR);
    expect(res.status).toBe(422);
    expect(res.body.detail).toEqual([expect.objectContaining({ loc: ['path', 'id'] })]);
  });

  it('refuses a bad query of a write only for a role that may write', async () => {
    const [a] = (await api(s, 'GET', '/api/assignments?limit=1', { token: s.tokens.OPERATOR })).body;
    expect((await unchanged('DELETE', `/api/assignments/${a.id}?version=abc`, s.tokens.SUPERVISOR)).status).toBe(403);
    expect((await unchanged('DELETE', `/api/assignments/${a.id}?version=abc`, s.tokens.OPERATOR)).status).toBe(422);
  });
});

describe('parsed query values', () => {
  it('reads unassigned=true as a filter and unassigned=false as none', async () => {
    const get = async (q: string) => (await api(s, 'GET', `/api/loads${q}`, { token: s.tokens.SUPERVISOR })).body.map((l: { id: number }) => l.id) as number[];
    const all = await get('');
    const unassigned = await get('?unassigned=true');
    expect(unassigned.length).toBeGreaterThan(0);
    expect(unassigned.length).toBeLessThan(all.length);
    expect(await get('?unassigned=false')).toEqual(all);
  });
});

describe('inWriteTransaction', () => {
  it('hands its work a drizzle transaction and a raw client of the same transaction', async () => {
    const code = 'BOUNDARY1';
    const seen = await inWriteTransaction(s.db, async (tx, sql) => {
      await tx.insert(ramps).values({ code, description: 'seen by both', sortOrder: 900 });
      const [raw] = await sql<{ code: string }[]>`SELECT code FROM ramps WHERE code = ${code}`;
      // Another connection does not see it before COMMIT.
      const outside = await s.db.$client`SELECT 1 FROM ramps WHERE code = ${code}`;
      return { raw: raw?.code, outside: outside.length };
    });
    expect(seen).toEqual({ raw: code, outside: 0 });
    expect(await s.db.select().from(ramps).where(eq(ramps.code, code))).toHaveLength(1);
  });

  it('leaves nothing of either when the work fails after both wrote', async () => {
    const before = await dbFingerprint(s.db);
    const failed = inWriteTransaction(s.db, async (tx, sql) => {
      await tx.insert(ramps).values({ code: 'BOUNDARY2', sortOrder: 901 });
      await sql`UPDATE ramps SET description = 'changed' WHERE code = 'R1'`;
      throw new Error('the work failed');
    });
    await expect(failed).rejects.toThrow('the work failed');
    expect(await dbFingerprint(s.db)).toBe(before);
  });
});
