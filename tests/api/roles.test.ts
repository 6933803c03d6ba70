import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAFF } from '@/lib/roles';
import type { Role } from '@/lib/schemas/users';
import { routes } from '@/server/http/routes';
import { api, dbFingerprint, DEMO, startTestServer, type TestServer } from '@/tests/support/test-server';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
  // Webhook 1, for the read routes' /api/webhooks/1.
  await newWebhook();
  // Load type 1, for the read routes' /api/load-types/1.
  await newLoadType();
});
afterAll(() => s.close());

const ROLES: Role[] = ['ADMIN', 'OPERATOR', 'SUPERVISOR', 'CARRIER'];
const keyOf = (r: { method: string; path: string }) => `${r.method} ${r.path}`;
/** A route that names no roles is the staff's (SPEC §9): a carrier user gets only what names CARRIER. */
const mayCall = (r: { roles?: readonly Role[] }, role: Role) => (r.roles ?? STAFF).includes(role);

/** Every change goes through the admin, so the fixtures exist whoever makes the request under test. */
async function asAdmin(method: string, path: string, body?: unknown) {
  const res = await api(s, method, path, { token: s.tokens.ADMIN, body });
  if (res.status >= 300) throw new Error(`fixture ${method} ${path} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

let n = 0;
const unique = () => ++n;
const newUser = () =>
  asAdmin('POST', '/api/users', {
    email: `role.matrix.${unique()}@example.com`,
    full_name: 'Role Matrix',
    password: 'amber-kettle-Orbit-51',
    role: 'OPERATOR',
  });
const newRamp = () => asAdmin('POST', '/api/ramps', { code: `RM${unique()}` });
const newStatus = () => asAdmin('POST', '/api/statuses', { code: `RM_${unique()}`, label: 'Role matrix', color: 'blue' });
const newDisplay = () => asAdmin('POST', '/api/displays', { name: `RM TV ${unique()}` });
const newLoad = () => asAdmin('POST', '/api/loads', { reference: `RM-${unique()}`, direction: 'IB' });
const window = { eta_in: '2031-03-01T08:00:00Z', eta_out: '2031-03-01T10:00:00Z' };
// Inactive, so the delivery worker never touches them while a fingerprint is taken.
const newWebhook = () => asAdmin('POST', '/api/webhooks', { url: `https://hooks.example.com/rm${unique()}`, active: false });
const newAssignment = async () => asAdmin('POST', '/api/assignments', { ramp_id: (await newRamp()).id, load_id: (await newLoad()).id, ...window });

const newCarrier = () => asAdmin('POST', '/api/carriers', { name: `RM carrier ${unique()}` });
const newRequested = async () => {
  const requested = ((await asAdmin('GET', '/api/statuses')) as { id: number; code: string }[]).find((st) => st.code === 'REQUESTED')!;
  return asAdmin('POST', '/api/assignments', { ramp_id: (await newRamp()).id, load_id: (await newLoad()).id, status_id: requested.id, ...window });
};

const newLoadType = () => asAdmin('POST', '/api/load-types', { name: `RM type ${unique()}`, duration_minutes: 60, ramp_kinds: ['BOTH'] });
const newClosure = async () =>
  asAdmin('POST', `/api/ramps/${(await newRamp()).id}/closures`, { starts_at: '2032-01-01T00:00:00Z', ends_at: '2032-01-02T00:00:00Z', reason: 'RM' });

type Call = { path: string; body?: unknown };

/** A weekday three or more days ahead, on the hour: inside the booking horizon, past the lead time and the cut-off. */
function bookingAt(n: number) {
  let d = new Date(Date.now() + 3 * 86_400_000);
  while (d.getUTCDay() === 0 || d.getUTCDay() === 6) d = new Date(d.getTime() + 86_400_000);
  d.setUTCHours(8 + (n % 10), 0, 0, 0);
  return d.toISOString();
}
/** A request on a fresh ramp (open at all times) for a fresh load type. */
const bookingBody = async () => ({
  reference: `BR-${unique()}`,
  direction: 'IB',
  load_type_id: (await newLoadType()).id,
  ramp_id: (await newRamp()).id,
  eta_in: bookingAt(unique()),
});
/** A carrier user's booking (cancelled, for a re-request) when the suite has a carrier token; otherwise any assignment (staff get 403 first). */
async function carrierBooking(cancelled = false): Promise<number> {
  const token = (s.tokens as Partial<Record<Role, string>>).CARRIER;
  if (!token) return (await newAssignment()).id;
  const made = await api(s, 'POST', '/api/booking/requests', { token, body: await bookingBody() });
  if (cancelled) await api(s, 'POST', `/api/booking/requests/${made.body.id}/cancel`, { token });
  return made.body.id;
}

/** A request each write route accepts, against fresh data, so only the role can make it fail. */
const VALID: Record<string, () => Promise<Call>> = {
  'POST /api/users': async () => ({
    path: '/api/users',
    body: { email: `role.matrix.${unique()}@example.com`, full_name: 'New', password: 'amber-kettle-Orbit-51', role: 'SUPERVISOR' },
  }),
  // The caller's own overdue alerts (staff): the shared tokens stay valid.
  'PATCH /api/users/me': async () => ({ path: '/api/users/me', body: { overdue_alerts: true } }),
  'PATCH /api/users/:id': async () => ({ path: `/api/users/${(await newUser()).id}`, body: { full_name: 'Renamed', role: 'SUPERVISOR' } }),
  'DELETE /api/users/:id': async () => ({ path: `/api/users/${(await newUser()).id}` }),
  'POST /api/users/:id/sessions/revoke': async () => ({ path: `/api/users/${(await newUser()).id}/sessions/revoke` }),

  'POST /api/ramps': async () => ({ path: '/api/ramps', body: { code: `RX${unique()}` } }),
  'PATCH /api/ramps/:id': async () => ({ path: `/api/ramps/${(await newRamp()).id}`, body: { description: 'Renamed', kind: 'IB' } }),
  'DELETE /api/ramps/:id': async () => ({ path: `/api/ramps/${(await newRamp()).id}` }),

  'POST /api/statuses': async () => ({ path: '/api/statuses', body: { code: `SX_${unique()}`, label: 'New', color: '#123456' } }),
  'PATCH /api/statuses/:id': async () => ({ path: `/api/statuses/${(await newStatus()).id}`, body: { label: 'Renamed' } }),
  'DELETE /api/statuses/:id': async () => ({ path: `/api/statuses/${(await newStatus()).id}` }),
  'POST /api/displays': async () => ({ path: '/api/displays', body: { name: `Hall TV ${unique()}`, direction: 'IB' } }),
  'PATCH /api/displays/:id': async () => ({ path: `/api/displays/${(await newDisplay()).id}`, body: { name: 'Renamed TV', direction: null } }),
  'DELETE /api/displays/:id': async () => ({ path: `/api/displays/${(await newDisplay()).id}` }),

  'POST /api/loads': async () => ({ path: '/api/loads', body: { reference: `X-${unique()}`, direction: 'IB' } }),
  'PATCH /api/loads/:id': async () => ({ path: `/api/loads/${(await newLoad()).id}`, body: { notes: 'Edited' } }),
  'DELETE /api/loads/:id': async () => ({ path: `/api/loads/${(await newLoad()).id}` }),

  'POST /api/assignments': async () => ({ path: '/api/assignments', body: { ramp_id: (await newRamp()).id, load_id: (await newLoad()).id, ...window } }),
  'PATCH /api/assignments/:id': async () => {
    const a = await newAssignment();
    return { path: `/api/assignments/${a.id}`, body: { version: a.version, status_id: 2 } };
  },
  'PUT /api/assignments/:id': async () => {
    const a = await newAssignment();
    return { path: `/api/assignments/${a.id}`, body: { version: a.version, status_id: 2 } };
  },
  'DELETE /api/assignments/:id': async () => ({ path: `/api/assignments/${(await newAssignment()).id}` }),

  'POST /api/loads/walk-in': async () => ({ path: '/api/loads/walk-in', body: { reference: `W-${unique()}`, direction: 'IB' } }),
  'POST /api/loads/:id/check-in': async () => ({ path: `/api/loads/${(await newLoad()).id}/check-in`, body: {} }),
  'POST /api/assignments/:id/check-out': async () => ({ path: `/api/assignments/${(await newAssignment()).id}/check-out`, body: {} }),
  'POST /api/assignments/:id/call': async () => ({ path: `/api/assignments/${(await newAssignment()).id}/call` }),

  'PUT /api/ramps/:id/hours': async () => ({
    path: `/api/ramps/${(await newRamp()).id}/hours`,
    body: { hours: [{ weekday: 1, opens: '06:00', closes: '22:00' }] },
  }),
  'POST /api/ramps/:id/closures': async () => ({
    path: `/api/ramps/${(await newRamp()).id}/closures`,
    body: { starts_at: '2032-01-01T00:00:00Z', ends_at: '2032-01-02T00:00:00Z', reason: 'Maintenance' },
  }),
  'DELETE /api/closures/:id': async () => ({ path: `/api/closures/${(await newClosure()).id}` }),
  // Carrier-only (BOOK_SLOTS): staff are refused before the body is read; the bodies would succeed for a carrier user too.
  'POST /api/booking/requests': async () => ({ path: '/api/booking/requests', body: await bookingBody() }),
  'POST /api/booking/requests/:id/cancel': async () => ({ path: `/api/booking/requests/${await carrierBooking()}/cancel` }),
  'POST /api/booking/requests/:id/rerequest': async () => {
    const id = await carrierBooking(true);
    return { path: `/api/booking/requests/${id}/rerequest`, body: { eta_in: bookingAt(unique()) } };
  },
  'POST /api/booking/requests/:id/approve': async () => {
    const a = await newRequested();
    return { path: `/api/booking/requests/${a.id}/approve`, body: { version: a.version } };
  },
  'POST /api/booking/requests/:id/decline': async () => {
    const a = await newRequested();
    return { path: `/api/booking/requests/${a.id}/decline`, body: { version: a.version, reason: 'Role matrix' } };
  },
  'POST /api/load-types': async () => ({ path: '/api/load-types', body: { name: `Type ${unique()}`, duration_minutes: 90, ramp_kinds: ['IB', 'BOTH'] } }),
  'PATCH /api/load-types/:id': async () => ({ path: `/api/load-types/${(await newLoadType()).id}`, body: { duration_minutes: 45 } }),
  'DELETE /api/load-types/:id': async () => ({ path: `/api/load-types/${(await newLoadType()).id}` }),

  'POST /api/carriers': async () => ({ path: '/api/carriers', body: { name: `Carrier ${unique()}`, auto_approve: true } }),
  'PATCH /api/carriers/:id': async () => ({ path: `/api/carriers/${(await newCarrier()).id}`, body: { contact_email: 'desk@example.com' } }),
  'DELETE /api/carriers/:id': async () => ({ path: `/api/carriers/${(await newCarrier()).id}` }),

  'POST /api/webhooks': async () => ({ path: '/api/webhooks', body: { url: `https://hooks.example.com/new${unique()}`, active: false } }),
  'PATCH /api/webhooks/:id': async () => ({ path: `/api/webhooks/${(await newWebhook()).id}`, body: { event_types: ['ramp_created'] } }),
  'DELETE /api/webhooks/:id': async () => ({ path: `/api/webhooks/${(await newWebhook()).id}` }),
  'POST /api/webhooks/:id/rotate-secret': async () => ({ path: `/api/webhooks/${(await newWebhook()).id}/rotate-secret` }),
  'POST /api/webhooks/:id/test': async () => ({ path: `/api/webhooks/${(await newWebhook()).id}/test` }),
  'POST /api/webhooks/:id/replay': async () => ({ path: `/api/webhooks/${(await newWebhook()).id}/replay`, body: { from_seq: 1 } }),
  'POST /api/webhooks/:id/pause': async () => ({ path: `/api/webhooks/${(await newWebhook()).id}/pause` }),
  'POST /api/webhooks/:id/resume': async () => ({ path: `/api/webhooks/${(await newWebhook()).id}/resume` }),
};

// Signing yourself out everywhere is open to every user (and would revoke the shared tokens here): security-revocation.test.ts covers it.
const writeRoutes = routes.filter((r) => r.auth && r.method !== 'GET' && r.path !== '/api/auth/login' && r.path !== '/api/auth/logout-all');
const readRoutes = routes.filter((r) => r.auth && r.method === 'GET');

describe('the route table', () => {
  it('has a valid request for every write route', () => {
    expect(Object.keys(VALID).sort()).toEqual(writeRoutes.map(keyOf).sort());
  });

  it('opens reading to carrier users only for their account, ramps, statuses, load types, loads and assignments; users, display links and webhooks to ADMIN, reports to SUPERVISOR and ADMIN', () => {
    const restricted = readRoutes.filter((r) => r.roles).map((r) => [r.path, r.roles]);
    const any = ['ADMIN', 'OPERATOR', 'SUPERVISOR', 'CARRIER'];
    expect(restricted).toEqual([
      ['/api/users/me', any],
      ['/api/users', ['ADMIN']],
      ['/api/users/:id', ['ADMIN']],
      ['/api/ramps', any],
      ['/api/load-types', any],
      ['/api/statuses', any],
      ['/api/loads', any],
      ['/api/loads/:id', any],
      ['/api/assignments', any],
      ['/api/assignments/:id', any],
      ['/api/assignments/:id/history', any],
      ['/api/displays', ['ADMIN']],
      ['/api/reports', ['ADMIN', 'SUPERVISOR']],
      ['/api/reports/assignments.csv', ['ADMIN', 'SUPERVISOR']],
      ['/api/history.csv', ['ADMIN', 'SUPERVISOR']],
      ['/api/webhooks', ['ADMIN']],
      ['/api/webhooks/:id', ['ADMIN']],
      ['/api/webhooks/:id/deliveries', ['ADMIN']],
      ['/api/booking/availability', ['ADMIN', 'OPERATOR', 'SUPERVISOR', 'CARRIER']],
      ['/api/booking/requests', ['CARRIER']],
    ]);
  });

  it('gives every write route a role list', () => {
    for (const r of writeRoutes) expect(r.roles, keyOf(r)).toBeDefined();
  });
});

describe('write routes: each role is refused (403, nothing changed) or succeeds, as the route table says', () => {
  const cases = writeRoutes.flatMap((r) => ROLES.map((role) => ({ r, role, allowed: mayCall(r, role) })));

  it.each(cases.map((c) => [`${keyOf(c.r)} as ${c.role} → ${c.allowed ? 'success' : '403'}`, c] as const))('%s', async (_name, { r, role, allowed }) => {
    const call = await VALID[keyOf(r)]!();
    const before = await dbFingerprint(s.db);
    const res = await api(s, r.method, call.path, { token: s.tokens[role], body: call.body });
    const after = await dbFingerprint(s.db);
    if (allowed) {
      expect(res.status, JSON.stringify(res.body)).toBe(r.status ?? 200);
      expect(after).not.toBe(before);
    } else {
      expect(res.status, JSON.stringify(res.body)).toBe(403);
      expect(typeof res.body.detail).toBe('string');
      expect(after).toBe(before);
    }
  });

  it('refuses a SUPERVISOR changing an existing demo assignment, and an OPERATOR changing a demo ramp', async () => {
    const [a] = (await api(s, 'GET', '/api/assignments?limit=1', { token: s.tokens.SUPERVISOR })).body;
    const before = await dbFingerprint(s.db);
    const byVisor = await api(s, 'PATCH', `/api/assignments/${a.id}`, { token: s.tokens.SUPERVISOR, body: { version: a.version, status_id: 2 } });
    expect(byVisor.status).toBe(403);
    expect((await api(s, 'DELETE', `/api/assignments/${a.id}?version=${a.version}`, { token: s.tokens.SUPERVISOR })).status).toBe(403);
    expect((await api(s, 'PATCH', '/api/ramps/1', { token: s.tokens.OPERATOR, body: { is_active: false } })).status).toBe(403);
    expect((await api(s, 'DELETE', '/api/statuses/1', { token: s.tokens.OPERATOR })).status).toBe(403);
    expect(await dbFingerprint(s.db)).toBe(before);
  });
});

/** Read routes whose query is required. */
const READ_QUERIES: Record<string, string> = { '/api/booking/availability': '?date=2031-03-01&direction=IB&load_type_id=1' };

describe('read routes', () => {
  const cases = readRoutes.flatMap((r) => ROLES.map((role) => ({ r, role, allowed: mayCall(r, role) })));

  it.each(cases.map((c) => [`GET ${c.r.path} as ${c.role} → ${c.allowed ? '200' : '403'}`, c] as const))('%s', async (_name, { r, role, allowed }) => {
    // A carrier user reads its own carrier's load and assignment (another's are 404: see below).
    const id = role === 'CARRIER' && r.path.startsWith('/api/assignments/') ? String((await ownAssignment()).id) : '1';
    const path = r.path.replace(/:id\b/g, id) + (READ_QUERIES[r.path] ?? '');
    const before = await dbFingerprint(s.db);
    const res = await api(s, 'GET', path, { token: s.tokens[role] });
    expect(res.status, JSON.stringify(res.body)).toBe(allowed ? 200 : 403);
    expect(await dbFingerprint(s.db)).toBe(before);
  });

  it.each(ROLES)('/api/users/me returns the %s their own account', async (role) => {
    const me = await api(s, 'GET', '/api/users/me', { token: s.tokens[role] });
    expect(me).toMatchObject({ status: 200, body: { email: DEMO[role], role } });
  });

  it('hides the user list and other users from non-admins, but not from admins', async () => {
    for (const role of ['OPERATOR', 'SUPERVISOR'] as const) {
      expect((await api(s, 'GET', '/api/users', { token: s.tokens[role] })).status, role).toBe(403);
      expect((await api(s, 'GET', '/api/users/2', { token: s.tokens[role] })).status, role).toBe(403);
    }
    const list = await api(s, 'GET', '/api/users', { token: s.tokens.ADMIN });
    expect(list.status).toBe(200);
    expect(list.body.map((u: { email: string }) => u.email)).toEqual(expect.arrayContaining(Object.values(DEMO)));
  });
});

/** The demo carriers (server/db/seed-carriers.ts): carrier1@ is the first one's user. */
async function demoCarriers() {
  const rows = await s.db.$client<{ email: string; carrier_id: number }[]>`
    SELECT email, carrier_id FROM users WHERE email IN ('carrier1@dcdock.com', 'carrier2@dcdock.com') ORDER BY email`;
  return { own: rows[0]!.carrier_id, other: rows[1]!.carrier_id };
}
/** An assignment of a load of `carrierId`'s, planned through the admin. */
async function assignmentOf(carrierId: number) {
  const load = await asAdmin('POST', '/api/loads', { reference: `RM-C-${unique()}`, direction: 'IB', carrier_id: carrierId });
  const ramp = await newRamp();
  return asAdmin('POST', '/api/assignments', { ramp_id: ramp.id, load_id: load.id, ...window });
}
let own: Promise<{ id: number; load_id: number }> | undefined;
const ownAssignment = () => {
  own ??= demoCarriers().then((c) => assignmentOf(c.own));
  return own;
};

describe('a carrier user (SPEC §9)', () => {
  const people = (a: { created_by: unknown; updated_by: unknown; creator: unknown; updater: unknown }) => [a.created_by, a.updated_by, a.creator, a.updater];

  it('lists only its own carrier’s loads, and every one of them', async () => {
    const { own: mine } = await demoCarriers();
    const res = await api(s, 'GET', '/api/loads?limit=10000', { token: s.tokens.CARRIER });
    expect(res.status).toBe(200);
    const [{ n } = { n: 0 }] = await s.db.$client<{ n: number }[]>`SELECT count(*)::int AS n FROM loads WHERE carrier_id = ${mine}`;
    expect(n).toBeGreaterThan(0);
    expect(res.body).toHaveLength(n);
    for (const l of res.body) expect(l.carrier_id).toBe(mine);
  });

  it('lists only its own carrier’s assignments, without people', async () => {
    const { own: mine } = await demoCarriers();
    const a = await ownAssignment();
    const res = await api(s, 'GET', '/api/assignments?limit=10000', { token: s.tokens.CARRIER });
    expect(res.status).toBe(200);
    expect(res.body.map((x: { id: number }) => x.id)).toContain(a.id);
    for (const x of res.body) {
      expect(x.load.carrier_id).toBe(mine);
      expect(people(x)).toEqual([null, null, null, null]);
    }
    // Staff still see who planned it.
    const staff = await api(s, 'GET', `/api/assignments/${a.id}`, { token: s.tokens.OPERATOR });
    expect(staff.body.creator).toMatchObject({ email: DEMO.ADMIN });
  });

  it('reads its own assignment and its history without people', async () => {
    const a = await ownAssignment();
    const one = await api(s, 'GET', `/api/assignments/${a.id}`, { token: s.tokens.CARRIER });
    expect(one.status).toBe(200);
    expect(people(one.body)).toEqual([null, null, null, null]);
    const history = await api(s, 'GET', `/api/assignments/${a.id}/history`, { token: s.tokens.CARRIER });
    expect(history.status).toBe(200);
    expect(history.body.length).toBeGreaterThan(0);
    for (const e of history.body) {
      expect([e.user_id, e.user_email, e.user_name]).toEqual([null, null, null]);
      for (const side of [e.before, e.after]) if (side) expect(people(side)).toEqual([null, null, null, null]);
    }
    const staff = await api(s, 'GET', `/api/assignments/${a.id}/history`, { token: s.tokens.ADMIN });
    expect(staff.body[0].user_email).toBe(DEMO.ADMIN);
  });

  it('gets 404 for another carrier’s load, assignment and history, and for loads of no carrier', async () => {
    const { other } = await demoCarriers();
    const theirs = await assignmentOf(other);
    const staffOnly = await newLoad();
    const before = await dbFingerprint(s.db);
    for (const path of [`/api/loads/${theirs.load_id}`, `/api/assignments/${theirs.id}`, `/api/assignments/${theirs.id}/history`]) {
      const res = await api(s, 'GET', path, { token: s.tokens.CARRIER });
      expect(res.status, path).toBe(404);
    }
    expect((await api(s, 'GET', `/api/loads/${staffOnly.id}`, { token: s.tokens.CARRIER })).status).toBe(404);
    // Nor do the lists carry them.
    const loads = await api(s, 'GET', '/api/loads?limit=10000', { token: s.tokens.CARRIER });
    expect(loads.body.map((l: { id: number }) => l.id)).not.toContain(theirs.load_id);
    expect(await dbFingerprint(s.db)).toBe(before);
  });

  it('cannot change its own load or assignment either (403, nothing changed)', async () => {
    const a = await ownAssignment();
    const current = (await api(s, 'GET', `/api/assignments/${a.id}`, { token: s.tokens.ADMIN })).body;
    const before = await dbFingerprint(s.db);
    const calls = [
      api(s, 'PATCH', `/api/assignments/${a.id}`, { token: s.tokens.CARRIER, body: { version: current.version, status_id: 2 } }),
      api(s, 'DELETE', `/api/assignments/${a.id}`, { token: s.tokens.CARRIER }),
      api(s, 'PATCH', `/api/loads/${a.load_id}`, { token: s.tokens.CARRIER, body: { notes: 'mine' } }),
      api(s, 'POST', `/api/loads/${a.load_id}/check-in`, { token: s.tokens.CARRIER, body: {} }),
    ];
    for (const res of await Promise.all(calls)) expect(res.status).toBe(403);
    expect(await dbFingerprint(s.db)).toBe(before);
  });

  it('sees its own account with its carrier', async () => {
    const { own: mine } = await demoCarriers();
    const me = await api(s, 'GET', '/api/users/me', { token: s.tokens.CARRIER });
    expect(me.body).toMatchObject({ role: 'CARRIER', carrier_id: mine, overdue_alerts: false });
  });
});
