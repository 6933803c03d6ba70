// SPEC §8: actual times recorded by status changes, corrected with the version,
// kept in order by the database; the carrier on loads.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startTestServer, type TestServer } from '@/tests/support/test-server';

let s: TestServer;
let status: Record<string, number>;
let rampId: number;
let day = 0;

beforeAll(async () => {
  s = await startTestServer();
  const statuses = await api(s, 'GET', '/api/statuses', { token: s.tokens.OPERATOR });
  status = Object.fromEntries(statuses.body.map((x: { code: string; id: number }) => [x.code, x.id]));
  // A ramp of its own, with no working hours: the days below include Sundays, when the demo ramps are closed.
  rampId = (await api(s, 'POST', '/api/ramps', { token: s.tokens.ADMIN, body: { code: 'OPS-R1', kind: 'BOTH' } })).body.id;
});
afterAll(() => s.close());

const iso = (ms: number) => new Date(ms).toISOString();
const eventCount = async () => Number((await s.db.$client`SELECT count(*)::int AS n FROM board_events`)[0]!.n);

/** A fresh IB load planned on its own day (2031), so no window overlaps another test's. */
async function planned(extra: Record<string, unknown> = {}, load: Record<string, unknown> = {}) {
  day++;
  const ref = `OPS-${day}-${Date.now() % 100000}`;
  const l = await api(s, 'POST', '/api/loads', { token: s.tokens.OPERATOR, body: { reference: ref, direction: 'IB', ...load } });
  expect(l.status).toBe(201);
  const etaIn = Date.UTC(2031, 0, day, 8);
  const a = await api(s, 'POST', '/api/assignments', {
    token: s.tokens.OPERATOR,
    body: { ramp_id: rampId, load_id: l.body.id, eta_in: iso(etaIn), eta_out: iso(etaIn + 2 * 3_600_000), ...extra },
  });
  expect(a.status).toBe(201);
  return a.body;
}

/** `minutes` after the assignment's planned arrival, as the API writes a time. */
const plus = (a: { eta_in: string }, minutes: number) => iso(Date.parse(a.eta_in) + minutes * 60_000);

const patch = (id: number, body: Record<string, unknown>, token = s.tokens.OPERATOR) => api(s, 'PATCH', `/api/assignments/${id}`, { token, body });

/** True when `value` is a time within the last minute: what the server's now() recorded. */
const recordedNow = (value: unknown) => typeof value === 'string' && Math.abs(Date.parse(value) - Date.now()) < 60_000;

