import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startTestServer, type TestServer } from '@/tests/support/test-server';

// SPEC §9 working hours and closures, in the site's time zone (Amsterdam: UTC+1 in January and December 2031).
let s: TestServer;
const ramps: Record<string, number> = {};
let refs = 0;
const WEEK = [...[1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '06:00', closes: '22:00' })), { weekday: 6, opens: '06:00', closes: '14:00' }];

beforeAll(async () => {
  s = await startTestServer({ SITE_TIMEZONE: 'Europe/Amsterdam', DATABASE_POOL_SIZE: '20' });
  for (const code of ['RH1', 'RH2', 'RH3', 'RH4']) {
    ramps[code] = (await api(s, 'POST', '/api/ramps', { token: s.tokens.ADMIN, body: { code, kind: 'BOTH' } })).body.id;
  }
  expect((await api(s, 'PUT', `/api/ramps/${ramps.RH1}/hours`, { token: s.tokens.ADMIN, body: { hours: WEEK } })).status).toBe(200);
});
afterAll(() => s.close());

const newLoad = async () =>
  (await api(s, 'POST', '/api/loads', { token: s.tokens.OPERATOR, body: { reference: `RULES-${++refs}`, direction: 'IB' } })).body.id as number;
/** Books a new load on a ramp; times are UTC. */
const book = async (ramp: string, etaIn: string, etaOut: string) =>
  api(s, 'POST', '/api/assignments', { token: s.tokens.OPERATOR, body: { ramp_id: ramps[ramp], load_id: await newLoad(), eta_in: etaIn, eta_out: etaOut } });

