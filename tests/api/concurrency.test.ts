import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startTestServer, type TestServer } from '@/tests/support/test-server';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ DATABASE_POOL_SIZE: '20' });
});
afterAll(() => s.close());

const eventsOf = async (id: number) =>
  (await s.db.$client`SELECT type FROM board_events WHERE entity = 'assignment' AND entity_id = ${id} ORDER BY seq`).map((r) => r.type as string);

describe('no lost updates', () => {
  it('50 concurrent PATCHes carrying one version: exactly one 200, 49 × 409, version +1, one event', async () => {
    const [a] = (await api(s, 'GET', '/api/assignments?direction=OB&limit=1', { token: s.tokens.OPERATOR })).body;
    const before = await eventsOf(a.id);
    const tokens = [s.tokens.OPERATOR, s.tokens.ADMIN, await s.tokenFor('operator2@dcdock.com'), await s.tokenFor('operator3@dcdock.com')];
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        api(s, 'PATCH', `/api/assignments/${a.id}`, { token: tokens[i % tokens.length], body: { version: a.version, status_id: (i % 4) + 1 } }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((c) => c === 200)).toHaveLength(1);
    expect(statuses.filter((c) => c === 409)).toHaveLength(49);
    const winner = results.find((r) => r.status === 200)!;
    for (const loser of results.filter((r) => r.status === 409)) {
      expect(loser.body).toMatchObject({ current_version: a.version + 1, provided_version: a.version });
      expect(loser.body.current_data.status_id).toBe(winner.body.status_id);
    }
    const after = await api(s, 'GET', `/api/assignments/${a.id}`, { token: s.tokens.OPERATOR });
    expect(after.body.version).toBe(a.version + 1);
    expect(after.body.status_id).toBe(winner.body.status_id);
    expect(await eventsOf(a.id)).toEqual([...before, 'assignment_updated']);
  });
});

describe('no double booking', () => {
  it('20 concurrent creates of overlapping windows on one ramp: exactly one 201', async () => {
    const loads = await Promise.all(
      Array.from({ length: 20 }, (_, i) => api(s, 'POST', '/api/loads', { token: s.tokens.OPERATOR, body: { reference: `RACE-${i}`, direction: 'IB' } })),
    );
    const results = await Promise.all(
      loads.map((l, i) =>
        api(s, 'POST', '/api/assignments', {
          token: s.tokens.OPERATOR,
          // Every window overlaps 2031-01-01 10:00–10:30.
          body: { ramp_id: 5, load_id: l.body.id, eta_in: `2031-01-01T${String(8 + (i % 3)).padStart(2, '0')}:00:00Z`, eta_out: '2031-01-01T10:30:00Z' },
        }),
      ),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(19);
    for (const r of results.filter((x) => x.status === 409)) expect(r.body.detail).toBe('The ramp is already occupied in that time window');
    const onRamp = await api(s, 'GET', '/api/assignments?ramp_id=5&from=2031-01-01T00:00:00Z&to=2031-01-02T00:00:00Z', { token: s.tokens.OPERATOR });
    expect(onRamp.body).toHaveLength(1);
  });

  it('moving an assignment onto an occupied window gives 409 and changes nothing', async () => {
    const onR5 = (await api(s, 'GET', '/api/assignments?ramp_id=5&to=2031-01-01T00:00:00Z', { token: s.tokens.OPERATOR })).body;
    const onR6 = (await api(s, 'GET', '/api/assignments?ramp_id=6&to=2031-01-01T00:00:00Z', { token: s.tokens.OPERATOR })).body;
    const target = onR5[0];
    const mover = onR6[0];
    const moved = await api(s, 'PATCH', `/api/assignments/${mover.id}`, {
      token: s.tokens.OPERATOR,
      body: { version: mover.version, ramp_id: 5, eta_in: target.eta_in, eta_out: target.eta_out },
    });
    expect(moved.status).toBe(409);
    const after = await api(s, 'GET', `/api/assignments/${mover.id}`, { token: s.tokens.OPERATOR });
    expect(after.body).toEqual(mover);
  });

  it('back-to-back windows [10:00, 11:00) and [11:00, 12:00) do not overlap', async () => {
    const mk = async (ref: string, from: string, to: string) => {
      const load = await api(s, 'POST', '/api/loads', { token: s.tokens.OPERATOR, body: { reference: ref, direction: 'OB' } });
      return api(s, 'POST', '/api/assignments', { token: s.tokens.OPERATOR, body: { ramp_id: 3, load_id: load.body.id, eta_in: from, eta_out: to } });
    };
    expect((await mk('EDGE-1', '2031-02-01T10:00:00Z', '2031-02-01T11:00:00Z')).status).toBe(201);
    expect((await mk('EDGE-2', '2031-02-01T11:00:00Z', '2031-02-01T12:00:00Z')).status).toBe(201);
  });
});
