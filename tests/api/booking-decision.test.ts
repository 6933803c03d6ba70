import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '@/server/auth/passwords';
import { api, startTestServer, type TestServer } from '@/tests/support/test-server';

// Approve and decline requested bookings (SPEC §9): REST as operators, supervisors and carriers see it.

let s: TestServer;
let statusIds: Record<string, number>;
let carrierId: number;
let carrierToken: string;
beforeAll(async () => {
  s = await startTestServer({ SITE_TIMEZONE: 'UTC' });
  const statuses = (await api(s, 'GET', '/api/statuses', { token: s.tokens.OPERATOR })).body as { id: number; code: string }[];
  statusIds = Object.fromEntries(statuses.map((st) => [st.code, st.id]));
  const [carrier] = await s.db.$client<{ id: number }[]>`INSERT INTO carriers (name) VALUES ('Decision Test Haulage') RETURNING id`;
  const hash = await hashPassword('carrier-password-123');
  await s.db.$client`INSERT INTO users (email, full_name, password_hash, role, carrier_id)
    VALUES ('decision-carrier@example.com', 'Decision Carrier', ${hash}, 'CARRIER', ${carrier!.id})`;
  carrierToken = await s.tokenFor('decision-carrier@example.com');
  carrierId = carrier!.id;
});
afterAll(() => s.close());

let n = 0;
const ref = (prefix: string) => `${prefix}-${++n}`;
const HOUR = 3_600_000;
/** Whole hours from now, so windows on one ramp never touch by accident. */
const at = (h: number) => new Date(Math.floor(Date.now() / HOUR) * HOUR + h * HOUR).toISOString();

type Role = 'ADMIN' | 'OPERATOR' | 'SUPERVISOR';
const as = (role: Role | 'CARRIER') => {
  const token = () => (role === 'CARRIER' ? carrierToken : s.tokens[role]);
  return {
    post: (path: string, body?: unknown) => api(s, 'POST', path, { token: token(), body }),
    get: (path: string) => api(s, 'GET', path, { token: token() }),
  };
};
const op = as('OPERATOR');

async function newRamp() {
  const res = await as('ADMIN').post('/api/ramps', { code: ref('BD'), kind: 'BOTH' });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: number; code: string };
}

