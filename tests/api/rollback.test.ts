import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, dbFingerprint, startTestServer, type ApiResponse, type TestServer } from '@/tests/support/test-server';

// A write that fails inside its transaction leaves neither a row change nor an
// event: the row write and the event append commit together or not at all.

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.close());

type Assignment = {
  id: number;
  ramp_id: number;
  load_id: number;
  eta_in: string;
  eta_out: string;
  version: number;
  ramp: { kind: string };
  status: { code: string };
};

const OCCUPIED = 'The ramp is already occupied in that time window';
const HOUR = 3_600_000;
const shift = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();

const get = (path: string) => api(s, 'GET', path, { token: s.tokens.SUPERVISOR });
const eventSeq = async () => Number((await s.db.$client<{ seq: string }[]>`SELECT seq FROM event_counter WHERE id = 1`)[0]!.seq);
const historyLength = async (id: number) => (await get(`/api/assignments/${id}/history`)).body.length as number;
const unassignedLoadIds = async () => (await get('/api/loads?unassigned=true')).body.map((l: { id: number }) => l.id) as number[];

/** Runs `send` and checks that the database, the event counter and the event log are exactly as before. */
async function leavesNoTrace(send: () => Promise<ApiResponse>): Promise<ApiResponse> {
  const fingerprint = await dbFingerprint(s.db);
  const seq = await eventSeq();
  const res = await send();
  expect(await eventSeq(), 'event_counter.seq moved').toBe(seq);
  expect(await dbFingerprint(s.db), 'the database changed').toBe(fingerprint);
  return res;
}

/**
 * Runs `work` while board_events refuses events of `type`: the mutation's row
 * write succeeds, then the event append fails inside the same transaction.
 */
async function withEventRejected<T>(type: string, work: () => Promise<T>): Promise<T> {
  const name = `reject_${type}`;
  await s.db.$client.unsafe(`ALTER TABLE board_events ADD CONSTRAINT ${name} CHECK (type <> '${type}') NOT VALID`);
  try {
    return await work();
  } finally {
    await s.db.$client.unsafe(`ALTER TABLE board_events DROP CONSTRAINT ${name}`);
  }
}

/** The injected failure is the server's, not the client's: any error status will do, but never success. */
function expectFailed(res: ApiResponse, what: string) {
  expect(res.status, `${what} answered ${res.status} ${JSON.stringify(res.body)}`).toBeGreaterThanOrEqual(400);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
}

describe('constraint violations roll the whole write back', () => {
  it('refuses an assignment on an occupied ramp window with 409, and writes no row and no event', async () => {
    const all: Assignment[] = (await get('/api/assignments')).body;
    // Loads 1 and 12 are unassigned IB loads; the window must be on a ramp that takes IB.
    const taken = all.find((a) => a.ramp.kind !== 'OB' && a.status.code !== 'CANCELLED')!;
    expect(taken).toBeDefined();
    expect(await unassignedLoadIds()).toEqual(expect.arrayContaining([1, 12]));

    const windows = [
      [taken.eta_in, taken.eta_out],
      [shift(taken.eta_in, HOUR / 2), shift(taken.eta_out, HOUR / 2)],
      [shift(taken.eta_in, -HOUR / 2), shift(taken.eta_in, HOUR / 2)],
    ];
    for (const load_id of [1, 12]) {
      for (const [eta_in, eta_out] of windows) {
        const res = await leavesNoTrace(() =>
          api(s, 'POST', '/api/assignments', { token: s.tokens.OPERATOR, body: { ramp_id: taken.ramp_id, load_id, eta_in, eta_out } }),
        );
        expect(res, `load ${load_id} ${eta_in}–${eta_out}`).toMatchObject({ status: 409, body: { detail: OCCUPIED } });
      }
    }
    expect(await unassignedLoadIds()).toEqual(expect.arrayContaining([1, 12]));
    expect(await historyLength(taken.id)).toBe(1);

    // The load was not consumed: right after the occupied window it can be assigned.
    const later = await api(s, 'POST', '/api/assignments', {
      token: s.tokens.OPERATOR,
      body: { ramp_id: taken.ramp_id, load_id: 1, eta_in: taken.eta_out, eta_out: shift(taken.eta_out, HOUR) },
    });
    expect(later.status).toBe(201);
  });

  it('refuses a PATCH that moves an assignment onto an occupied window with 409, and leaves it as it was', async () => {
    const ib: Assignment[] = (await get('/api/assignments?direction=IB')).body;
    const moving = ib[0]!;
    const elsewhere = ib.find((a) => a.ramp_id !== moving.ramp_id)!;
    const next = ib.find((a) => a.ramp_id === moving.ramp_id && Date.parse(a.eta_in) >= Date.parse(moving.eta_out))!;
    expect(elsewhere).toBeDefined();
    expect(next).toBeDefined();
    const before = (await get(`/api/assignments/${moving.id}`)).body;
    const events = await historyLength(moving.id);

    const changes = [
      { ramp_id: elsewhere.ramp_id, eta_in: elsewhere.eta_in, eta_out: elsewhere.eta_out },
      { eta_out: shift(next.eta_in, HOUR / 2) },
      { eta_in: next.eta_in, eta_out: next.eta_out },
    ];
    for (const change of changes) {
      const res = await leavesNoTrace(() =>
        api(s, 'PATCH', `/api/assignments/${moving.id}`, { token: s.tokens.OPERATOR, body: { version: before.version, ...change } }),
      );
      expect(res, JSON.stringify(change)).toMatchObject({ status: 409, body: { detail: OCCUPIED } });
    }
    expect((await get(`/api/assignments/${moving.id}`)).body).toEqual(before);
    expect(await historyLength(moving.id)).toBe(events);
  });
});

