import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionResult } from '@/lib/action-result';
import type { Assignment } from '@/lib/schemas/assignments';
import type { Role } from '@/lib/schemas/users';
import { createRampSpec, deleteRampSpec, updateRampSpec } from '@/server/actions/admin-actions';
import { createAssignmentSpec, deleteAssignmentSpec, updateAssignmentSpec } from '@/server/actions/assignment-actions';
import { defineAction, noInput, runAction, type ActionDeps } from '@/server/actions/run-action';
import type { Actor } from '@/server/auth/actor';
import { createDb, type Db } from '@/server/db/client';
import { createLogger } from '@/server/logger';
import { api, DEMO, startTestServer, type TestServer } from '@/tests/support/test-server';

// The runner behind every server action, against the real database and, for comparison, the real REST API.
let server: TestServer;
let deps: ActionDeps;
const actors = {} as Record<Role, Actor>;
let keys = 0;
const key = () => `run-action-test-${process.pid}-${++keys}`;
const as = (role: Role) => async () => actors[role];

beforeAll(async () => {
  server = await startTestServer();
  deps = { db: server.db, config: { requestDeadlineMs: 5_000 }, logger: createLogger('silent') };
  for (const [role, email] of Object.entries(DEMO) as [Role, string][]) {
    const [u] = await server.db.$client<{ id: number; email: string; full_name: string; token_version: number }[]>`
      SELECT id, email, full_name, token_version FROM users WHERE email = ${email}`;
    actors[role] = { id: u!.id, email: u!.email, fullName: u!.full_name, role, tokenVersion: u!.token_version };
  }
});
afterAll(() => server.close());