/** A requested booking made with the ordinary REST an operator has: a load, then an assignment with status REQUESTED. */
async function requested(h: number, options: { ramp?: { id: number; code: string }; hours?: number; notes?: string } = {}) {
  const ramp = options.ramp ?? (await newRamp());
  const load = await op.post('/api/loads', { reference: ref('IB-REQ'), direction: 'IB', carrier: 'Decision Test Haulage', notes: options.notes ?? null });
  expect(load.status, JSON.stringify(load.body)).toBe(201);
  const res = await op.post('/api/assignments', {
    ramp_id: ramp.id,
    load_id: load.body.id,
    status_id: statusIds.REQUESTED,
    eta_in: at(h),
    eta_out: at(h + (options.hours ?? 1)),
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { ramp, load: load.body, assignment: res.body as { id: number; version: number; status: { code: string } } };
}

const lastEvent = async (id: number) =>
  (
    await s.db.$client<{ type: string; payload: { status: { code: string }; decline_reason?: string | null } }[]>`
      SELECT type, payload FROM board_events WHERE entity = 'assignment' AND entity_id = ${id} ORDER BY seq DESC LIMIT 1`
  )[0];

describe('approve', () => {
  it('makes a requested booking PLANNED (approved) with an assignment_updated event, version-checked', async () => {
    const { assignment, ramp } = await requested(2, { notes: 'Tail lift' });
    expect(assignment.status.code).toBe('REQUESTED');
    const res = await op.post(`/api/booking/requests/${assignment.id}/approve`, { version: assignment.version });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      id: assignment.id,
      version: assignment.version + 1,
      state: 'approved',
      status_code: 'PLANNED',
      ramp_code: ramp.code,
      notes: 'Tail lift',
      carrier_name: 'Decision Test Haulage',
      decline_reason: null,
    });
    expect(await lastEvent(assignment.id)).toMatchObject({ type: 'assignment_updated', payload: { status: { code: 'PLANNED' } } });
    const read = await op.get(`/api/assignments/${assignment.id}`);
    expect(read.body.status.code).toBe('PLANNED');
  });

  it('answers 409 for a stale version, and the booking stays requested', async () => {
    const { assignment } = await requested(4);
    const moved = await api(s, 'PUT', `/api/assignments/${assignment.id}`, {
      token: s.tokens.OPERATOR,
      body: { version: assignment.version, eta_in: at(4.25), eta_out: at(5) },
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    const res = await op.post(`/api/booking/requests/${assignment.id}/approve`, { version: assignment.version });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ current_version: assignment.version + 1, provided_version: assignment.version });
    expect((await op.get(`/api/assignments/${assignment.id}`)).body.status.code).toBe('REQUESTED');
  });

  it('answers 409 in plain words for a booking no longer waiting (approved already, or a plain planned assignment)', async () => {
    const { assignment } = await requested(6);
    const first = await as('ADMIN').post(`/api/booking/requests/${assignment.id}/approve`, { version: assignment.version });
    expect(first.status).toBe(200);
    const again = await op.post(`/api/booking/requests/${assignment.id}/approve`, { version: first.body.version });
    expect(again.status).toBe(409);
    expect(again.body.detail).toBe('This booking is no longer waiting for approval (it is Approved)');
    const decline = await op.post(`/api/booking/requests/${assignment.id}/decline`, { version: first.body.version, reason: 'Too late' });
    expect(decline.status).toBe(409);
    expect(decline.body.detail).toBe('This booking is no longer waiting for approval (it is Approved)');
    expect((await op.get(`/api/assignments/${assignment.id}`)).body).toMatchObject({ version: first.body.version, status: { code: 'PLANNED' } });
  });

  it('lets exactly one of two decisions made at once win; the other is a 409 and nothing else changes', async () => {
    const { assignment } = await requested(14);
    const [approve, decline] = await Promise.all([
      op.post(`/api/booking/requests/${assignment.id}/approve`, { version: assignment.version }),
      as('ADMIN').post(`/api/booking/requests/${assignment.id}/decline`, { version: assignment.version, reason: 'Full that day' }),
    ]);
    expect([approve.status, decline.status].sort()).toEqual([200, 409]);
    const winner = approve.status === 200 ? approve : decline;
    const stored = (await op.get(`/api/assignments/${assignment.id}`)).body;
    expect(stored).toMatchObject({ version: assignment.version + 1, status: { code: winner.body.status_code } });
    const [row] = await s.db.$client`SELECT decline_reason FROM assignments WHERE id = ${assignment.id}`;
    expect(row!.decline_reason).toBe(winner === decline ? 'Full that day' : null);
  });

  it('answers 404 for an assignment that does not exist', async () => {
    const res = await op.post('/api/booking/requests/999999/approve', { version: 1 });
    expect(res.status).toBe(404);
  });
});

