import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, dbFingerprint, startTestServer, type TestServer } from '@/tests/support/test-server';

// SPEC §9: carriers (admin CRUD), carrier users, and loads that belong to a carrier.

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.close());

let n = 0;
const name = (prefix = 'Carrier') => `${prefix} ${Date.now() % 1e6}-${++n}`;
const asAdmin = (method: string, path: string, body?: unknown) => api(s, method, path, { token: s.tokens.ADMIN, body });
const password = 'amber-kettle-Orbit-51';
const fieldOf = (res: { body: { detail: { loc: string[]; msg: string }[] } }, field: string) =>
  Array.isArray(res.body.detail) ? res.body.detail.find((d) => d.loc.at(-1) === field)?.msg : undefined;

describe('carriers', () => {
  it('are created, listed, read, changed and deleted by admins', async () => {
    const created = await asAdmin('POST', '/api/carriers', { name: `  ${name('Acme')}  `, contact_email: 'desk@acme.example' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ contact_email: 'desk@acme.example', auto_approve: false, is_active: true });
    expect(created.body.name).toMatch(/^Acme /);
    const id = created.body.id;

    const list = await api(s, 'GET', '/api/carriers', { token: s.tokens.OPERATOR });
    expect(list.status).toBe(200);
    expect(list.body.map((c: { id: number }) => c.id)).toContain(id);
    // The demo carriers are there too.
    expect(list.body.map((c: { name: string }) => c.name)).toEqual(expect.arrayContaining(['Nordline Freight', 'Baltic Haulage']));
    expect((await api(s, 'GET', `/api/carriers/${id}`, { token: s.tokens.SUPERVISOR })).body).toEqual(created.body);

    const changed = await asAdmin('PATCH', `/api/carriers/${id}`, { auto_approve: true, contact_email: '' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ id, auto_approve: true, contact_email: null, is_active: true });

    expect((await asAdmin('DELETE', `/api/carriers/${id}`)).status).toBe(204);
    expect((await asAdmin('GET', `/api/carriers/${id}`)).status).toBe(404);
    expect((await asAdmin('DELETE', `/api/carriers/${id}`)).status).toBe(404);
  });

  it('refuse a duplicate name (whatever its case) with 409, and bad input with 422 on the field', async () => {
    const first = await asAdmin('POST', '/api/carriers', { name: name('Dup') });
    const dup = await asAdmin('POST', '/api/carriers', { name: first.body.name.toUpperCase() });
    expect(dup.status).toBe(409);
    expect(dup.body.detail).toBe('A carrier with this name already exists');
    const other = await asAdmin('POST', '/api/carriers', { name: name('Other') });
    expect((await asAdmin('PATCH', `/api/carriers/${other.body.id}`, { name: first.body.name })).status).toBe(409);

    const blank = await asAdmin('POST', '/api/carriers', { name: '  ' });
    expect(blank.status).toBe(422);
    expect(fieldOf(blank, 'name')).toBe('Field required');
    const email = await asAdmin('POST', '/api/carriers', { name: name(), contact_email: 'not an address' });
    expect(email.status).toBe(422);
    expect(fieldOf(email, 'contact_email')).toBe('Input should be a valid email address');
  });

  it('that loads or users belong to are deactivated, not deleted (409 says so), and keep their data', async () => {
    const withLoad = (await asAdmin('POST', '/api/carriers', { name: name('Busy') })).body;
    await asAdmin('POST', '/api/loads', { reference: name('BUSY').replace(' ', '-'), direction: 'IB', carrier_id: withLoad.id });
    const withUser = (await asAdmin('POST', '/api/carriers', { name: name('Staffed') })).body;
    const user = await asAdmin('POST', '/api/users', {
      email: `staffed.${++n}@example.com`,
      full_name: 'Staffed Carrier',
      password,
      role: 'CARRIER',
      carrier_id: withUser.id,
    });
    expect(user.status).toBe(201);
    for (const c of [withLoad, withUser]) {
      const before = await dbFingerprint(s.db);
      const refused = await asAdmin('DELETE', `/api/carriers/${c.id}`);
      expect(refused.status).toBe(409);
      expect(refused.body.detail).toBe('Loads or users belong to this carrier; deactivate it instead');
      expect(await dbFingerprint(s.db)).toBe(before);
      const off = await asAdmin('PATCH', `/api/carriers/${c.id}`, { is_active: false });
      expect(off.body.is_active).toBe(false);
    }
  });

  it('are managed by admins only: operators and supervisors get 403 and nothing changes', async () => {
    const c = (await asAdmin('POST', '/api/carriers', { name: name() })).body;
    const before = await dbFingerprint(s.db);
    for (const role of ['OPERATOR', 'SUPERVISOR'] as const) {
      const token = s.tokens[role];
      expect((await api(s, 'POST', '/api/carriers', { token, body: { name: name() } })).status).toBe(403);
      expect((await api(s, 'PATCH', `/api/carriers/${c.id}`, { token, body: { auto_approve: true } })).status).toBe(403);
      expect((await api(s, 'DELETE', `/api/carriers/${c.id}`, { token })).status).toBe(403);
    }
    expect((await api(s, 'GET', '/api/carriers', { token: s.tokens.CARRIER })).status).toBe(403);
    expect(await dbFingerprint(s.db)).toBe(before);
  });

  it('renamed: their loads show the new name', async () => {
    const c = (await asAdmin('POST', '/api/carriers', { name: name('Old') })).body;
    const load = (await asAdmin('POST', '/api/loads', { reference: `REN-${++n}-${Date.now() % 1e6}`, direction: 'OB', carrier_id: c.id })).body;
    expect(load.carrier).toBe(c.name);
    const renamed = (await asAdmin('PATCH', `/api/carriers/${c.id}`, { name: name('New') })).body;
    expect((await asAdmin('GET', `/api/loads/${load.id}`)).body.carrier).toBe(renamed.name);
  });
});