describe('a failure after the row write, inside the transaction, leaves no trace', () => {
  it('POST /api/loads whose load_created event fails: no load, no event, the reference stays free', async () => {
    const body = { reference: 'ROLLBACK-LOAD-1', direction: 'IB', notes: 'must not survive' };
    const res = await withEventRejected('load_created', () => leavesNoTrace(() => api(s, 'POST', '/api/loads', { token: s.tokens.OPERATOR, body })));
    expectFailed(res, 'POST /api/loads');
    const loads = (await get('/api/loads?limit=10000')).body;
    expect(loads.map((l: { reference: string }) => l.reference)).not.toContain(body.reference);
    expect((await s.db.$client`SELECT count(*)::int AS n FROM loads WHERE reference = ${body.reference}`)[0]!.n).toBe(0);

    // Without the injected failure the same request succeeds: the constraint was the only obstacle.
    expect((await api(s, 'POST', '/api/loads', { token: s.tokens.OPERATOR, body })).status).toBe(201);
  });

  it('POST /api/assignments whose assignment_created event fails: no assignment, the load stays unassigned', async () => {
    const body = { ramp_id: 2, load_id: 12, eta_in: '2030-07-03T08:00:00Z', eta_out: '2030-07-03T10:00:00Z' };
    const res = await withEventRejected('assignment_created', () =>
      leavesNoTrace(() => api(s, 'POST', '/api/assignments', { token: s.tokens.OPERATOR, body })),
    );
    expectFailed(res, 'POST /api/assignments');
    expect(await unassignedLoadIds()).toContain(12);
    expect((await api(s, 'POST', '/api/assignments', { token: s.tokens.OPERATOR, body })).status).toBe(201);
  });

  it('PATCH /api/assignments/:id whose assignment_updated event fails: version and fields unchanged', async () => {
    const [a]: Assignment[] = (await get('/api/assignments?direction=OB&limit=1')).body;
    const before = (await get(`/api/assignments/${a!.id}`)).body;
    const events = await historyLength(a!.id);
    const change = { version: before.version, status_id: before.status_id === 4 ? 2 : 4, eta_out: shift(before.eta_out, HOUR / 4) };

    const res = await withEventRejected('assignment_updated', () =>
      leavesNoTrace(() => api(s, 'PATCH', `/api/assignments/${a!.id}`, { token: s.tokens.OPERATOR, body: change })),
    );
    expectFailed(res, 'PATCH /api/assignments/:id');
    const after = (await get(`/api/assignments/${a!.id}`)).body;
    expect(after).toEqual(before);
    expect(after.version).toBe(before.version);
    expect(await historyLength(a!.id)).toBe(events);

    const retried = await api(s, 'PATCH', `/api/assignments/${a!.id}`, { token: s.tokens.OPERATOR, body: change });
    expect(retried).toMatchObject({ status: 200, body: { version: before.version + 1 } });
  });

  it('DELETE /api/assignments/:id whose assignment_deleted event fails: the assignment still exists', async () => {
    const [a]: Assignment[] = (await get('/api/assignments?direction=IB&limit=1')).body;
    const before = (await get(`/api/assignments/${a!.id}`)).body;
    const events = await historyLength(a!.id);

    const res = await withEventRejected('assignment_deleted', () =>
      leavesNoTrace(() => api(s, 'DELETE', `/api/assignments/${a!.id}?version=${before.version}`, { token: s.tokens.OPERATOR })),
    );
    expectFailed(res, 'DELETE /api/assignments/:id');
    expect(await get(`/api/assignments/${a!.id}`)).toMatchObject({ status: 200, body: before });
    expect(await historyLength(a!.id)).toBe(events);
    expect(await unassignedLoadIds()).not.toContain(a!.load_id);

    expect((await api(s, 'DELETE', `/api/assignments/${a!.id}`, { token: s.tokens.OPERATOR })).status).toBe(204);
  });

  it('leaves no injected constraint behind', async () => {
    const rows = await s.db.$client`SELECT conname FROM pg_constraint WHERE conrelid = 'board_events'::regclass AND conname LIKE 'reject_%'`;
    expect(rows).toEqual([]);
  });
});