describe('status changes record the actual times', () => {
  it('a status moved back after a later step (COMPLETED → IN_PROGRESS) is saved, its time kept between the recorded ones', async () => {
    const a = await planned();
    const done = await patch(a.id, { version: 1, status_id: status.COMPLETED, completed_at: plus(a, 30) });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.started_at).toBeNull();
    const back = await patch(a.id, { version: 2, status_id: status.IN_PROGRESS });
    expect(back.status, JSON.stringify(back.body)).toBe(200);
    // The start is recorded between the arrival and the completion on record (both eta_in + 30 here).
    expect(back.body.started_at).toBe(done.body.completed_at);
    expect(back.body.completed_at).toBe(done.body.completed_at);
  });

  it('a new assignment has none; ARRIVED, IN_PROGRESS and COMPLETED each record theirs once, as now', async () => {
    const a = await planned();
    expect(a).toMatchObject({ arrived_at: null, started_at: null, completed_at: null, departed_at: null, called_at: null });

    const arrived = await patch(a.id, { version: 1, status_id: status.ARRIVED });
    expect(arrived.status).toBe(200);
    expect(recordedNow(arrived.body.arrived_at)).toBe(true);
    expect(arrived.body).toMatchObject({ started_at: null, completed_at: null, departed_at: null });

    const started = await patch(a.id, { version: 2, status_id: status.IN_PROGRESS });
    expect(recordedNow(started.body.started_at)).toBe(true);
    expect(started.body.arrived_at).toBe(arrived.body.arrived_at);

    const completed = await patch(a.id, { version: 3, status_id: status.COMPLETED });
    expect(recordedNow(completed.body.completed_at)).toBe(true);
    expect(completed.body).toMatchObject({ arrived_at: arrived.body.arrived_at, started_at: started.body.started_at, departed_at: null });

    // Back to ARRIVED and on again: what is recorded stays.
    const back = await patch(a.id, { version: 4, status_id: status.ARRIVED });
    const again = await patch(a.id, { version: 5, status_id: status.COMPLETED });
    expect(back.body.arrived_at).toBe(arrived.body.arrived_at);
    expect(again.body).toMatchObject({ started_at: started.body.started_at, completed_at: completed.body.completed_at });
  });

  it('a time given with the status wins over now', async () => {
    const a = await planned();
    const at = plus(a, 7);
    const arrived = await patch(a.id, { version: 1, status_id: status.ARRIVED, arrived_at: at });
    expect(arrived.body.arrived_at).toBe(at);
    // Any offset; the API answers in UTC.
    const local = new Date(Date.parse(plus(a, 31)) + 3_600_000).toISOString().replace('.000Z', '+01:00');
    const started = await patch(a.id, { version: 2, status_id: status.IN_PROGRESS, started_at: local });
    expect(started.body.started_at).toBe(plus(a, 31));
  });

  it('a later step with no arrival recorded records it at that step’s time; a missing start stays unknown', async () => {
    const a = await planned();
    const done = await patch(a.id, { version: 1, status_id: status.COMPLETED, completed_at: plus(a, 100) });
    expect(done.body).toMatchObject({ arrived_at: plus(a, 100), started_at: null, completed_at: plus(a, 100) });

    const b = await planned();
    const started = await patch(b.id, { version: 1, status_id: status.IN_PROGRESS });
    expect(recordedNow(started.body.started_at)).toBe(true);
    expect(started.body.arrived_at).toBe(started.body.started_at);
  });

  it('an edit that keeps the status records nothing', async () => {
    const a = await planned({ status_id: status.ARRIVED, arrived_at: iso(Date.UTC(2031, 0, day + 1, 7, 50)) });
    expect(a).toMatchObject({ status: { code: 'ARRIVED' }, arrived_at: plus(a, -10) });
    const cleared = await patch(a.id, { version: 1, arrived_at: null });
    expect(cleared.body).toMatchObject({ version: 2, arrived_at: null, status: { code: 'ARRIVED' } });
    const moved = await patch(a.id, { version: 2, status_id: status.ARRIVED, eta_out: plus(a, 180) });
    expect(moved.body).toMatchObject({ version: 3, arrived_at: null, started_at: null });
  });

  it('creating with a status records its times; an assignment of a load checked in at the gate takes its arrival and ARRIVED', async () => {
    const created = await planned({ status_id: status.IN_PROGRESS });
    expect(recordedNow(created.started_at)).toBe(true);
    expect(created.arrived_at).toBe(created.started_at);

    day++;
    const l = await api(s, 'POST', '/api/loads', { token: s.tokens.OPERATOR, body: { reference: `GATE-${day}`, direction: 'IB' } });
    // The check-in endpoint is another helper's; the fact it leaves is the load's arrived_at.
    await s.db.$client`UPDATE loads SET arrived_at = '2032-01-09T06:55:00Z' WHERE id = ${l.body.id}`;
    expect((await api(s, 'GET', `/api/loads/${l.body.id}`, { token: s.tokens.SUPERVISOR })).body.arrived_at).toBe('2032-01-09T06:55:00.000Z');
    const a = await api(s, 'POST', '/api/assignments', {
      token: s.tokens.OPERATOR,
      body: { ramp_id: rampId, load_id: l.body.id, eta_in: '2032-01-09T08:00:00Z', eta_out: '2032-01-09T09:00:00Z' },
    });
    expect(a.status).toBe(201);
    expect(a.body).toMatchObject({ status: { code: 'ARRIVED' }, arrived_at: '2032-01-09T06:55:00.000Z', started_at: null });
  });
});

