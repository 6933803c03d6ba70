import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayOf } from '@/lib/zoned-time';
import { connectBoard } from '@/tests/support/sockets';
import { api, dbFingerprint, startTestServer, type TestServer } from '@/tests/support/test-server';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ SITE_TIMEZONE: 'UTC' });
});
afterAll(() => s.close());

let n = 0;
const ref = (prefix: string) => `${prefix}-${++n}`;
const MINUTE = 60_000;
const ago = (minutes: number) => new Date(Date.now() - minutes * MINUTE).toISOString();
const hourFromNow = (h: number) => new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 + h * 3_600_000).toISOString();

const as = (role: 'ADMIN' | 'OPERATOR' | 'SUPERVISOR') => ({
  post: (path: string, body?: unknown) => api(s, 'POST', path, { token: s.tokens[role], body }),
  get: (path: string) => api(s, 'GET', path, { token: s.tokens[role] }),
});
const op = as('OPERATOR');

async function newLoad(direction: 'IB' | 'OB' = 'IB', extra: Record<string, unknown> = {}) {
  const res = await op.post('/api/loads', { reference: ref(`G${direction}`), direction, ...extra });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}
async function newRamp() {
  const res = await as('ADMIN').post('/api/ramps', { code: ref('GR'), kind: 'BOTH' });
  expect(res.status).toBe(201);
  return res.body;
}
/** A load planned on a fresh ramp `h` hours from now (whole hours, so parallel lanes never overlap). */
async function planned(h = 1, direction: 'IB' | 'OB' = 'IB') {
  const load = await newLoad(direction);
  const ramp = await newRamp();
  const res = await op.post('/api/assignments', { ramp_id: ramp.id, load_id: load.id, eta_in: hourFromNow(h), eta_out: hourFromNow(h + 1) });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { load, ramp, assignment: res.body };
}
const eventsOf = async (entity: string, id: number) =>
  Number((await s.db.$client`SELECT count(*)::int AS n FROM board_events WHERE entity = ${entity} AND entity_id = ${id}`)[0]!.n);

describe('check-in', () => {
  it('records the arrival of a planned truck (ARRIVED); a second check-in keeps the first time and appends nothing', async () => {
    const { load, assignment } = await planned(2);
    const at = ago(5);
    const first = await op.post(`/api/loads/${load.id}/check-in`, { at });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toMatchObject({ load: { id: load.id }, assignment: { id: assignment.id, status: { code: 'ARRIVED' } } });
    expect(Date.parse(first.body.arrived_at)).toBe(Date.parse(at));
    expect(first.body.assignment.version).toBe(assignment.version + 1);
    const events = await eventsOf('assignment', assignment.id);

    const again = await op.post(`/api/loads/${load.id}/check-in`);
    expect(again.status).toBe(200);
    expect(Date.parse(again.body.assignment.arrived_at)).toBe(Date.parse(at));
    expect(again.body.assignment.version).toBe(assignment.version + 1);
    expect(await eventsOf('assignment', assignment.id)).toBe(events);
  });

  it('puts a load without an assignment into the yard queue; planning it makes the assignment ARRIVED at that time', async () => {
    const load = await newLoad('OB');
    const res = await op.post(`/api/loads/${load.id}/check-in`, {});
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ assignment: null, load: { id: load.id } });
    expect(Math.abs(Date.parse(res.body.arrived_at) - Date.now())).toBeLessThan(60_000);
    expect(res.body.load.arrived_at).toBe(res.body.arrived_at);
    const yard = (await op.get('/api/yard')).body as { load: { id: number }; assignment: null; arrived_at: string }[];
    expect(yard.find((e) => e.load.id === load.id)).toMatchObject({ assignment: null, arrived_at: res.body.arrived_at });

    const again = await op.post(`/api/loads/${load.id}/check-in`, { at: ago(1) });
    expect(again.body.arrived_at).toBe(res.body.arrived_at);

    const ramp = await newRamp();
    const plan = await op.post('/api/assignments', { ramp_id: ramp.id, load_id: load.id, eta_in: hourFromNow(3), eta_out: hourFromNow(4) });
    expect(plan.body).toMatchObject({ status: { code: 'ARRIVED' }, arrived_at: res.body.arrived_at });
    const after = (await op.get('/api/yard')).body as { load: { id: number }; assignment: { id: number } | null }[];
    expect(after.filter((e) => e.load.id === load.id).map((e) => e.assignment?.id)).toEqual([plan.body.id]);
  });

  it('answers 404 for a missing load and 422 for a bad time or an unknown field', async () => {
    expect((await op.post('/api/loads/999999/check-in', {})).status).toBe(404);
    const load = await newLoad();
    const bad = await op.post(`/api/loads/${load.id}/check-in`, { at: 'yesterday' });
    expect(bad.status).toBe(422);
    expect(bad.body.detail[0].loc).toEqual(['body', 'at']);
    expect((await op.post(`/api/loads/${load.id}/check-in`, { when: ago(1) })).status).toBe(422);
    expect((await op.post('/api/loads/abc/check-in', {})).status).toBe(422);
  });
});

