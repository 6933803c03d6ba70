import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayBounds, dayOf, shiftDay } from '@/lib/zoned-time';
import { searchStatement } from '@/server/search/search-loads';
import { api, startTestServer, type TestServer } from '@/tests/support/test-server';

// Loads on days around today (the search orders by distance from the real today), with words no demo load has.
let s: TestServer;
let tz: string;
let today: string;
const HOUR = 3_600_000;
const onDay = (offset: number | null, hour = 10) => (offset === null ? null : new Date(dayBounds(shiftDay(today, offset), tz).start.getTime() + hour * HOUR));

async function admin(method: string, path: string, body?: unknown) {
  const res = await api(s, method, path, { token: s.tokens.ADMIN, body });
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

let n = 0;
/** A load planned `offset` days from today (null: no planned time), on `ramp` at that time when given. */
async function load(reference: string, offset: number | null, extra: { notes?: string; carrier?: string; ramp?: number; hour?: number } = {}) {
  const at = onDay(offset, extra.hour ?? 8 + (n++ % 10));
  const l = await admin('POST', '/api/loads', {
    reference,
    direction: 'IB',
    planned_arrival: at?.toISOString() ?? null,
    planned_departure: at ? new Date(at.getTime() + HOUR).toISOString() : null,
    notes: extra.notes ?? null,
    carrier: extra.carrier ?? null,
  });
  if (extra.ramp && at) {
    await admin('POST', '/api/assignments', {
      ramp_id: extra.ramp,
      load_id: l.id,
      eta_in: at.toISOString(),
      eta_out: new Date(at.getTime() + HOUR).toISOString(),
    });
  }
  return l;
}

const search = (q: string, token = s.tokens.OPERATOR) => api(s, 'GET', `/api/search?${q}`, { token });
const refs = (body: { results: { load: { reference: string } }[] }) => body.results.map((r) => r.load.reference);

let ramp: number;
let quay: number;
beforeAll(async () => {
  s = await startTestServer();
  tz = s.config.timeZone;
  today = dayOf(new Date(), tz);
  ramp = (await admin('POST', '/api/ramps', { code: 'SR1', kind: 'BOTH', sort_order: 200 })).id;
  quay = (await admin('POST', '/api/ramps', { code: 'SR2', description: 'Cold store quay', kind: 'BOTH', sort_order: 201 })).id;
  await load('SRCH-NOTE-1', 0, { notes: 'Supplier Zebrafinch, 20 pallets', ramp });
  await load('SRCH-AHEAD-7', 3);
  await load('SRCH-CARRIER-1', -1, { carrier: 'Quokka Haulage BV', ramp });
  await load('SRCH-COLD-1', 1, { ramp: quay });
  for (const [i, offset] of [5, -2, 1, null, 0].entries()) await load(`SRCH-ORDER-${i}`, offset, { notes: 'marmoset' });
  for (let i = 0; i < 8; i++) await load(`SRCH-BULK-${i}`, i - 4, { notes: 'wombat crate' });
});
afterAll(() => s.close());

describe('GET /api/search', () => {
  it('finds a word of the notes, any case, with the assignment and the day', async () => {
    const res = await search('q=zebraFINCH');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      more: false,
      results: [
        { load: { reference: 'SRCH-NOTE-1' }, date: today, matched: ['notes'], assignment: { ramp_id: ramp, ramp_code: 'SR1', status: { code: 'PLANNED' } } },
      ],
    });
  });

  it('finds a reference planned on another day, without an assignment', async () => {
    const res = await search('q=srch-ahead');
    expect(res.body.results).toEqual([
      expect.objectContaining({ load: expect.objectContaining({ reference: 'SRCH-AHEAD-7' }), assignment: null, date: shiftDay(today, 3) }),
    ]);
    expect(res.body.results[0].matched).toEqual(['reference']);
  });

  it('finds a carrier, and a ramp by its description', async () => {
    const carrier = await search('q=quokka');
    expect(refs(carrier.body)).toEqual(['SRCH-CARRIER-1']);
    expect(carrier.body.results[0]).toMatchObject({ date: shiftDay(today, -1), matched: ['carrier'] });
    const ramp = await search(`q=${encodeURIComponent('cold store')}`);
    expect(refs(ramp.body)).toEqual(['SRCH-COLD-1']);
    expect(ramp.body.results[0]).toMatchObject({ matched: ['ramp'], assignment: { ramp_code: 'SR2' } });
  });

  it('orders today first (loads without a planned time with it), then the nearest days', async () => {
    const res = await search('q=marmoset');
    // offsets [5, -2, 1, null, 0] → today, no time, tomorrow, two days ago, in five days.
    expect(refs(res.body)).toEqual(['SRCH-ORDER-4', 'SRCH-ORDER-3', 'SRCH-ORDER-2', 'SRCH-ORDER-1', 'SRCH-ORDER-0']);
    expect(res.body.results.map((r: { date: string | null }) => r.date)).toEqual([today, null, shiftDay(today, 1), shiftDay(today, -2), shiftDay(today, 5)]);
  });

  it('is bounded: at most `limit` results, and says there are more', async () => {
    const five = await search('q=wombat&limit=5');
    expect(five.body.results).toHaveLength(5);
    expect(five.body.more).toBe(true);
    expect((await search('q=wombat')).body).toMatchObject({ more: false, results: expect.any(Array) });
    expect((await search('q=wombat')).body.results).toHaveLength(8);
    expect((await search('q=wombat&limit=51')).status).toBe(422);
  });

  it('matches % and _ literally, and answers nothing without a text', async () => {
    expect((await search('q=%25%25')).body.results).toEqual([]);
    expect((await search('q=__')).body.results).toEqual([]);
    expect((await search('')).body).toEqual({ results: [], more: false });
  });

  it('refuses a bad query with a 422 naming the field', async () => {
    const short = await search('q=z');
    expect(short.status).toBe(422);
    expect(short.body.detail).toEqual([expect.objectContaining({ loc: ['query', 'q'], msg: 'Type at least 2 characters' })]);
    const limit = await search('q=wombat&limit=lots');
    expect(limit.status).toBe(422);
    expect(limit.body.detail).toEqual([expect.objectContaining({ loc: ['query', 'limit'] })]);
    const extra = await search('q=wombat&sort=asc');
    expect(extra.status).toBe(422);
  });

  it('is open to every user of the board (a supervisor too), not to a display link or anonymous callers', async () => {
    expect((await search('q=zebrafinch', s.tokens.SUPERVISOR)).body.results).toHaveLength(1);
    expect((await search('q=zebrafinch', s.tokens.ADMIN)).status).toBe(200);
    expect((await api(s, 'GET', '/api/search?q=zebrafinch')).status).toBe(401);
    const tv = await admin('POST', '/api/displays', { name: 'Search TV' });
    expect((await api(s, 'GET', '/api/search?q=zebrafinch', { token: tv.token })).status).toBe(401);
  });

  it('is in the OpenAPI document with its query parameters', async () => {
    const doc = (await api(s, 'GET', '/api/openapi.json')).body;
    const op = doc.paths['/api/search'].get;
    expect(op.parameters.map((p: { name: string }) => p.name).sort()).toEqual(['direction', 'limit', 'q']);
  });

  it('uses the trigram index on a table of 50,000 loads', async () => {
    const sql = s.db.$client;
    // Filling a trigram index takes longer than the app's statement deadline on a busy machine.
    await sql.begin(async (tx) => {
      await tx`SET LOCAL statement_timeout = 0`;
      await tx`INSERT INTO loads (reference, direction, notes, carrier)
               SELECT 'FILL-' || g, 'IB', (ARRAY['Frozen goods, reefer', 'Palletised beverages', 'Textiles from Supplier ', 'Mixed cartons, tail lift'])[1 + g % 4] || (g % 97),
                      'Carrier ' || (g % 300) FROM generate_series(1, 50000) g`;
    });
    // VACUUM moves a bulk insert's entries out of GIN's pending list (as autovacuum would), ANALYZE gives the planner the counts.
    // Measured here: 0.19 ms through the index, 70 ms for the sequential scan the planner picks before the VACUUM.
    await sql`VACUUM ANALYZE loads`;
    const bounds = dayBounds(today, tz);
    const plan = await sql`EXPLAIN ${searchStatement(sql, { text: 'zebrafinch', limit: 20 }, bounds)}`;
    const text = plan.map((r) => r['QUERY PLAN']).join('\n');
    expect(text).toContain('loads_search_trgm_idx');
    expect(text).not.toMatch(/Seq Scan on loads/);
    expect(refs((await search('q=zebrafinch')).body)).toEqual(['SRCH-NOTE-1']);
  });
});