describe('corrections', () => {
  it('are made with the version, refused on a stale one (409, nothing written), and audited in history', async () => {
    const a = await planned();
    const arrived = await patch(a.id, { version: 1, status_id: status.ARRIVED, arrived_at: plus(a, 20) });
    const fixed = await patch(a.id, { version: 2, arrived_at: plus(a, 5), started_at: plus(a, 30) });
    expect(fixed.status).toBe(200);
    expect(fixed.body).toMatchObject({ version: 3, arrived_at: plus(a, 5), started_at: plus(a, 30) });

    const events = await eventCount();
    const stale = await patch(a.id, { version: 2, arrived_at: plus(a, 0) });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ current_version: 3, provided_version: 2, current_data: { arrived_at: plus(a, 5) } });
    expect((await api(s, 'GET', `/api/assignments/${a.id}`, { token: s.tokens.OPERATOR })).body).toMatchObject({ version: 3 });
    expect(await eventCount()).toBe(events);

    const history = await api(s, 'GET', `/api/assignments/${a.id}/history`, { token: s.tokens.SUPERVISOR });
    const last = history.body.at(-1);
    expect(last.changes.arrived_at).toEqual({ from: arrived.body.arrived_at, to: plus(a, 5) });
    expect(last.changes.started_at).toEqual({ from: null, to: plus(a, 30) });
    expect(last.before.arrived_at).toBe(plus(a, 20));
    expect(last.after.arrived_at).toBe(plus(a, 5));
  });

  it('out of order against the stored times: 422 naming the field, nothing written', async () => {
    const a = await planned();
    const set = await patch(a.id, { version: 1, status_id: status.IN_PROGRESS, arrived_at: plus(a, 10), started_at: plus(a, 40) });
    expect(set.status).toBe(200);
    const events = await eventCount();
    const early = await patch(a.id, { version: 2, started_at: plus(a, 0) });
    expect(early.status).toBe(422);
    expect(early.body.detail).toEqual([{ loc: ['body', 'started_at'], msg: 'started_at must not be before arrived_at', type: 'constraint' }]);
    const late = await patch(a.id, { version: 2, arrived_at: plus(a, 60) });
    expect(late.status).toBe(422);
    expect(late.body.detail[0]).toMatchObject({ loc: ['body', 'started_at'], msg: 'started_at must not be before arrived_at' });
    const departed = await patch(a.id, { version: 2, departed_at: plus(a, 20) });
    expect(departed.body.detail[0]).toMatchObject({ loc: ['body', 'departed_at'], msg: 'departed_at must not be before started_at' });

    const now = await api(s, 'GET', `/api/assignments/${a.id}`, { token: s.tokens.OPERATOR });
    expect(now.body).toMatchObject({ version: 2, arrived_at: plus(a, 10), started_at: plus(a, 40), departed_at: null });
    expect(await eventCount()).toBe(events);
  });

  it('out of order within one request: 422 from the schema, naming the later field', async () => {
    const a = await planned();
    const r = await patch(a.id, { version: 1, arrived_at: plus(a, 60), completed_at: plus(a, 0) });
    expect(r.status).toBe(422);
    expect(r.body.detail).toEqual([expect.objectContaining({ loc: ['body', 'completed_at'], msg: 'completed_at must not be before arrived_at' })]);
    const bad = await patch(a.id, { version: 1, arrived_at: 'yesterday' });
    expect(bad.status).toBe(422);
    expect(bad.body.detail[0].loc).toEqual(['body', 'arrived_at']);
  });

  it('supervisors read the times but may not write them (403)', async () => {
    const a = await planned();
    expect((await patch(a.id, { version: 1, arrived_at: plus(a, 0) }, s.tokens.SUPERVISOR)).status).toBe(403);
    expect((await patch(a.id, { version: 1, status_id: status.ARRIVED }, s.tokens.SUPERVISOR)).status).toBe(403);
    const create = await api(s, 'POST', '/api/loads', { token: s.tokens.SUPERVISOR, body: { reference: 'SUP-1', direction: 'IB', carrier: 'X' } });
    expect(create.status).toBe(403);
    expect((await api(s, 'GET', `/api/assignments/${a.id}`, { token: s.tokens.SUPERVISOR })).body).toMatchObject({ version: 1, arrived_at: null });
  });
});

describe('carrier on loads', () => {
  it('is stored trimmed, shown on the load and on its assignment, filterable by part of the name, and cleared by a blank', async () => {
    const created = await api(s, 'POST', '/api/loads', {
      token: s.tokens.OPERATOR,
      body: { reference: 'CARRIER-1', direction: 'IB', carrier: '  Rhenus Logistics ', planned_arrival: '2031-02-01T08:00:00Z' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ carrier: 'Rhenus Logistics', arrived_at: null });
    await api(s, 'POST', '/api/loads', { token: s.tokens.OPERATOR, body: { reference: 'CARRIER-2', direction: 'IB', carrier: 'DHL_Freight' } });

    const refs = async (q: string) =>
      (await api(s, 'GET', `/api/loads?carrier=${encodeURIComponent(q)}`, { token: s.tokens.SUPERVISOR })).body.map((l: { reference: string }) => l.reference);
    expect(await refs('rhenus')).toEqual(['CARRIER-1']);
    expect(await refs('l_f')).toEqual(['CARRIER-2']);
    // LIKE's wildcards are matched literally.
    expect(await refs('%')).toEqual([]);
    expect(await refs('s_L')).toEqual([]);

    const a = await api(s, 'POST', '/api/assignments', {
      token: s.tokens.OPERATOR,
      body: { ramp_id: rampId, load_id: created.body.id, eta_in: '2031-02-01T08:00:00Z', eta_out: '2031-02-01T09:00:00Z' },
    });
    expect(a.body.load.carrier).toBe('Rhenus Logistics');

    const cleared = await api(s, 'PATCH', `/api/loads/${created.body.id}`, { token: s.tokens.OPERATOR, body: { carrier: '   ' } });
    expect(cleared.body.carrier).toBeNull();
    const long = await api(s, 'PATCH', `/api/loads/${created.body.id}`, { token: s.tokens.OPERATOR, body: { carrier: 'x'.repeat(121) } });
    expect(long.status).toBe(422);
    expect(long.body.detail[0].loc).toEqual(['body', 'carrier']);
  });
});