describe('users with carriers', () => {
  it('a carrier user needs a carrier; staff may not have one (422 on carrier_id)', async () => {
    const c = (await asAdmin('POST', '/api/carriers', { name: name() })).body;
    const base = { full_name: 'Carrier User', password };
    const none = await asAdmin('POST', '/api/users', { ...base, email: `cu.${++n}@example.com`, role: 'CARRIER' });
    expect(none.status).toBe(422);
    expect(fieldOf(none, 'carrier_id')).toBe('A carrier user needs a carrier');
    const staff = await asAdmin('POST', '/api/users', { ...base, email: `cu.${++n}@example.com`, role: 'OPERATOR', carrier_id: c.id });
    expect(staff.status).toBe(422);
    expect(fieldOf(staff, 'carrier_id')).toBe('Only carrier users belong to a carrier');
    const missing = await asAdmin('POST', '/api/users', { ...base, email: `cu.${++n}@example.com`, role: 'CARRIER', carrier_id: 999_999 });
    expect(missing.status).toBe(422);
    expect(fieldOf(missing, 'carrier_id')).toBe('Carrier does not exist');

    const ok = await asAdmin('POST', '/api/users', { ...base, email: `cu.${++n}@example.com`, role: 'CARRIER', carrier_id: c.id });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ role: 'CARRIER', carrier_id: c.id, overdue_alerts: false });
    expect(ok.body).not.toHaveProperty('password_hash');
  });

  it('a carrier user becomes staff (its carrier cleared) and back; a carrier cannot be given to staff by itself (422)', async () => {
    const c = (await asAdmin('POST', '/api/carriers', { name: name() })).body;
    const u = (await asAdmin('POST', '/api/users', { email: `sw.${++n}@example.com`, full_name: 'Switch', password, role: 'CARRIER', carrier_id: c.id })).body;
    const staff = await asAdmin('PATCH', `/api/users/${u.id}`, { role: 'SUPERVISOR' });
    expect(staff.status).toBe(200);
    expect(staff.body).toMatchObject({ role: 'SUPERVISOR', carrier_id: null });
    const given = await asAdmin('PATCH', `/api/users/${u.id}`, { carrier_id: c.id });
    expect(given.status).toBe(422);
    expect(fieldOf(given, 'carrier_id')).toBeTruthy();
    const bare = await asAdmin('PATCH', `/api/users/${u.id}`, { role: 'CARRIER' });
    expect(bare.status).toBe(422);
    const back = await asAdmin('PATCH', `/api/users/${u.id}`, { role: 'CARRIER', carrier_id: c.id });
    expect(back.body).toMatchObject({ role: 'CARRIER', carrier_id: c.id });
  });

  it('overdue_alerts is set on create and update, and shown', async () => {
    const u = await asAdmin('POST', '/api/users', {
      email: `oa.${++n}@example.com`,
      full_name: 'Alert Me',
      password,
      role: 'SUPERVISOR',
      overdue_alerts: true,
    });
    expect(u.body).toMatchObject({ overdue_alerts: true, carrier_id: null });
    const off = await asAdmin('PATCH', `/api/users/${u.body.id}`, { overdue_alerts: false });
    expect(off.body.overdue_alerts).toBe(false);
    expect((await asAdmin('PATCH', `/api/users/${u.body.id}`, { overdue_alerts: 'yes' })).status).toBe(422);
  });

  it('moving a carrier user to another carrier signs it out everywhere (its token stops working)', async () => {
    const [a, b] = [(await asAdmin('POST', '/api/carriers', { name: name() })).body, (await asAdmin('POST', '/api/carriers', { name: name() })).body];
    const email = `mv.${++n}@example.com`;
    await asAdmin('POST', '/api/users', { email, full_name: 'Mover', password, role: 'CARRIER', carrier_id: a.id });
    const token = await s.tokenFor(email);
    expect((await api(s, 'GET', '/api/users/me', { token })).status).toBe(200);
    const user = (await api(s, 'GET', '/api/users/me', { token })).body;
    await asAdmin('PATCH', `/api/users/${user.id}`, { carrier_id: b.id });
    expect((await api(s, 'GET', '/api/users/me', { token })).status).toBe(401);
  });
});