describe('working hours', () => {
  it('a ramp without hours is open at all times', async () => {
    const hours = await api(s, 'GET', `/api/ramps/${ramps.RH3}/hours`, { token: s.tokens.OPERATOR });
    expect(hours.body).toMatchObject({ always_open: true, hours: [] });
    expect((await book('RH3', '2031-01-05T02:00:00Z', '2031-01-05T03:00:00Z')).status).toBe(201);
  });

  it('everyone signed in reads the hours; only admins set them', async () => {
    for (const token of [s.tokens.OPERATOR, s.tokens.SUPERVISOR]) {
      const r = await api(s, 'GET', `/api/ramps/${ramps.RH1}/hours`, { token });
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ time_zone: 'Europe/Amsterdam', always_open: false });
      expect(r.body.hours).toContainEqual({ weekday: 6, opens: '06:00', closes: '14:00' });
      expect((await api(s, 'PUT', `/api/ramps/${ramps.RH1}/hours`, { token, body: { hours: [] } })).status).toBe(403);
    }
    expect((await api(s, 'GET', `/api/ramps/${ramps.RH1}/hours`)).status).toBe(401);
  });

  it('outside the hours a create is refused with 409 naming the ramp', async () => {
    const sunday = await book('RH1', '2031-01-05T09:00:00Z', '2031-01-05T10:00:00Z');
    expect(sunday.status).toBe(409);
    expect(sunday.body.detail).toBe('RH1 is closed on Sunday');
    const early = await book('RH1', '2031-01-06T04:00:00Z', '2031-01-06T06:00:00Z');
    expect(early.status).toBe(409);
    expect(early.body.detail).toBe('RH1 opens at 06:00 on Mondays');
    const late = await book('RH1', '2031-01-06T20:00:00Z', '2031-01-06T22:00:00Z');
    expect(late.status).toBe(409);
    expect(late.body.detail).toBe('RH1 closes at 22:00 on Mondays');
  });

  it('a window from opening to closing fits exactly', async () => {
    expect((await book('RH1', '2031-01-07T05:00:00Z', '2031-01-07T21:00:00Z')).status).toBe(201);
  });

  it('a window that spans days must be open for all of it', async () => {
    const overnight = await book('RH1', '2031-01-08T20:00:00Z', '2031-01-09T06:00:00Z');
    expect(overnight.status).toBe(409);
    expect(overnight.body.detail).toBe('RH1 closes at 22:00 on Wednesdays');
    const allDay = [1, 2].map((weekday) => ({ weekday, opens: '00:00', closes: '24:00' }));
    const put = await api(s, 'PUT', `/api/ramps/${ramps.RH2}/hours`, {
      token: s.tokens.ADMIN,
      body: { hours: [...allDay, { weekday: 3, opens: '00:00', closes: '12:00' }] },
    });
    expect(put.status).toBe(200);
    expect((await book('RH2', '2031-01-06T20:00:00Z', '2031-01-07T20:00:00Z')).status).toBe(201);
    const intoWednesday = await book('RH2', '2031-01-07T21:00:00Z', '2031-01-08T12:00:00Z');
    expect(intoWednesday.status).toBe(409);
    expect(intoWednesday.body.detail).toBe('RH2 closes at 12:00 on Wednesdays');
  });

  it('split hours name the gap', async () => {
    const split = [
      { weekday: 4, opens: '06:00', closes: '12:00' },
      { weekday: 4, opens: '13:00', closes: '20:00' },
    ];
    expect((await api(s, 'PUT', `/api/ramps/${ramps.RH4}/hours`, { token: s.tokens.ADMIN, body: { hours: split } })).status).toBe(200);
    const lunch = await book('RH4', '2031-01-09T10:30:00Z', '2031-01-09T12:30:00Z');
    expect(lunch.body.detail).toBe('RH4 is closed 12:00–13:00 on Thursdays');
    expect((await book('RH4', '2031-01-09T12:00:00Z', '2031-01-09T13:00:00Z')).status).toBe(201);
  });

  it('a move outside the hours is refused; to a ramp without hours it is not', async () => {
    const a = (await book('RH1', '2031-01-10T07:00:00Z', '2031-01-10T08:00:00Z')).body;
    const move = await api(s, 'PATCH', `/api/assignments/${a.id}`, {
      token: s.tokens.OPERATOR,
      body: { version: a.version, eta_in: '2031-01-12T07:00:00Z', eta_out: '2031-01-12T08:00:00Z' },
    });
    expect(move.status).toBe(409);
    expect(move.body.detail).toBe('RH1 is closed on Sunday');
    const still = await api(s, 'GET', `/api/assignments/${a.id}`, { token: s.tokens.OPERATOR });
    expect(still.body).toMatchObject({ version: a.version, eta_in: a.eta_in });
    const elsewhere = await api(s, 'PATCH', `/api/assignments/${a.id}`, {
      token: s.tokens.OPERATOR,
      body: { version: a.version, ramp_id: ramps.RH3, eta_in: '2031-01-12T07:00:00Z', eta_out: '2031-01-12T08:00:00Z' },
    });
    expect(elsewhere.status).toBe(200);
    const back = await api(s, 'PATCH', `/api/assignments/${a.id}`, { token: s.tokens.OPERATOR, body: { version: elsewhere.body.version, ramp_id: ramps.RH1 } });
    expect(back.status).toBe(409);
    expect(back.body.detail).toBe('RH1 is closed on Sunday');
  });

  it('changing the hours appends a ramp event that carries them', async () => {
    const [e] = await s.db.$client`SELECT payload FROM board_events WHERE type = 'ramp_updated' AND entity_id = ${ramps.RH1!} ORDER BY seq DESC LIMIT 1`;
    expect(e!.payload.rules).toMatchObject({ always_open: false, time_zone: 'Europe/Amsterdam' });
    expect(e!.payload.rules.hours).toHaveLength(6);
  });

  it('bad hours are a 422 with field messages', async () => {
    const r = await api(s, 'PUT', `/api/ramps/${ramps.RH3}/hours`, {
      token: s.tokens.ADMIN,
      body: {
        hours: [
          { weekday: 7, opens: '6am', closes: '05:00' },
          { weekday: 1, opens: '10:00', closes: '09:00' },
        ],
      },
    });
    expect(r.status).toBe(422);
    expect(r.body.detail).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ loc: ['body', 'hours', 0, 'weekday'], msg: 'Input should be a weekday from 0 (Sunday) to 6 (Saturday)' }),
        expect.objectContaining({ loc: ['body', 'hours', 0, 'opens'], msg: 'Input should be a time such as 06:00' }),
        expect.objectContaining({ loc: ['body', 'hours', 1, 'closes'], msg: 'closes must be after opens' }),
      ]),
    );
    const overlap = await api(s, 'PUT', `/api/ramps/${ramps.RH3}/hours`, {
      token: s.tokens.ADMIN,
      body: {
        hours: [
          { weekday: 1, opens: '06:00', closes: '12:00' },
          { weekday: 1, opens: '11:00', closes: '13:00' },
        ],
      },
    });
    expect(overlap.status).toBe(422);
    expect(overlap.body.detail[0]).toMatchObject({ loc: ['body', 'hours', 1, 'opens'], msg: 'Opening hours of one day must not overlap' });
    expect((await api(s, 'PUT', '/api/ramps/999999/hours', { token: s.tokens.ADMIN, body: { hours: [] } })).status).toBe(404);
  });
});

