import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextOpenSlot } from '@/tests/support/open-time';
import { api, startTestServer, type TestServer } from '@/tests/support/test-server';

// SPEC §9 load types: a default duration and the ramp kinds they fit.
let s: TestServer;
let refs = 0;
let full: { id: number };
const ramps: Record<string, number> = {};

beforeAll(async () => {
  s = await startTestServer();
  for (const [code, kind] of [
    ['LT-IB', 'IB'],
    ['LT-BOTH', 'BOTH'],
  ] as const) {
    ramps[code] = (await api(s, 'POST', '/api/ramps', { token: s.tokens.ADMIN, body: { code, kind } })).body.id;
  }
});
afterAll(() => s.close());

const newLoad = async (loadTypeId?: number) => {
  const body = { reference: `LT-${++refs}`, direction: 'IB', ...(loadTypeId ? { load_type_id: loadTypeId } : {}) };
  return (await api(s, 'POST', '/api/loads', { token: s.tokens.OPERATOR, body })).body;
};

describe('load types', () => {
  it('admins create them; everyone signed in reads them; others may not write', async () => {
    const created = await api(s, 'POST', '/api/load-types', {
      token: s.tokens.ADMIN,
      body: { name: 'Full trailer', duration_minutes: 90, ramp_kinds: ['IB'] },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Full trailer', duration_minutes: 90, ramp_kinds: ['IB'] });
    full = created.body;
    for (const token of [s.tokens.OPERATOR, s.tokens.SUPERVISOR]) {
      const list = await api(s, 'GET', '/api/load-types', { token });
      expect(list.status).toBe(200);
      expect(list.body).toContainEqual(created.body);
      expect((await api(s, 'POST', '/api/load-types', { token, body: { name: 'Van', duration_minutes: 20, ramp_kinds: ['BOTH'] } })).status).toBe(403);
      expect((await api(s, 'PATCH', `/api/load-types/${full.id}`, { token, body: { duration_minutes: 5 } })).status).toBe(403);
      expect((await api(s, 'DELETE', `/api/load-types/${full.id}`, { token })).status).toBe(403);
    }
    const dup = await api(s, 'POST', '/api/load-types', { token: s.tokens.ADMIN, body: { name: 'full TRAILER', duration_minutes: 60, ramp_kinds: ['OB'] } });
    expect(dup.status).toBe(409);
    expect(dup.body.detail).toBe('A load type with this name already exists');
  });

  it('bad input is a 422 with field messages', async () => {
    const r = await api(s, 'POST', '/api/load-types', { token: s.tokens.ADMIN, body: { name: ' ', duration_minutes: 0, ramp_kinds: [] } });
    expect(r.status).toBe(422);
    expect(r.body.detail).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ loc: ['body', 'name'], msg: 'Field required' }),
        expect.objectContaining({ loc: ['body', 'duration_minutes'], msg: 'Input should be at least 1 minute' }),
        expect.objectContaining({ loc: ['body', 'ramp_kinds'], msg: 'Choose at least one ramp kind' }),
      ]),
    );
    const kinds = await api(s, 'POST', '/api/load-types', { token: s.tokens.ADMIN, body: { name: 'X', duration_minutes: 30, ramp_kinds: ['SIDE'] } });
    expect(kinds.status).toBe(422);
    expect(kinds.body.detail[0].loc).toEqual(['body', 'ramp_kinds', 0]);
    const load = await api(s, 'POST', '/api/loads', { token: s.tokens.OPERATOR, body: { reference: 'LT-BAD', direction: 'IB', load_type_id: 999999 } });
    expect(load.status).toBe(422);
    expect(load.body.detail[0]).toMatchObject({ loc: ['body', 'load_type_id'], msg: 'Load type does not exist' });
  });

  it('a load carries its type; a new assignment without eta_out lasts the type’s duration', async () => {
    const load = await newLoad(full.id);
    expect(load.load_type_id).toBe(full.id);
    expect((await api(s, 'GET', `/api/loads/${load.id}`, { token: s.tokens.SUPERVISOR })).body.load_type_id).toBe(full.id);
    const a = await api(s, 'POST', '/api/assignments', {
      token: s.tokens.OPERATOR,
      body: { ramp_id: ramps['LT-IB'], load_id: load.id, eta_in: '2031-06-02T08:00:00Z' },
    });
    expect(a.status).toBe(201);
    expect(a.body.eta_out).toBe('2031-06-02T09:30:00.000Z');
    const untyped = await newLoad();
    expect(untyped.load_type_id).toBeNull();
    const refused = await api(s, 'POST', '/api/assignments', {
      token: s.tokens.OPERATOR,
      body: { ramp_id: ramps['LT-IB'], load_id: untyped.id, eta_in: '2031-06-02T10:00:00Z' },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.detail[0]).toMatchObject({ loc: ['body', 'eta_out'], msg: 'Give ETA out or a load type' });
  });

  it('a ramp whose kind the type does not fit refuses it, on create and on a move', async () => {
    const load = await newLoad(full.id);
    const body = { ramp_id: ramps['LT-BOTH'], load_id: load.id, eta_in: '2031-06-03T08:00:00Z' };
    const refused = await api(s, 'POST', '/api/assignments', { token: s.tokens.OPERATOR, body });
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toBe('LT-BOTH does not take Full trailer loads');
    const a = (await api(s, 'POST', '/api/assignments', { token: s.tokens.OPERATOR, body: { ...body, ramp_id: ramps['LT-IB'] } })).body;
    const move = await api(s, 'PATCH', `/api/assignments/${a.id}`, { token: s.tokens.OPERATOR, body: { version: a.version, ramp_id: ramps['LT-BOTH'] } });
    expect(move.status).toBe(409);
    expect(move.body.detail).toBe('LT-BOTH does not take Full trailer loads');
    const widened = await api(s, 'PATCH', `/api/load-types/${full.id}`, { token: s.tokens.ADMIN, body: { ramp_kinds: ['IB', 'BOTH'] } });
    expect(widened.body.ramp_kinds).toEqual(['IB', 'BOTH']);
    expect(
      (await api(s, 'PATCH', `/api/assignments/${a.id}`, { token: s.tokens.OPERATOR, body: { version: a.version, ramp_id: ramps['LT-BOTH'] } })).status,
    ).toBe(200);
    // Narrowed back while that booking is on LT-BOTH: refused, naming the booking; the type keeps its kinds.
    const narrowed = await api(s, 'PATCH', `/api/load-types/${full.id}`, { token: s.tokens.ADMIN, body: { ramp_kinds: ['IB'] } });
    expect(narrowed.status).toBe(409);
    expect(narrowed.body.detail).toBe(`LT-BOTH has a booking of a Full trailer load (${load.reference}); move it first, or keep two-way ramps in the type`);
    expect((await api(s, 'GET', `/api/load-types/${full.id}`, { token: s.tokens.ADMIN })).body.ramp_kinds).toEqual(['IB', 'BOTH']);
    expect((await api(s, 'PATCH', `/api/load-types/${full.id}`, { token: s.tokens.ADMIN, body: { duration_minutes: 90 } })).status).toBe(200);
  });

  it('a type in use is not deleted; an unused one is', async () => {
    const inUse = await api(s, 'DELETE', `/api/load-types/${full.id}`, { token: s.tokens.ADMIN });
    expect(inUse.status).toBe(409);
    expect(inUse.body.detail).toBe('Loads use this load type; clear it from them first');
    const spare = (await api(s, 'POST', '/api/load-types', { token: s.tokens.ADMIN, body: { name: 'Van', duration_minutes: 20, ramp_kinds: ['BOTH'] } })).body;
    expect((await api(s, 'DELETE', `/api/load-types/${spare.id}`, { token: s.tokens.ADMIN })).status).toBe(204);
    expect((await api(s, 'GET', `/api/load-types/${spare.id}`, { token: s.tokens.ADMIN })).status).toBe(404);
  });

  it('each create, change and deletion appends an event, kept in the log with the type as it was before', async () => {
    const events = async (id: number) =>
      (await s.db.$client`SELECT type, actor_email, payload, before FROM board_events WHERE entity = 'load_type' AND entity_id = ${id} ORDER BY seq`).map(
        (e) => ({ type: e.type, actor: e.actor_email, name: e.payload.name, minutes: e.payload.duration_minutes, before: e.before?.duration_minutes ?? null }),
      );
    const made = (await api(s, 'POST', '/api/load-types', { token: s.tokens.ADMIN, body: { name: 'Reefer', duration_minutes: 75, ramp_kinds: ['IB'] } })).body;
    await api(s, 'PATCH', `/api/load-types/${made.id}`, { token: s.tokens.ADMIN, body: { duration_minutes: 80 } });
    expect((await api(s, 'DELETE', `/api/load-types/${made.id}`, { token: s.tokens.ADMIN })).status).toBe(204);
    expect(await events(made.id)).toEqual([
      { type: 'load_type_created', actor: 'admin@dcdock.com', name: 'Reefer', minutes: 75, before: null },
      { type: 'load_type_updated', actor: 'admin@dcdock.com', name: 'Reefer', minutes: 80, before: 75 },
      { type: 'load_type_deleted', actor: 'admin@dcdock.com', name: 'Reefer', minutes: 80, before: 80 },
    ]);
    // A refused write appends nothing.
    await api(s, 'POST', '/api/load-types', { token: s.tokens.ADMIN, body: { name: 'reefer', duration_minutes: 0, ramp_kinds: ['IB'] } });
    expect((await s.db.$client`SELECT count(*)::int AS n FROM board_events WHERE entity = 'load_type' AND payload->>'name' ILIKE 'reefer'`)[0]!.n).toBe(3);
  });

  it('a load’s type that does not fit the ramp of its live booking is refused (409, nothing written); a fitting one or a cancelled booking is not', async () => {
    const r5 = (await api(s, 'GET', '/api/ramps', { token: s.tokens.OPERATOR })).body.find((r: { code: string }) => r.code === 'R5');
    const obOnly = (
      await api(s, 'POST', '/api/load-types', { token: s.tokens.ADMIN, body: { name: 'Full truckload', duration_minutes: 90, ramp_kinds: ['OB', 'BOTH'] } })
    ).body;
    const inbound = (
      await api(s, 'POST', '/api/load-types', { token: s.tokens.ADMIN, body: { name: 'Inbound pallets', duration_minutes: 45, ramp_kinds: ['IB'] } })
    ).body;
    const load = await newLoad();
    // R5 is a demo ramp with working hours: a week from now, at a time it is open (Sundays are closed until 22:00).
    const slot = await nextOpenSlot(s, s.tokens.OPERATOR, r5.id, 60, Date.now() + 7 * 86_400_000);
    const booked = await api(s, 'POST', '/api/assignments', { token: s.tokens.OPERATOR, body: { ramp_id: r5.id, load_id: load.id, ...slot } });
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
    const before = await s.db.$client`SELECT count(*)::int AS n FROM board_events`;

    const refused = await api(s, 'PATCH', `/api/loads/${load.id}`, { token: s.tokens.OPERATOR, body: { load_type_id: obOnly.id } });
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toBe('R5 does not take Full truckload loads');
    expect((await api(s, 'GET', `/api/loads/${load.id}`, { token: s.tokens.OPERATOR })).body.load_type_id).toBeNull();
    expect((await s.db.$client`SELECT count(*)::int AS n FROM board_events`)[0]!.n).toBe(before[0]!.n);

    const fits = await api(s, 'PATCH', `/api/loads/${load.id}`, { token: s.tokens.OPERATOR, body: { load_type_id: inbound.id } });
    expect(fits.status).toBe(200);
    expect(fits.body.load_type_id).toBe(inbound.id);
    // The database holds the rule whoever writes: a direct UPDATE is refused as well.
    await expect(s.db.$client`UPDATE loads SET load_type_id = ${obOnly.id} WHERE id = ${load.id}`).rejects.toMatchObject({
      message: 'R5 does not take Full truckload loads',
    });

    const cancelled = (await api(s, 'GET', '/api/statuses', { token: s.tokens.OPERATOR })).body.find((x: { code: string }) => x.code === 'CANCELLED');
    const a = (await api(s, 'GET', `/api/assignments/${booked.body.id}`, { token: s.tokens.OPERATOR })).body;
    expect(
      (await api(s, 'PATCH', `/api/assignments/${a.id}`, { token: s.tokens.OPERATOR, body: { version: a.version, status_id: cancelled.id } })).status,
    ).toBe(200);
    const free = await api(s, 'PATCH', `/api/loads/${load.id}`, { token: s.tokens.OPERATOR, body: { load_type_id: obOnly.id } });
    expect(free.status).toBe(200);
    expect(free.body.load_type_id).toBe(obOnly.id);
  });
});