describe('decline', () => {
  it('needs a reason: 422 with a field message, and nothing changes', async () => {
    const { assignment } = await requested(8);
    const cases = [
      { body: { version: assignment.version }, msg: 'Field required' },
      { body: { version: assignment.version, reason: '   ' }, msg: 'Say why it is declined: the carrier reads this' },
    ];
    for (const { body, msg } of cases) {
      const res = await op.post(`/api/booking/requests/${assignment.id}/decline`, body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.body.detail).toEqual([expect.objectContaining({ loc: ['body', 'reason'], msg })]);
    }
    const long = await op.post(`/api/booking/requests/${assignment.id}/decline`, { version: assignment.version, reason: 'x'.repeat(501) });
    expect(long.status).toBe(422);
    expect(long.body.detail[0].loc).toEqual(['body', 'reason']);
    expect((await op.get(`/api/assignments/${assignment.id}`)).body).toMatchObject({ version: assignment.version, status: { code: 'REQUESTED' } });
  });

  it('makes it DECLINED with the reason and frees the window for another booking', async () => {
    const { assignment, ramp } = await requested(10);
    // The request holds its window like any live assignment.
    const other = await op.post('/api/loads', { reference: ref('IB-OTHER'), direction: 'IB' });
    const taken = await op.post('/api/assignments', { ramp_id: ramp.id, load_id: other.body.id, eta_in: at(10), eta_out: at(11) });
    expect(taken.status).toBe(409);

    const res = await op.post(`/api/booking/requests/${assignment.id}/decline`, { version: assignment.version, reason: '  Door under repair  ' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ id: assignment.id, state: 'declined', status_code: 'DECLINED', decline_reason: 'Door under repair' });
    expect(await lastEvent(assignment.id)).toMatchObject({ type: 'assignment_updated', payload: { status: { code: 'DECLINED' } } });
    const [row] = await s.db.$client`SELECT decline_reason, cancelled FROM assignments WHERE id = ${assignment.id}`;
    expect(row).toMatchObject({ decline_reason: 'Door under repair', cancelled: true });

    const now = await op.post('/api/assignments', { ramp_id: ramp.id, load_id: other.body.id, eta_in: at(10), eta_out: at(11) });
    expect(now.status, JSON.stringify(now.body)).toBe(201);
  });
});

describe('who may decide', () => {
  it('refuses supervisors and carrier users (403) and changes nothing; supervisors may read the pending list, carriers not', async () => {
    const { assignment } = await requested(12);
    for (const role of ['SUPERVISOR', 'CARRIER'] as const) {
      const approve = await as(role).post(`/api/booking/requests/${assignment.id}/approve`, { version: assignment.version });
      expect(approve.status, role).toBe(403);
      const decline = await as(role).post(`/api/booking/requests/${assignment.id}/decline`, { version: assignment.version, reason: 'No' });
      expect(decline.status, role).toBe(403);
    }
    expect((await op.get(`/api/assignments/${assignment.id}`)).body).toMatchObject({ version: assignment.version, status: { code: 'REQUESTED' } });
    expect((await as('SUPERVISOR').get('/api/booking/pending')).status).toBe(200);
    expect((await as('CARRIER').get('/api/booking/pending')).status).toBe(403);
    expect((await api(s, 'GET', '/api/booking/pending')).status).toBe(401);
  });
});

describe('pending list', () => {
  it('lists every requested booking that has not ended, soonest first, as bookings; decided and past ones are not in it', async () => {
    const later = await requested(30, { notes: 'Later one' });
    const sooner = await requested(26);
    const decided = await requested(28);
    await op.post(`/api/booking/requests/${decided.assignment.id}/approve`, { version: decided.assignment.version });
    // Ended an hour ago without a decision: history, not a request.
    const past = await requested(-3, { hours: 2 });
    // Still running: its window has not ended.
    const running = await requested(-1, { hours: 3 });

    const res = await op.get('/api/booking/pending');
    expect(res.status).toBe(200);
    const items = res.body.items as { id: number; eta_in: string }[];
    const ids = items.map((b) => b.id);
    const ours = [running, sooner, later].map((r) => r.assignment.id);
    expect(ids.filter((id) => ours.includes(id))).toEqual(ours);
    expect(ids).not.toContain(decided.assignment.id);
    expect(ids).not.toContain(past.assignment.id);
    for (let i = 1; i < items.length; i++) expect(Date.parse(items[i]!.eta_in)).toBeGreaterThanOrEqual(Date.parse(items[i - 1]!.eta_in));
    expect(items.find((b) => b.id === later.assignment.id)).toEqual({
      id: later.assignment.id,
      version: later.assignment.version,
      state: 'requested',
      status_code: 'REQUESTED',
      reference: later.load.reference,
      direction: 'IB',
      load_id: later.load.id,
      load_type_id: null,
      load_type_name: null,
      ramp_id: later.ramp.id,
      ramp_code: later.ramp.code,
      eta_in: at(30),
      eta_out: at(31),
      notes: 'Later one',
      truck_plate: null,
      // The carrier typed by name is that carrier (server/loads/loads.ts).
      carrier_id: carrierId,
      carrier_name: 'Decision Test Haulage',
      decline_reason: null,
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
  });
});