const ok = <T>(result: ActionResult<T>): T => {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result)}`);
  return result.value;
};

async function freshAssignment(hour: number): Promise<Assignment> {
  const ramp = ok(
    await runAction(deps, as('ADMIN'), createRampSpec, { input: { code: `RA${hour}-${process.pid % 1000}`, kind: 'BOTH' }, idempotencyKey: key() }),
  );
  const load = await api(server, 'POST', '/api/loads', { token: server.tokens.ADMIN, body: { reference: `RA-${hour}-${Date.now()}`, direction: 'IB' } });
  const at = (h: number) => `2031-01-0${1 + (hour % 8)}T${String(h).padStart(2, '0')}:00:00Z`;
  return ok(
    await runAction(deps, as('OPERATOR'), createAssignmentSpec, {
      input: { ramp_id: ramp.id, load_id: load.body.id, eta_in: at(8), eta_out: at(10) },
      idempotencyKey: key(),
    }),
  );
}

const versionOf = async (id: number) => (await server.db.$client<{ version: number }[]>`SELECT version FROM assignments WHERE id = ${id}`)[0]?.version;

describe('server action runner', () => {
  it('an operator saves a change; a retry with the same key answers the same and changes nothing', async () => {
    const a = await freshAssignment(1);
    const call = { id: a.id, input: { version: 1, status_id: 2 }, idempotencyKey: key() };
    const first = ok(await runAction(deps, as('OPERATOR'), updateAssignmentSpec, call));
    expect(first).toMatchObject({ id: a.id, version: 2, status_id: 2 });
    expect(await runAction(deps, as('OPERATOR'), updateAssignmentSpec, call)).toEqual({ ok: true, value: first });
    expect(await versionOf(a.id)).toBe(2);
    // The same key for another change is refused, as the REST API refuses it.
    const reused = await runAction(deps, as('OPERATOR'), updateAssignmentSpec, { ...call, input: { version: 2, status_id: 3 } });
    expect(reused).toMatchObject({
      ok: false,
      kind: 'invalid',
      status: 422,
      message: 'Idempotency-Key: This Idempotency-Key was already used for a different request',
    });
  });

  it('a change based on an old version answers a conflict with the current assignment; so does a deletion', async () => {
    const a = await freshAssignment(2);
    ok(await runAction(deps, as('OPERATOR'), updateAssignmentSpec, { id: a.id, input: { version: 1, status_id: 2 }, idempotencyKey: key() }));
    const stale = await runAction(deps, as('OPERATOR'), updateAssignmentSpec, { id: a.id, input: { version: 1, status_id: 3 }, idempotencyKey: key() });
    expect(stale).toMatchObject({ ok: false, kind: 'conflict', status: 409, current: { id: a.id, version: 2, status_id: 2 } });
    const gone = await runAction(deps, as('OPERATOR'), deleteAssignmentSpec, { id: a.id, input: { version: 1 }, idempotencyKey: key() });
    expect(gone).toMatchObject({ ok: false, kind: 'conflict', current: { version: 2 } });
    expect(ok(await runAction(deps, as('OPERATOR'), deleteAssignmentSpec, { id: a.id, input: { version: 2 }, idempotencyKey: key() }))).toMatchObject({
      id: a.id,
    });
    expect(await versionOf(a.id)).toBeUndefined();
  });

  it('a supervisor is refused and a signed-out caller is told so; nothing changes', async () => {
    const a = await freshAssignment(3);
    const call = { id: a.id, input: { version: 1, status_id: 2 }, idempotencyKey: key() };
    expect(await runAction(deps, as('SUPERVISOR'), updateAssignmentSpec, call)).toEqual({
      ok: false,
      kind: 'refused',
      status: 403,
      message: 'You do not have permission to do this',
    });
    expect(await runAction(deps, as('OPERATOR'), createRampSpec, { input: { code: 'NOPE' } })).toMatchObject({ ok: false, status: 403 });
    expect(await runAction(deps, async () => null, updateAssignmentSpec, call)).toMatchObject({ ok: false, kind: 'signed-out', status: 401 });
    expect(await versionOf(a.id)).toBe(1);
  });

  it('refuses bad input field by field, in the words of the REST API', async () => {
    const a = await freshAssignment(4);
    const bad = { version: 1, eta_in: a.eta_out, eta_out: a.eta_in, ramp_id: 'x', colour: 'red' };
    const result = await runAction(deps, as('OPERATOR'), updateAssignmentSpec, { id: a.id, input: bad, idempotencyKey: key() });
    const rest = await api(server, 'PATCH', `/api/assignments/${a.id}`, { token: server.tokens.OPERATOR, body: bad });
    expect(rest.status).toBe(422);
    expect(result).toMatchObject({ ok: false, kind: 'invalid', status: 422 });
    if (result.ok || result.kind !== 'invalid') return;
    expect(result.issues.map((i) => [i.loc, i.msg])).toEqual(rest.body.detail.map((d: { loc: unknown; msg: string }) => [d.loc, d.msg]));
    expect(result.fieldErrors.ramp_id).toBe(rest.body.detail.find((d: { loc: string[] }) => d.loc[1] === 'ramp_id').msg);
    const badId = await runAction(deps, as('ADMIN'), deleteRampSpec, { id: 'abc', idempotencyKey: key() });
    expect(badId).toMatchObject({ ok: false, kind: 'invalid', issues: [{ loc: ['path', 'id'], msg: 'Input should be a valid integer' }] });
  });

  it('answers the REST API’s refusals as messages with their status, and replays them', async () => {
    const ramp = ok(await runAction(deps, as('ADMIN'), createRampSpec, { input: { code: `DUP-${process.pid % 1000}` }, idempotencyKey: key() }));
    const call = { input: { code: ramp.code }, idempotencyKey: key() };
    const dup = await runAction(deps, as('ADMIN'), createRampSpec, call);
    expect(dup).toEqual({ ok: false, kind: 'refused', status: 409, message: 'A ramp with this code already exists' });
    expect(await runAction(deps, as('ADMIN'), createRampSpec, call)).toEqual(dup);
    expect(await runAction(deps, as('ADMIN'), updateRampSpec, { id: 999_999, input: { is_active: false } })).toEqual({
      ok: false,
      kind: 'refused',
      status: 404,
      message: 'Ramp not found',
    });
  });

  it('a lost database is a retryable "unavailable", never a thrown error', async () => {
    const lost: Db = createDb('postgres://nobody@127.0.0.1:1/none', 1);
    const lostDeps = { ...deps, db: lost };
    try {
      const result = await runAction(lostDeps, as('ADMIN'), createRampSpec, { input: { code: 'LOST' }, idempotencyKey: key() });
      expect(result).toMatchObject({ ok: false, kind: 'unavailable', status: 503, retryAfterMs: 2_000 });
      // The actor cannot be resolved either: the same answer.
      const noActor = await runAction(
        lostDeps,
        () => Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })),
        createRampSpec,
        { input: {} },
      );
      expect(noActor).toMatchObject({ ok: false, kind: 'unavailable', status: 503 });
    } finally {
      await lost.$client.end({ timeout: 1 });
    }
  });

  it('answers "outcome unknown" past the deadline, and an unexpected error as a 500 result', async () => {
    const slow = defineAction({ name: 'test.slow', input: noInput, handler: () => new Promise<void>((r) => setTimeout(r, 2_000)) });
    const late = await runAction({ ...deps, config: { requestDeadlineMs: 100 } }, as('ADMIN'), slow, {});
    expect(late).toMatchObject({ ok: false, kind: 'unavailable', status: 503, outcomeUnknown: true });
    const broken = defineAction({ name: 'test.broken', input: noInput, handler: () => Promise.reject(new Error('bug')) });
    expect(await runAction(deps, as('ADMIN'), broken, {})).toEqual({ ok: false, kind: 'refused', status: 500, message: 'Internal Server Error' });
  });
});