describe('loads with carriers', () => {
  it('carrier_id sets the carrier to its name; truck_plate is kept; both come back everywhere', async () => {
    const c = (await asAdmin('POST', '/api/carriers', { name: name('Plate') })).body;
    const created = await asAdmin('POST', '/api/loads', {
      reference: `PL-${++n}-${Date.now() % 1e6}`,
      direction: 'IB',
      carrier: 'typed by hand',
      carrier_id: c.id,
      truck_plate: '  KA 12 345 ',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ carrier_id: c.id, carrier: c.name, truck_plate: 'KA 12 345' });

    const a = await asAdmin('POST', '/api/assignments', {
      ramp_id: 1,
      load_id: created.body.id,
      eta_in: '2038-01-04T08:00:00Z',
      eta_out: '2038-01-04T09:00:00Z',
    });
    expect(a.status).toBe(201);
    expect(a.body.load).toMatchObject({ carrier_id: c.id, carrier: c.name, truck_plate: 'KA 12 345' });
    expect(a.body.decline_reason).toBeNull();

    // A carrier typed as text names the carrier: another name unlinks the load, a carrier's own name (any case) links it.
    const typed = await asAdmin('PATCH', `/api/loads/${created.body.id}`, { carrier: 'something else', notes: 'x' });
    expect(typed.body).toMatchObject({ carrier_id: null, carrier: 'something else' });
    const relinked = await asAdmin('PATCH', `/api/loads/${created.body.id}`, { carrier: c.name.toUpperCase() });
    expect(relinked.body).toMatchObject({ carrier_id: c.id, carrier: c.name });
    const made = await asAdmin('POST', '/api/loads', { reference: `PT-${++n}-${Date.now() % 1e6}`, direction: 'OB', carrier: ` ${c.name.toLowerCase()}` });
    expect(made.body).toMatchObject({ carrier_id: c.id, carrier: c.name });

    // Cleared: no carrier, the text as given; the plate blanked is none.
    const cleared = await asAdmin('PATCH', `/api/loads/${created.body.id}`, { carrier_id: null, carrier: 'Walk-in haulier', truck_plate: ' ' });
    expect(cleared.body).toMatchObject({ carrier_id: null, carrier: 'Walk-in haulier', truck_plate: null });
  });

  it('refuses a carrier that does not exist, and a plate too long (422 on the field)', async () => {
    const missing = await asAdmin('POST', '/api/loads', { reference: `PX-${++n}-${Date.now() % 1e6}`, direction: 'IB', carrier_id: 999_999 });
    expect(missing.status).toBe(422);
    expect(fieldOf(missing, 'carrier_id')).toBe('Carrier does not exist');
    const plate = await asAdmin('POST', '/api/loads', { reference: `PY-${++n}-${Date.now() % 1e6}`, direction: 'IB', truck_plate: 'X'.repeat(21) });
    expect(plate.status).toBe(422);
    expect(fieldOf(plate, 'truck_plate')).toBe('String should have at most 20 characters');
  });

  it('the demo loads of the demo carriers belong to them', async () => {
    const carriers = (await asAdmin('GET', '/api/carriers')).body as { id: number; name: string }[];
    const nordline = carriers.find((c) => c.name === 'Nordline Freight')!;
    const loads = (await asAdmin('GET', '/api/loads?carrier=Nordline%20Freight')).body as { carrier_id: number | null }[];
    expect(loads.length).toBeGreaterThan(0);
    for (const l of loads) expect(l.carrier_id).toBe(nordline.id);
  });
});