describe('closures', () => {
  let closureId: number;
  it('a create inside a closure is refused naming the ramp, the time and the reason; ends_at is exclusive', async () => {
    const c = await api(s, 'POST', `/api/ramps/${ramps.RH1}/closures`, {
      token: s.tokens.ADMIN,
      body: { starts_at: '2031-12-24T11:00:00Z', ends_at: '2031-12-24T13:00:00Z', reason: 'maintenance' },
    });
    expect(c.status).toBe(201);
    expect(c.body).toMatchObject({ ramp_id: ramps.RH1, reason: 'maintenance', starts_at: '2031-12-24T11:00:00.000Z', ends_at: '2031-12-24T13:00:00.000Z' });
    closureId = c.body.id;
    const inside = await book('RH1', '2031-12-24T10:00:00Z', '2031-12-24T11:30:00Z');
    expect(inside.status).toBe(409);
    expect(inside.body.detail).toBe('RH1 is closed 12:00–14:00 on 24 Dec: maintenance');
    expect((await book('RH1', '2031-12-24T09:00:00Z', '2031-12-24T11:00:00Z')).status).toBe(201);
    expect((await book('RH1', '2031-12-24T13:00:00Z', '2031-12-24T14:00:00Z')).status).toBe(201);
  });

  it('a ramp without hours still honours its closures; a move into one is refused', async () => {
    const c = await api(s, 'POST', `/api/ramps/${ramps.RH3}/closures`, {
      token: s.tokens.ADMIN,
      body: { starts_at: '2031-02-01T23:00:00Z', ends_at: '2031-02-03T05:00:00Z', reason: 'Floor repairs' },
    });
    expect(c.status).toBe(201);
    const a = (await book('RH3', '2031-02-05T10:00:00Z', '2031-02-05T11:00:00Z')).body;
    const move = await api(s, 'PATCH', `/api/assignments/${a.id}`, {
      token: s.tokens.OPERATOR,
      body: { version: a.version, eta_in: '2031-02-02T10:00:00Z', eta_out: '2031-02-02T11:00:00Z' },
    });
    expect(move.status).toBe(409);
    expect(move.body.detail).toBe('RH3 is closed from 2 Feb 00:00 to 3 Feb 06:00: Floor repairs');
  });

  it('a closure over a live booking is refused until the booking is cancelled; a cancelled one is never checked', async () => {
    const a = (await book('RH3', '2031-03-01T10:00:00Z', '2031-03-01T11:00:00Z')).body;
    const closure = { starts_at: '2031-03-01T00:00:00Z', ends_at: '2031-03-02T00:00:00Z', reason: 'Inventory' };
    const refused = await api(s, 'POST', `/api/ramps/${ramps.RH3}/closures`, { token: s.tokens.ADMIN, body: closure });
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toBe(`RH3 has bookings in that time (${a.load.reference}); move or cancel them first`);
    const statuses = (await api(s, 'GET', '/api/statuses', { token: s.tokens.OPERATOR })).body;
    const cancelled = statuses.find((x: { code: string }) => x.code === 'CANCELLED').id;
    const c1 = await api(s, 'PATCH', `/api/assignments/${a.id}`, { token: s.tokens.OPERATOR, body: { version: a.version, status_id: cancelled } });
    expect(c1.status).toBe(200);
    expect((await api(s, 'POST', `/api/ramps/${ramps.RH3}/closures`, { token: s.tokens.ADMIN, body: closure })).status).toBe(201);
    const moved = await api(s, 'PATCH', `/api/assignments/${a.id}`, {
      token: s.tokens.OPERATOR,
      body: { version: c1.body.version, eta_out: '2031-03-01T12:00:00Z' },
    });
    expect(moved.status).toBe(200);
  });

  it('reads for everyone, writes for admins only, and a removed closure frees the time', async () => {
    for (const token of [s.tokens.OPERATOR, s.tokens.SUPERVISOR]) {
      const list = await api(s, 'GET', `/api/ramps/${ramps.RH1}/closures`, { token });
      expect(list.status).toBe(200);
      expect(list.body.map((c: { id: number }) => c.id)).toContain(closureId);
      const body = { starts_at: '2031-05-01T00:00:00Z', ends_at: '2031-05-02T00:00:00Z' };
      expect((await api(s, 'POST', `/api/ramps/${ramps.RH1}/closures`, { token, body })).status).toBe(403);
      expect((await api(s, 'DELETE', `/api/closures/${closureId}`, { token })).status).toBe(403);
    }
    const later = await api(s, 'GET', `/api/ramps/${ramps.RH1}/closures?from=2031-12-25T00:00:00Z`, { token: s.tokens.OPERATOR });
    expect(later.body).toEqual([]);
    expect((await api(s, 'DELETE', `/api/closures/${closureId}`, { token: s.tokens.ADMIN })).status).toBe(204);
    expect((await api(s, 'DELETE', `/api/closures/${closureId}`, { token: s.tokens.ADMIN })).status).toBe(404);
    expect((await book('RH1', '2031-12-24T11:00:00Z', '2031-12-24T13:00:00Z')).status).toBe(201);
    const [e] = await s.db.$client`SELECT payload FROM board_events WHERE type = 'ramp_updated' AND entity_id = ${ramps.RH1!} ORDER BY seq DESC LIMIT 1`;
    expect(e!.payload.rules.closures).toEqual([]);
  });

  it('bad closures are a 422 with field messages', async () => {
    const r = await api(s, 'POST', `/api/ramps/${ramps.RH1}/closures`, {
      token: s.tokens.ADMIN,
      body: { starts_at: '2031-05-02T00:00:00Z', ends_at: '2031-05-01T00:00:00Z', reason: 'x'.repeat(201) },
    });
    expect(r.status).toBe(422);
    expect(r.body.detail).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ loc: ['body', 'ends_at'], msg: 'ends_at must be after starts_at' }),
        expect.objectContaining({ loc: ['body', 'reason'], msg: 'String should have at most 200 characters' }),
      ]),
    );
    const missing = await api(s, 'POST', `/api/ramps/${ramps.RH1}/closures`, { token: s.tokens.ADMIN, body: { reason: 'x' } });
    expect(missing.status).toBe(422);
    expect(missing.body.detail.map((d: { loc: string[] }) => d.loc[1])).toEqual(expect.arrayContaining(['starts_at', 'ends_at']));
  });

  it('a closure written concurrently with a booking in its time: never both', async () => {
    for (let i = 0; i < 8; i++) {
      const day = `2031-04-${String(10 + i).padStart(2, '0')}`;
      const load = await newLoad();
      const [closure, booking] = await Promise.all([
        api(s, 'POST', `/api/ramps/${ramps.RH3}/closures`, {
          token: s.tokens.ADMIN,
          body: { starts_at: `${day}T08:00:00Z`, ends_at: `${day}T12:00:00Z`, reason: 'Race' },
        }),
        api(s, 'POST', '/api/assignments', {
          token: s.tokens.OPERATOR,
          body: { ramp_id: ramps.RH3, load_id: load, eta_in: `${day}T09:00:00Z`, eta_out: `${day}T10:00:00Z` },
        }),
      ]);
      expect([closure.status, booking.status].sort()).toEqual([201, 409]);
    }
  });
});
