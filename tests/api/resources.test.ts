import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startTestServer, type TestServer } from '@/tests/support/test-server';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.close());

describe('system endpoints', () => {
  it('answers health and readiness without a token', async () => {
    expect(await api(s, 'GET', '/api/health')).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(await api(s, 'GET', '/api/ready')).toMatchObject({ status: 200, body: { status: 'ready', database: 'ok' } });
  });

  it('publishes an OpenAPI document built from the request schemas, and renders it', async () => {
    const doc = await api(s, 'GET', '/api/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toBe('3.1.0');
    const create = doc.body.paths['/api/assignments'].post;
    expect(create.requestBody.content['application/json'].schema.$ref).toBe('#/components/schemas/AssignmentCreate');
    // SPEC §9: eta_out is optional (a load type's default duration fills it in).
    expect(doc.body.components.schemas.AssignmentCreate.required).toEqual(expect.arrayContaining(['ramp_id', 'load_id', 'eta_in']));
    expect(doc.body.components.schemas.AssignmentCreate.properties.eta_out.description).toMatch(/duration of the load's type/);
    expect(doc.body.paths['/api/assignments/{id}'].patch.responses['409']).toBeDefined();
    const html = await fetch(`${s.url}/api/docs`);
    expect(html.status).toBe(200);
    expect(await html.text()).toContain('/api/openapi.json');
    expect((await fetch(`${s.url}/api/docs/swagger-ui-bundle.js`)).status).toBe(200);
  });

  it('answers unknown API paths with a JSON 404', async () => {
    expect(await api(s, 'GET', '/api/nothing-here')).toMatchObject({ status: 404, body: { detail: 'Not Found' } });
  });
});

describe('users', () => {
  it('returns the signed-in user without a password hash', async () => {
    const me = await api(s, 'GET', '/api/users/me', { token: s.tokens.OPERATOR });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ email: 'operator1@dcdock.com', full_name: 'John Operator', role: 'OPERATOR', is_active: true });
    expect(JSON.stringify(me.body)).not.toMatch(/password/i);
  });

  it('lets an admin create, read, update and delete a user, with or without a trailing slash', async () => {
    const created = await api(s, 'POST', '/api/users/', {
      token: s.tokens.ADMIN,
      body: { email: 'New.Person@Example.com', full_name: 'New Person', password: 'correct horse battery staple', role: 'OPERATOR' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ email: 'New.Person@Example.com', role: 'OPERATOR', is_active: true });
    const id = created.body.id;
    const list = await api(s, 'GET', '/api/users', { token: s.tokens.ADMIN });
    expect(list.body.map((u: { id: number }) => u.id)).toContain(id);
    expect((await api(s, 'GET', `/api/users/${id}/`, { token: s.tokens.ADMIN })).body.full_name).toBe('New Person');

    const dup = await api(s, 'POST', '/api/users', {
      token: s.tokens.ADMIN,
      body: { email: 'new.person@example.com', full_name: 'Other', password: 'correct horse battery staple', role: 'OPERATOR' },
    });
    expect(dup.status).toBe(409);

    const login = await api(s, 'POST', '/api/auth/login', { body: { email: 'new.person@example.com', password: 'correct horse battery staple' } });
    expect(login.status).toBe(200);

    const patched = await api(s, 'PATCH', `/api/users/${id}`, { token: s.tokens.ADMIN, body: { role: 'SUPERVISOR', full_name: 'Renamed' } });
    expect(patched).toMatchObject({ status: 200, body: { role: 'SUPERVISOR', full_name: 'Renamed' } });
    expect((await api(s, 'DELETE', `/api/users/${id}`, { token: s.tokens.ADMIN })).status).toBe(204);
    expect((await api(s, 'GET', `/api/users/${id}`, { token: s.tokens.ADMIN })).status).toBe(404);
  });

  it('refuses an admin deleting or deactivating itself', async () => {
    const me = await api(s, 'GET', '/api/users/me', { token: s.tokens.ADMIN });
    expect((await api(s, 'DELETE', `/api/users/${me.body.id}`, { token: s.tokens.ADMIN })).status).toBe(400);
    expect((await api(s, 'PATCH', `/api/users/${me.body.id}`, { token: s.tokens.ADMIN, body: { is_active: false } })).status).toBe(400);
  });
});

describe('ramps and statuses', () => {
  it('lists the demo ramps R1–R8 and the eight statuses in order (SPEC §9 adds REQUESTED and DECLINED)', async () => {
    const ramps = await api(s, 'GET', '/api/ramps/', { token: s.tokens.SUPERVISOR });
    expect(ramps.body.map((r: { code: string }) => r.code)).toEqual(['R1', 'R2', 'R3', 'R4', 'R5', 'R6', 'R7', 'R8']);
    expect(ramps.body[0]).toMatchObject({ description: 'Ramp 1 - Loading Bay A', is_active: true });
    const statuses = await api(s, 'GET', '/api/statuses', { token: s.tokens.SUPERVISOR });
    expect(statuses.body.map((x: { code: string; color: string }) => `${x.code}:${x.color}`)).toEqual([
      'PLANNED:blue',
      'ARRIVED:cyan',
      'IN_PROGRESS:yellow',
      'DELAYED:orange',
      'COMPLETED:green',
      'CANCELLED:red',
      'REQUESTED:purple',
      'DECLINED:gray',
    ]);
    expect((await api(s, 'GET', `/api/statuses/${statuses.body[0].id}`, { token: s.tokens.OPERATOR })).body.code).toBe('PLANNED');
  });

  it('creates, renames and deletes a ramp; a ramp in use cannot be deleted', async () => {
    const created = await api(s, 'POST', '/api/ramps', { token: s.tokens.ADMIN, body: { code: 'R9', description: 'Overflow', kind: 'IB' } });
    expect(created).toMatchObject({ status: 201, body: { code: 'R9', kind: 'IB', is_active: true, sort_order: 9 } });
    const renamed = await api(s, 'PATCH', `/api/ramps/${created.body.id}`, { token: s.tokens.ADMIN, body: { description: 'Overflow door', is_active: false } });
    expect(renamed.body).toMatchObject({ description: 'Overflow door', is_active: false });
    expect((await api(s, 'POST', '/api/ramps', { token: s.tokens.ADMIN, body: { code: 'R9' } })).status).toBe(409);
    expect((await api(s, 'DELETE', `/api/ramps/${created.body.id}`, { token: s.tokens.ADMIN })).status).toBe(204);
    const inUse = await api(s, 'DELETE', '/api/ramps/5', { token: s.tokens.ADMIN });
    expect(inUse.status).toBe(409);
    expect(inUse.body.detail).toMatch(/assignments/);
  });

  it('creates and edits a status; CANCELLED and the booking flow’s REQUESTED cannot be renamed or deleted', async () => {
    const created = await api(s, 'POST', '/api/statuses', { token: s.tokens.ADMIN, body: { code: 'ON_HOLD', label: 'On hold', color: '#7c3aed' } });
    expect(created).toMatchObject({ status: 201, body: { code: 'ON_HOLD', sort_order: 9 } });
    expect((await api(s, 'PATCH', `/api/statuses/${created.body.id}`, { token: s.tokens.ADMIN, body: { label: 'Held' } })).body.label).toBe('Held');
    expect((await api(s, 'DELETE', `/api/statuses/${created.body.id}`, { token: s.tokens.ADMIN })).status).toBe(204);
    expect((await api(s, 'PATCH', '/api/statuses/6', { token: s.tokens.ADMIN, body: { code: 'VOID' } })).status).toBe(409);
    expect((await api(s, 'DELETE', '/api/statuses/6', { token: s.tokens.ADMIN })).status).toBe(409);
    expect((await api(s, 'PATCH', '/api/statuses/7', { token: s.tokens.ADMIN, body: { code: 'ASKED' } })).status).toBe(409);
    expect((await api(s, 'DELETE', '/api/statuses/7', { token: s.tokens.ADMIN })).status).toBe(409);
  });
});

describe('loads', () => {
  it('filters by direction and by unassigned', async () => {
    const ib = await api(s, 'GET', '/api/loads?direction=IB', { token: s.tokens.SUPERVISOR });
    expect(ib.body.length).toBeGreaterThanOrEqual(8);
    expect(ib.body.every((l: { direction: string }) => l.direction === 'IB')).toBe(true);
    const free = await api(s, 'GET', '/api/loads/?unassigned=true', { token: s.tokens.OPERATOR });
    expect(free.body.map((l: { id: number }) => l.id)).toContain(1);
    expect(free.body.map((l: { id: number }) => l.id)).not.toContain(2);
  });

  it('lets an operator create and edit a load, and stores text verbatim', async () => {
    const notes = `<img src=x onerror=alert(1)> '; DROP TABLE loads; --`;
    const created = await api(s, 'POST', '/api/loads', {
      token: s.tokens.OPERATOR,
      body: { reference: 'IB-TEST-001', direction: 'IB', planned_arrival: '2030-06-12T08:00:00', notes },
    });
    expect(created).toMatchObject({ status: 201, body: { reference: 'IB-TEST-001', notes, planned_arrival: '2030-06-12T08:00:00.000Z' } });
    const got = await api(s, 'GET', `/api/loads/${created.body.id}`, { token: s.tokens.SUPERVISOR });
    expect(got.body.notes).toBe(notes);
    const edited = await api(s, 'PATCH', `/api/loads/${created.body.id}`, {
      token: s.tokens.OPERATOR,
      body: { planned_departure: '2030-06-12T11:00:00+02:00' },
    });
    expect(edited.body.planned_departure).toBe('2030-06-12T09:00:00.000Z');
    const backwards = await api(s, 'PATCH', `/api/loads/${created.body.id}`, { token: s.tokens.OPERATOR, body: { planned_departure: '2030-06-12T07:00:00Z' } });
    expect(backwards.status).toBe(422);
    expect((await api(s, 'DELETE', `/api/loads/${created.body.id}`, { token: s.tokens.OPERATOR })).status).toBe(204);
    expect((await api(s, 'DELETE', '/api/loads/2', { token: s.tokens.OPERATOR })).status).toBe(409);
  });
});

describe('assignments', () => {
  it('lists assignments with the embedded ramp, load, status, creator and updater', async () => {
    const list = await api(s, 'GET', '/api/assignments/', { token: s.tokens.SUPERVISOR });
    expect(list.status).toBe(200);
    expect(list.body.length).toBe(20);
    const a = list.body[0];
    expect(Object.keys(a)).toEqual(
      expect.arrayContaining(['id', 'ramp_id', 'load_id', 'status_id', 'eta_in', 'eta_out', 'version', 'ramp', 'load', 'status', 'creator', 'updater']),
    );
    expect(Object.keys(a.ramp)).toEqual(expect.arrayContaining(['id', 'code', 'description']));
    expect(Object.keys(a.load)).toEqual(expect.arrayContaining(['id', 'reference', 'direction', 'planned_arrival', 'notes']));
    expect(Object.keys(a.status)).toEqual(expect.arrayContaining(['id', 'code', 'label', 'color']));
    expect(Object.keys(a.creator)).toEqual(expect.arrayContaining(['id', 'email', 'full_name']));
    expect(a.eta_in).toMatch(/(Z|[+-]\d\d:\d\d)$/);
  });

  it('filters by direction, time window and paginates', async () => {
    const ob = await api(s, 'GET', '/api/assignments?direction=OB', { token: s.tokens.OPERATOR });
    expect(ob.body.length).toBe(10);
    expect(ob.body.every((a: { load: { direction: string } }) => a.load.direction === 'OB')).toBe(true);
    const window = await api(s, 'GET', '/api/assignments?from=2030-06-12T12:00:00Z&to=2030-06-12T13:00:00Z', { token: s.tokens.OPERATOR });
    for (const a of window.body) {
      expect(Date.parse(a.eta_out)).toBeGreaterThan(Date.parse('2030-06-12T12:00:00Z'));
      expect(Date.parse(a.eta_in)).toBeLessThan(Date.parse('2030-06-12T13:00:00Z'));
    }
    expect(window.body.length).toBeGreaterThan(0);
    expect(window.body.length).toBeLessThan(20);
    const page = await api(s, 'GET', '/api/assignments?skip=5&limit=3', { token: s.tokens.OPERATOR });
    const all = await api(s, 'GET', '/api/assignments', { token: s.tokens.OPERATOR });
    expect(page.body.map((a: { id: number }) => a.id)).toEqual(all.body.slice(5, 8).map((a: { id: number }) => a.id));
  });

  it('creates, updates (PATCH and PUT), records history and deletes', async () => {
    const created = await api(s, 'POST', '/api/assignments', {
      token: s.tokens.OPERATOR,
      body: { ramp_id: 1, load_id: 1, eta_in: '2030-06-13T14:00:00', eta_out: '2030-06-13T16:00:00' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      version: 1,
      status: { code: 'PLANNED' },
      creator: { email: 'operator1@dcdock.com' },
      eta_in: '2030-06-13T14:00:00.000Z',
    });
    const id = created.body.id;

    const patched = await api(s, 'PATCH', `/api/assignments/${id}`, { token: s.tokens.ADMIN, body: { version: 1, status_id: 2 } });
    expect(patched.body).toMatchObject({
      version: 2,
      status: { code: 'ARRIVED' },
      creator: { email: 'operator1@dcdock.com' },
      updater: { email: 'admin@dcdock.com' },
    });
    const put = await api(s, 'PUT', `/api/assignments/${id}/`, { token: s.tokens.OPERATOR, body: { version: 2, eta_out: '2030-06-13T17:00:00Z' } });
    expect(put.body).toMatchObject({ version: 3, eta_out: '2030-06-13T17:00:00.000Z' });

    const stale = await api(s, 'DELETE', `/api/assignments/${id}?version=2`, { token: s.tokens.OPERATOR });
    expect(stale).toMatchObject({ status: 409, body: { current_version: 3, provided_version: 2 } });
    expect((await api(s, 'DELETE', `/api/assignments/${id}?version=3`, { token: s.tokens.OPERATOR })).status).toBe(204);
    expect((await api(s, 'GET', `/api/assignments/${id}`, { token: s.tokens.OPERATOR })).status).toBe(404);

    const history = await api(s, 'GET', `/api/assignments/${id}/history`, { token: s.tokens.SUPERVISOR });
    expect(history.status).toBe(200);
    expect(history.body.map((h: { action: string; user_email: string }) => `${h.action}:${h.user_email}`)).toEqual([
      'CREATE:operator1@dcdock.com',
      'UPDATE:admin@dcdock.com',
      'UPDATE:operator1@dcdock.com',
      'DELETE:operator1@dcdock.com',
    ]);
    expect(history.body[1].changes.status).toEqual({ from: 'PLANNED', to: 'ARRIVED' });
    expect(history.body[1].before.version).toBe(1);
    expect(history.body[1].after.version).toBe(2);
    expect(history.body[3].after).toBeNull();
    expect(history.body[3].before.version).toBe(3);
  });

  it('refuses a ramp that does not take the load direction, and a second live assignment of a load', async () => {
    const wrong = await api(s, 'POST', '/api/assignments', {
      token: s.tokens.OPERATOR,
      body: { ramp_id: 3, load_id: 1, eta_in: '2030-07-01T08:00:00Z', eta_out: '2030-07-01T09:00:00Z' },
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body.detail[0]).toMatchObject({ loc: ['body', 'ramp_id'], type: 'direction_mismatch' });
    // In the operators' words, with the ramp's code (was the trigger's "Direction mismatch: ramp of kind IB cannot take a OB load").
    expect(wrong.body.detail[0].msg).toMatch(/^\S+ takes (inbound|outbound) loads only$/);
    const twice = await api(s, 'POST', '/api/assignments', {
      token: s.tokens.OPERATOR,
      body: { ramp_id: 5, load_id: 2, eta_in: '2030-07-01T08:00:00Z', eta_out: '2030-07-01T09:00:00Z' },
    });
    expect(twice).toMatchObject({ status: 409, body: { detail: 'This load already has an active assignment' } });
  });

  it('frees the window and the load of a cancelled assignment', async () => {
    const [a] = (await api(s, 'GET', '/api/assignments?direction=IB&limit=1', { token: s.tokens.OPERATOR })).body;
    const cancelled = await api(s, 'PATCH', `/api/assignments/${a.id}`, { token: s.tokens.OPERATOR, body: { version: a.version, status_id: 6 } });
    expect(cancelled.status).toBe(200);
    const again = await api(s, 'POST', '/api/assignments', {
      token: s.tokens.OPERATOR,
      body: { ramp_id: a.ramp_id, load_id: a.load_id, eta_in: a.eta_in, eta_out: a.eta_out },
    });
    expect(again.status).toBe(201);
  });

  it('answers 404 for unknown ids on every resource', async () => {
    for (const path of [
      '/api/assignments/999999',
      '/api/assignments/999999/history',
      '/api/loads/999999',
      '/api/ramps/999999',
      '/api/statuses/999999',
      '/api/users/999999',
    ]) {
      expect((await api(s, 'GET', path, { token: s.tokens.ADMIN })).status, path).toBe(404);
    }
    expect((await api(s, 'PATCH', '/api/assignments/999999', { token: s.tokens.ADMIN, body: { version: 1 } })).status).toBe(404);
    expect((await api(s, 'DELETE', '/api/assignments/999999', { token: s.tokens.ADMIN })).status).toBe(404);
  });
});