describe('a booking dropped while its truck is on site', () => {
  const lastEvents = async (loadId: number, assignmentId: number) =>
    (
      await s.db.$client`SELECT type FROM board_events
        WHERE (entity = 'load' AND entity_id = ${loadId}) OR (entity = 'assignment' AND entity_id = ${assignmentId}) ORDER BY seq DESC LIMIT 2`
    )
      .map((r) => r.type as string)
      .reverse();
  const yardEntryOf = async (loadId: number) =>
    ((await op.get('/api/yard')).body as { load: { id: number }; assignment: unknown; arrived_at: string }[]).find((e) => e.load.id === loadId);

  it('deleted: the truck goes back to the yard queue with its gate time, after the booking’s own event', async () => {
    const { load, assignment } = await planned(12);
    const at = ago(20);
    await op.post(`/api/loads/${load.id}/check-in`, { at });
    const checkedIn = (await op.get(`/api/assignments/${assignment.id}`)).body;
    const del = await api(s, 'DELETE', `/api/assignments/${assignment.id}?version=${checkedIn.version}`, { token: s.tokens.OPERATOR });
    expect(del.status, JSON.stringify(del.body)).toBeLessThan(300);
    const entry = await yardEntryOf(load.id);
    expect(entry).toMatchObject({ assignment: null });
    expect(Date.parse(entry!.arrived_at)).toBe(Date.parse(at));
    expect(await lastEvents(load.id, assignment.id)).toEqual(['assignment_deleted', 'load_updated']);
    // Planned again, the booking takes that arrival: ARRIVED at the gate time.
    const ramp = await newRamp();
    const again = await op.post('/api/assignments', { ramp_id: ramp.id, load_id: load.id, eta_in: hourFromNow(13), eta_out: hourFromNow(14) });
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    expect(again.body.status.code).toBe('ARRIVED');
    expect(Date.parse(again.body.arrived_at)).toBe(Date.parse(at));
  });

  it('cancelled: the same; a truck that has left, or a booking never checked in, leaves nothing behind', async () => {
    const statuses = (await op.get('/api/statuses')).body as { id: number; code: string }[];
    const cancelled = statuses.find((x) => x.code === 'CANCELLED')!.id;
    const { load, assignment } = await planned(15);
    const at = ago(10);
    const arrived = (await op.post(`/api/loads/${load.id}/check-in`, { at })).body.assignment;
    const res = await api(s, 'PATCH', `/api/assignments/${assignment.id}`, {
      token: s.tokens.OPERATOR,
      body: { version: arrived.version, status_id: cancelled },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(Date.parse((await yardEntryOf(load.id))!.arrived_at)).toBe(Date.parse(at));
    expect(await lastEvents(load.id, assignment.id)).toEqual(['assignment_updated', 'load_updated']);

    const gone = await planned(17);
    await op.post(`/api/loads/${gone.load.id}/check-in`, { at: ago(60) });
    const out = await op.post(`/api/assignments/${gone.assignment.id}/check-out`, {});
    expect(out.status, JSON.stringify(out.body)).toBe(200);
    expect((await api(s, 'DELETE', `/api/assignments/${gone.assignment.id}`, { token: s.tokens.OPERATOR })).status).toBeLessThan(300);
    const never = await planned(19);
    expect((await api(s, 'DELETE', `/api/assignments/${never.assignment.id}`, { token: s.tokens.OPERATOR })).status).toBeLessThan(300);
    for (const l of [gone.load, never.load]) {
      expect(await yardEntryOf(l.id)).toBeUndefined();
      expect((await op.get(`/api/loads/${l.id}`)).body.arrived_at).toBeNull();
    }
  });
});

describe('check-out', () => {
  it('records the departure and completes the assignment; a second check-out keeps the first time', async () => {
    const { load, assignment } = await planned(5);
    await op.post(`/api/loads/${load.id}/check-in`, { at: ago(50) });
    const at = ago(2);
    const out = await op.post(`/api/assignments/${assignment.id}/check-out`, { at });
    expect(out.status, JSON.stringify(out.body)).toBe(200);
    expect(out.body).toMatchObject({ id: assignment.id, status: { code: 'COMPLETED' } });
    expect(Date.parse(out.body.departed_at)).toBe(Date.parse(at));
    expect(Date.parse(out.body.completed_at)).toBe(Date.parse(at));
    const again = await op.post(`/api/assignments/${assignment.id}/check-out`, {});
    expect(again.body.departed_at).toBe(out.body.departed_at);
    expect(again.body.version).toBe(out.body.version);
    expect((await op.get('/api/yard')).body.some((e: { load: { id: number } }) => e.load.id === load.id)).toBe(false);
  });

  it('keeps an earlier completion, refuses a departure before the arrival (422) and answers 404 for a missing assignment', async () => {
    const { load, assignment } = await planned(6);
    await op.post(`/api/loads/${load.id}/check-in`, { at: ago(30) });
    const before = await op.post(`/api/assignments/${assignment.id}/check-out`, { at: ago(40) });
    expect(before.status).toBe(422);
    expect((await op.post('/api/assignments/999999/check-out', {})).status).toBe(404);
  });
});

describe('walk-in', () => {
  it('creates the load checked in at once, in the yard queue and in the backlog of today’s board', async () => {
    const reference = ref('WALK');
    const res = await op.post('/api/loads/walk-in', { reference, direction: 'IB', carrier: 'Van Dijk Transport' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ assignment: null, load: { reference, carrier: 'Van Dijk Transport', planned_arrival: null } });
    expect(res.body.load.arrived_at).toBe(res.body.arrived_at);
    const yard = (await op.get('/api/yard?direction=IB')).body as { load: { reference: string } }[];
    expect(yard.map((e) => e.load.reference)).toContain(reference);
    const board = (await op.get(`/api/board?date=${dayOf(new Date(), 'UTC')}`)).body;
    expect(board.unassigned_loads.map((l: { reference: string }) => l.reference)).toContain(reference);
    expect(board.yard.map((e: { load: { reference: string } }) => e.load.reference)).toContain(reference);
    expect((await op.post('/api/loads/walk-in', { reference, direction: 'IB' })).status).toBe(409);
    const bad = await op.post('/api/loads/walk-in', { direction: 'XX' });
    expect(bad.status).toBe(422);
    expect(bad.body.detail.map((d: { loc: string[] }) => d.loc.join('.'))).toEqual(expect.arrayContaining(['body.reference', 'body.direction']));
  });
});

describe('walk-in with a load type', () => {
  it('keeps the load type on the load, in the answer and in the yard queue', async () => {
    const [type] = (await op.get('/api/load-types')).body as { id: number }[];
    expect(type).toBeDefined();
    const res = await op.post('/api/loads/walk-in', { reference: ref('GWT'), direction: 'IB', load_type_id: type!.id });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.load.load_type_id).toBe(type!.id);
    const entry = ((await op.get('/api/yard')).body as { load: { id: number; load_type_id: number | null } }[]).find((e) => e.load.id === res.body.load.id);
    expect(entry?.load.load_type_id).toBe(type!.id);
  });
});

describe('yard queue', () => {
  it('lists trucks waiting for a door oldest first with waiting_minutes; started, departed and other-direction trucks are not in it', async () => {
    const older = await planned(8);
    const gate = await newLoad();
    const started = await planned(9);
    await op.post(`/api/loads/${older.load.id}/check-in`, { at: ago(45) });
    await op.post(`/api/loads/${gate.id}/check-in`, { at: ago(20) });
    await op.post(`/api/loads/${started.load.id}/check-in`, { at: ago(60) });
    const inProgress = (await op.get('/api/statuses')).body.find((x: { code: string }) => x.code === 'IN_PROGRESS');
    const current = (await op.get(`/api/assignments/${started.assignment.id}`)).body;
    const patch = await api(s, 'PATCH', `/api/assignments/${current.id}`, {
      token: s.tokens.OPERATOR,
      body: { version: current.version, status_id: inProgress.id },
    });
    expect(patch.status).toBe(200);
    const ob = await newLoad('OB');
    await op.post(`/api/loads/${ob.id}/check-in`, { at: ago(90) });

    const yard = (await op.get('/api/yard?direction=IB')).body as { load: { id: number }; waiting_minutes: number; arrived_at: string }[];
    const mine = yard.filter((e) => [older.load.id, gate.id, started.load.id, ob.id].includes(e.load.id));
    expect(mine.map((e) => e.load.id)).toEqual([older.load.id, gate.id]);
    expect(mine.map((e) => e.waiting_minutes)).toEqual([45, 20]);
    const times = yard.map((e) => Date.parse(e.arrived_at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect((await as('SUPERVISOR').get('/api/yard')).body.some((e: { load: { id: number } }) => e.load.id === ob.id)).toBe(true);
    expect((await op.get('/api/yard?direction=XX')).status).toBe(422);
  });
});

describe('call to door', () => {
  it('sets called_at and the assignment_updated event reaches a TV of that direction', async () => {
    const display = await as('ADMIN').post('/api/displays', { name: 'Waiting room', direction: 'IB' });
    const tv = await connectBoard(s.url, { display: display.body.token });
    await tv.until((m) => m.some((x) => x.type === 'caught_up'));
    const { load, ramp, assignment } = await planned(11);
    await op.post(`/api/loads/${load.id}/check-in`, {});
    const called = await op.post(`/api/assignments/${assignment.id}/call`);
    expect(called.status, JSON.stringify(called.body)).toBe(200);
    expect(Math.abs(Date.parse(called.body.called_at) - Date.now())).toBeLessThan(60_000);
    const [event] = await tv.until(
      () => tv.events().some((e) => e.type === 'assignment_updated' && e.data.id === assignment.id && e.data.called_at),
      5_000,
      'the call',
    );
    expect(event).toBeDefined();
    const seen = tv.events().find((e) => e.data.id === assignment.id && e.data.called_at);
    expect(seen.data).toMatchObject({ called_at: called.body.called_at, ramp: { code: ramp.code }, load: { reference: load.reference }, updater: null });
    tv.close();

    const out = await op.post(`/api/assignments/${assignment.id}/check-out`, {});
    expect(out.status).toBe(200);
    expect((await op.post(`/api/assignments/${assignment.id}/call`)).status).toBe(409);
    expect((await op.post('/api/assignments/999999/call')).status).toBe(404);
  });
});

describe('roles', () => {
  it('lets supervisors read the yard but refuses every gate write (403, nothing changed)', async () => {
    const { load, assignment } = await planned(13);
    const visor = as('SUPERVISOR');
    const before = await dbFingerprint(s.db);
    for (const [path, body] of [
      [`/api/loads/${load.id}/check-in`, {}],
      [`/api/assignments/${assignment.id}/check-out`, {}],
      [`/api/assignments/${assignment.id}/call`, undefined],
      ['/api/loads/walk-in', { reference: ref('NOPE'), direction: 'IB' }],
    ] as const) {
      const res = await visor.post(path, body);
      expect(res.status, path).toBe(403);
    }
    expect(await dbFingerprint(s.db)).toBe(before);
    expect((await visor.get('/api/yard')).status).toBe(200);
  });
});
