import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '@/lib/schemas/users';
import { updateMeSpec } from '@/server/actions/account-actions';
import { runAction, type ActionDeps } from '@/server/actions/run-action';
import type { Actor } from '@/server/auth/actor';
import { createLogger } from '@/server/logger';
import { api, dbFingerprint, DEMO, startTestServer, type TestServer } from '@/tests/support/test-server';

// SPEC §9: supervisors (and operators, admins) subscribe themselves to overdue alerts: PATCH /api/users/me and the account menu's action.

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.close());

const me = (role: Role) => api(s, 'GET', '/api/users/me', { token: s.tokens[role] });
const patchMe = (role: Role, body: unknown) => api(s, 'PATCH', '/api/users/me', { token: s.tokens[role], body });
type EventRow = { type: string; actor_id: number | null; payload: { overdue_alerts: boolean }; before: { overdue_alerts: boolean } | null };
const userEvents = async (id: number) =>
  s.db.$client<EventRow[]>`SELECT type, actor_id, payload, before FROM board_events WHERE entity = 'user' AND entity_id = ${id} ORDER BY seq`;
const tokenVersion = async (id: number) => (await s.db.$client<{ v: number }[]>`SELECT token_version AS v FROM users WHERE id = ${id}`)[0]!.v;

describe('PATCH /api/users/me', () => {
  it('lets a supervisor turn overdue alerts on and off; GET shows it; the same token keeps working; each change is a user event', async () => {
    const before = await me('SUPERVISOR');
    expect(before.body).toMatchObject({ email: DEMO.SUPERVISOR, overdue_alerts: false });
    const id = before.body.id as number;
    const version = await tokenVersion(id);
    const events = (await userEvents(id)).length;

    const on = await patchMe('SUPERVISOR', { overdue_alerts: true });
    expect(on.status, JSON.stringify(on.body)).toBe(200);
    // The User as GET /api/users/me answers it.
    expect(on.body).toEqual({ ...before.body, overdue_alerts: true, updated_at: on.body.updated_at });
    expect((await me('SUPERVISOR')).body).toEqual(on.body);

    const off = await patchMe('SUPERVISOR', { overdue_alerts: false });
    expect(off.status).toBe(200);
    expect(off.body.overdue_alerts).toBe(false);
    expect((await me('SUPERVISOR')).body).toMatchObject({ overdue_alerts: false });

    // Not signed out: the token from before still answers, and no token version was raised.
    expect((await me('SUPERVISOR')).status).toBe(200);
    expect(await tokenVersion(id)).toBe(version);

    const appended = (await userEvents(id)).slice(events);
    expect(appended.map((e) => [e.type, e.actor_id, e.before?.overdue_alerts, e.payload.overdue_alerts])).toEqual([
      ['user_updated', id, false, true],
      ['user_updated', id, true, false],
    ]);
  });

  it('is open to operators and admins too', async () => {
    for (const role of ['OPERATOR', 'ADMIN'] as const) {
      expect((await patchMe(role, { overdue_alerts: true })).body, role).toMatchObject({ email: DEMO[role], overdue_alerts: true });
      expect((await patchMe(role, { overdue_alerts: false })).body.overdue_alerts, role).toBe(false);
      expect((await me(role)).status, role).toBe(200);
    }
  });

  it('takes overdue_alerts only: any other field, a missing or a non-boolean value is 422 and changes nothing', async () => {
    const fingerprint = await dbFingerprint(s.db);
    for (const body of [
      { overdue_alerts: true, full_name: 'Someone else' },
      { overdue_alerts: true, role: 'ADMIN' },
      { email: 'new@dcdock.com' },
      { password: 'amber-kettle-Orbit-51' },
      { is_active: false },
      {},
      { overdue_alerts: 'yes' },
    ]) {
      const res = await patchMe('SUPERVISOR', body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(Array.isArray(res.body.detail)).toBe(true);
    }
    const extra = await patchMe('SUPERVISOR', { overdue_alerts: true, role: 'ADMIN' });
    expect(extra.body.detail[0].msg).toBe('Extra inputs are not permitted: role');
    expect(await dbFingerprint(s.db)).toBe(fingerprint);
    expect((await me('SUPERVISOR')).body).toMatchObject({ role: 'SUPERVISOR', overdue_alerts: false });
  });

  it('refuses a carrier user (403, nothing changed): carriers get no overdue alerts', async () => {
    const fingerprint = await dbFingerprint(s.db);
    const res = await patchMe('CARRIER', { overdue_alerts: true });
    expect(res.status).toBe(403);
    expect(typeof res.body.detail).toBe('string');
    expect(await dbFingerprint(s.db)).toBe(fingerprint);
    expect((await me('CARRIER')).body).toMatchObject({ role: 'CARRIER', overdue_alerts: false });
  });

  it('needs a sign-in', async () => {
    expect((await api(s, 'PATCH', '/api/users/me', { body: { overdue_alerts: true } })).status).toBe(401);
  });
});

describe('the account menu action (users.update-me)', () => {
  let deps: ActionDeps;
  const actors = {} as Record<Role, Actor>;
  let keys = 0;
  const key = () => `users-me-test-${process.pid}-${++keys}`;
  const as = (role: Role) => async () => actors[role];

  beforeAll(async () => {
    deps = { db: s.db, config: { requestDeadlineMs: 5_000 }, logger: createLogger('silent') };
    for (const [role, email] of Object.entries(DEMO) as [Role, string][]) {
      const [u] = await s.db.$client<{ id: number; email: string; full_name: string; token_version: number; carrier_id: number | null }[]>`
        SELECT id, email, full_name, token_version, carrier_id FROM users WHERE email = ${email}`;
      actors[role] = { id: u!.id, email: u!.email, fullName: u!.full_name, role, tokenVersion: u!.token_version, carrierId: u!.carrier_id };
    }
  });

  it('saves the caller’s own setting, which the API then shows', async () => {
    const on = await runAction(deps, as('SUPERVISOR'), updateMeSpec, { input: { overdue_alerts: true }, idempotencyKey: key() });
    expect(on).toMatchObject({ ok: true, value: { email: DEMO.SUPERVISOR, overdue_alerts: true } });
    expect((await me('SUPERVISOR')).body.overdue_alerts).toBe(true);
    const off = await runAction(deps, as('SUPERVISOR'), updateMeSpec, { input: { overdue_alerts: false }, idempotencyKey: key() });
    expect(off).toMatchObject({ ok: true, value: { overdue_alerts: false } });
    expect((await me('SUPERVISOR')).status).toBe(200);
  });

  it('refuses a carrier user and any other field, changing nothing', async () => {
    const fingerprint = await dbFingerprint(s.db);
    const carrier = await runAction(deps, as('CARRIER'), updateMeSpec, { input: { overdue_alerts: true }, idempotencyKey: key() });
    expect(carrier).toMatchObject({ ok: false, status: 403 });
    const extra = await runAction(deps, as('SUPERVISOR'), updateMeSpec, { input: { overdue_alerts: true, role: 'ADMIN' }, idempotencyKey: key() });
    expect(extra).toMatchObject({ ok: false, kind: 'invalid', status: 422 });
    expect(await dbFingerprint(s.db)).toBe(fingerprint);
  });
});
