import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayOf, shiftDay, zonedToInstant } from '@/lib/zoned-time';
import { api, startTestServer, type TestServer } from '@/tests/support/test-server';

// SPEC §9 self-booking as carriers and staff use it: availability, requests, cancel and re-request.
const TZ = 'Europe/Amsterdam';
let s: TestServer;
let carrierA: string;
let carrierB: string;
let autoCarrier: string;
let loadType: { id: number; duration_minutes: number };
const ramps = {} as Record<'BK1' | 'BK2' | 'BK3' | 'OUT', number>;
const today = () => dayOf(new Date(), TZ);
/** A day three days ahead: lead time and cut-off do not reach it. */
const DAY = shiftDay(today(), 3);
/** An instant on DAY at local HH:MM. */
const on = (day: string, hhmm: string) => {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return zonedToInstant(y, m, d, Number(hhmm.slice(0, 2)), Number(hhmm.slice(3)), TZ).toISOString();
};
const ALL_WEEK = [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, opens: '06:00', closes: '22:00' }));

async function carrierUser(server: TestServer, name: string, autoApprove = false) {
  const [c] = await server.db.$client<{ id: number }[]>`INSERT INTO carriers (name, auto_approve) VALUES (${name}, ${autoApprove}) RETURNING id`;
  const email = `${name.toLowerCase().replace(/\W+/g, '.')}@example.com`;
  await server.db.$client`INSERT INTO users (email, full_name, password_hash, role, carrier_id) VALUES (${email}, ${name}, 'x', 'CARRIER', ${c!.id})`;
  return server.tokenFor(email);
}

beforeAll(async () => {
  s = await startTestServer({ SITE_TIMEZONE: TZ, DATABASE_POOL_SIZE: '20' });
  // Only this file's ramps take bookings, so "any door" and the windows are this file's to predict.
  await s.db.$client`UPDATE ramps SET is_active = false`;
  for (const code of ['BK1', 'BK2', 'BK3'] as const) {
    ramps[code] = (await api(s, 'POST', '/api/ramps', { token: s.tokens.ADMIN, body: { code, kind: 'BOTH' } })).body.id;
  }
  ramps.OUT = (await api(s, 'POST', '/api/ramps', { token: s.tokens.ADMIN, body: { code: 'BKOUT', kind: 'OB' } })).body.id;
  expect((await api(s, 'PUT', `/api/ramps/${ramps.BK1}/hours`, { token: s.tokens.ADMIN, body: { hours: ALL_WEEK } })).status).toBe(200);
  const lt = await api(s, 'POST', '/api/load-types', {
    token: s.tokens.ADMIN,
    body: { name: 'Booking pallets', duration_minutes: 60, ramp_kinds: ['BOTH', 'IB'] },
  });
  loadType = lt.body;
  carrierA = await carrierUser(s, 'Alpha Haulage');
  carrierB = await carrierUser(s, 'Bravo Freight');
  autoCarrier = await carrierUser(s, 'Charlie Trusted', true);
});
afterAll(() => s.close());

let n = 0;
const request = (token: string, etaIn: string, extra: Record<string, unknown> = {}) =>
  api(s, 'POST', '/api/booking/requests', {
    token,
    body: { reference: `BK-${++n}`, direction: 'IB', load_type_id: loadType.id, eta_in: etaIn, ...extra },
  });
const availability = (token: string, date: string, server: TestServer = s, typeId = loadType.id) =>
  api(server, 'GET', `/api/booking/availability?date=${date}&direction=IB&load_type_id=${typeId}`, { token });
const windowsOf = (body: { ramps: { ramp_id: number; windows: { from: string; to: string }[] }[] }, rampId: number) =>
  body.ramps.find((r) => r.ramp_id === rampId)?.windows.map((w) => [w.from, w.to]);
const eventsOf = (entity: string, id: number) =>
  s.db.$client<
    { type: string; actor_id: number | null }[]
  >`SELECT type, actor_id FROM board_events WHERE entity = ${entity} AND entity_id = ${id} ORDER BY seq`;

describe('availability', () => {
  it('gives free windows per fitting ramp: inside hours, outside closures and bookings (REQUESTED included), at least the duration long', async () => {
    const closure = await api(s, 'POST', `/api/ramps/${ramps.BK1}/closures`, {
      token: s.tokens.ADMIN,
      body: { starts_at: on(DAY, '10:00'), ends_at: on(DAY, '12:00'), reason: 'Sweeping' },
    });
    expect(closure.status).toBe(201);
    const held = await request(carrierA, on(DAY, '12:30'), { ramp_id: ramps.BK1 });
    expect(held.status, JSON.stringify(held.body)).toBe(201);
    expect(held.body.state).toBe('requested');

    const res = await availability(carrierA, DAY);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ date: DAY, direction: 'IB', closed_reason: null, load_type: { id: loadType.id, duration_minutes: 60 } });
    // 12:00–12:30 is free but shorter than the type's hour.
    expect(windowsOf(res.body, ramps.BK1)).toEqual([
      [on(DAY, '06:00'), on(DAY, '10:00')],
      [on(DAY, '13:30'), on(DAY, '22:00')],
    ]);
    // Without hours: open all day.
    expect(windowsOf(res.body, ramps.BK2)).toEqual([[on(DAY, '00:00'), on(shiftDay(DAY, 1), '00:00')]]);
    // An outbound-only ramp does not take an inbound delivery; inactive ramps are left out.
    expect(res.body.ramps.map((r: { code: string }) => r.code)).toEqual(['BK1', 'BK2', 'BK3']);
  });

  it('staff read it too; bad input is a 422', async () => {
    expect((await availability(s.tokens.OPERATOR, DAY)).status).toBe(200);
    expect((await availability(s.tokens.SUPERVISOR, DAY)).status).toBe(200);
    const bad = await api(s, 'GET', '/api/booking/availability?date=tomorrow&direction=IB&load_type_id=999999', { token: carrierA });
    expect(bad.status).toBe(422);
    expect((await availability(carrierA, DAY, s, 999999)).status).toBe(422);
    expect((await api(s, 'GET', `/api/booking/availability?date=${DAY}&direction=IB&load_type_id=1`)).status).toBe(401);
  });

  it('starts no earlier than now plus the lead time (2 hours by default)', async () => {
    const before = Date.now();
    const res = await availability(carrierA, today());
    expect(res.status).toBe(200);
    const earliest = Date.parse(res.body.earliest);
    expect(earliest).toBeGreaterThanOrEqual(before + 2 * 3_600_000 - 1000);
    expect(earliest).toBeLessThanOrEqual(Date.now() + 2 * 3_600_000 + 1000);
    for (const r of res.body.ramps) for (const w of r.windows) expect(Date.parse(w.from)).toBeGreaterThanOrEqual(earliest);
    const tooSoon = await request(carrierA, new Date(Date.now() + 30 * 60_000).toISOString(), { ramp_id: ramps.BK2 });
    expect(tooSoon.status).toBe(422);
    expect(tooSoon.body.detail[0]).toMatchObject({ loc: ['body', 'eta_in'] });
    expect(tooSoon.body.detail[0].msg).toMatch(/^Book at least 2 hours ahead: the earliest start is \d\d:\d\d on /);
  });
});

describe('cut-off and horizon', () => {
  let t: TestServer;
  let token: string;
  let typeId: number;
  // The cut-off a minute ago: tomorrow (and today) can no longer be booked. Skipped in the first minutes after midnight.
  const local = new Intl.DateTimeFormat('en-GB', { timeZone: TZ, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(Date.now() - 60_000));
  const justPast = today() === dayOf(new Date(Date.now() - 60_000), TZ);
  beforeAll(async () => {
    t = await startTestServer({ SITE_TIMEZONE: TZ, BOOKING_CUTOFF: local, BOOKING_HORIZON_DAYS: '3' });
    token = await carrierUser(t, 'Delta Lines');
    typeId = (await api(t, 'POST', '/api/load-types', { token: t.tokens.ADMIN, body: { name: 'Cut-off type', duration_minutes: 30, ramp_kinds: ['BOTH'] } }))
      .body.id;
  });
  afterAll(() => t?.close());

  it.skipIf(!justPast)('after the cut-off the next day is closed, with a plain reason; today is closed too', async () => {
    const tomorrow = shiftDay(today(), 1);
    const res = await availability(token, tomorrow, t, typeId);
    expect(res.status).toBe(200);
    expect(res.body.ramps).toEqual([]);
    expect(res.body.closed_reason).toMatch(new RegExp(`^Bookings for \\w{3} \\d{1,2} \\w{3} closed at ${local} on \\w{3} \\d{1,2} \\w{3}$`));
    expect((await availability(token, today(), t, typeId)).body.closed_reason).toMatch(/^Bookings for .* closed at /);
    const open = await availability(token, shiftDay(today(), 2), t, typeId);
    expect(open.body.closed_reason).toBeNull();
    expect(open.body.ramps.length).toBeGreaterThan(0);
    const refused = await api(t, 'POST', '/api/booking/requests', {
      token,
      body: { reference: 'CUT-1', direction: 'IB', load_type_id: typeId, eta_in: on(tomorrow, '12:00') },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.detail[0]).toMatchObject({ loc: ['body', 'eta_in'], msg: res.body.closed_reason });
  });

  it('beyond the horizon a day is closed, and a request for it is refused', async () => {
    const far = shiftDay(today(), 4);
    const res = await availability(token, far, t, typeId);
    expect(res.body.ramps).toEqual([]);
    expect(res.body.closed_reason).toMatch(/^Bookings open 3 days ahead; the last day you can book now is /);
    const refused = await api(t, 'POST', '/api/booking/requests', {
      token,
      body: { reference: 'FAR-1', direction: 'IB', load_type_id: typeId, eta_in: on(far, '12:00') },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.detail[0].loc).toEqual(['body', 'eta_in']);
    expect((await availability(token, shiftDay(today(), -1), t, typeId)).body.closed_reason).toMatch(/ has passed$/);
  });
});

describe('requests', () => {
  const day = shiftDay(DAY, 1);

  it('creates the carrier’s load and a REQUESTED assignment lasting the type’s duration, with its events', async () => {
    const res = await request(carrierA, on(day, '08:00'), { ramp_id: ramps.BK1, notes: 'Tail lift', truck_plate: 'AB-123-C' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      state: 'requested',
      status_code: 'REQUESTED',
      ramp_code: 'BK1',
      eta_in: on(day, '08:00'),
      eta_out: on(day, '09:00'),
      notes: 'Tail lift',
      truck_plate: 'AB-123-C',
      carrier_name: 'Alpha Haulage',
      load_type_id: loadType.id,
      load_type_name: 'Booking pallets',
      decline_reason: null,
    });
    expect(JSON.stringify(res.body)).not.toMatch(/creator|updater|email/);
    const [load] = await s.db.$client`SELECT carrier, carrier_id, truck_plate, planned_arrival FROM loads WHERE id = ${res.body.load_id}`;
    expect(load).toMatchObject({ carrier: 'Alpha Haulage', truck_plate: 'AB-123-C' });
    expect(load!.carrier_id).toBe(res.body.carrier_id);
    expect((await eventsOf('load', res.body.load_id)).map((e) => e.type)).toEqual(['load_created']);
    expect((await eventsOf('assignment', res.body.id)).map((e) => e.type)).toEqual(['assignment_created']);
  });

  it('a carrier approved automatically gets PLANNED at once', async () => {
    const res = await request(autoCarrier, on(day, '10:00'), { ramp_id: ramps.BK1 });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ state: 'approved', status_code: 'PLANNED', carrier_name: 'Charlie Trusted' });
  });

  it('an overlapping request is refused with a plain 409 naming the ramp; closed time with the ramp’s own words', async () => {
    const taken = await request(carrierB, on(day, '08:30'), { ramp_id: ramps.BK1 });
    expect(taken.status).toBe(409);
    expect(taken.body.detail).toBe('That time was just taken on BK1; pick another');
    const night = await request(carrierB, on(day, '23:00'), { ramp_id: ramps.BK1 });
    expect(night.status).toBe(409);
    expect(night.body.detail).toMatch(/^BK1 closes at 22:00 on /);
    const outbound = await request(carrierB, on(day, '12:00'), { ramp_id: ramps.OUT });
    expect(outbound.status).toBe(422);
    expect(outbound.body.detail[0]).toMatchObject({ loc: ['body', 'ramp_id'], msg: 'BKOUT does not take this load; pick another door' });
  });

  it('a reference already in use is a 409; bad bodies are 422', async () => {
    const first = await request(carrierA, on(day, '14:00'), { ramp_id: ramps.BK2, reference: 'BK-DUP' });
    expect(first.status).toBe(201);
    const dup = await request(carrierA, on(day, '16:00'), { ramp_id: ramps.BK2, reference: 'BK-DUP' });
    expect(dup.status).toBe(409);
    expect((await request(carrierA, 'soon')).status).toBe(422);
    expect((await request(carrierA, on(day, '16:00'), { load_type_id: 999999 })).body.detail[0].loc).toEqual(['body', 'load_type_id']);
  });

  it('10 concurrent requests for one window: exactly one wins, the others get 409, one assignment is stored', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, () => request(carrierB, on(day, '18:00'), { ramp_id: ramps.BK3 })));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    const refused = results.filter((r) => r.status !== 201);
    expect(refused.map((r) => r.status)).toEqual(Array(9).fill(409));
    for (const r of refused) expect(r.body.detail).toBe('That time was just taken on BK3; pick another');
    const [row] = await s.db.$client<{ n: number }[]>`
      SELECT count(*)::int AS n FROM assignments WHERE ramp_id = ${ramps.BK3} AND NOT cancelled AND eta_in = ${on(day, '18:00')}`;
    expect(row!.n).toBe(1);
  });

  it('"any door" picks the first fitting ramp by sort order that is free for the window', async () => {
    const a = await request(carrierA, on(day, '20:00'));
    expect(a.status, JSON.stringify(a.body)).toBe(201);
    expect(a.body.ramp_code).toBe('BK1');
    const b = await request(carrierA, on(day, '20:00'), { ramp_id: null });
    expect(b.body.ramp_code).toBe('BK2');
    const c = await request(carrierA, on(day, '20:30'));
    expect(c.body.ramp_code).toBe('BK3');
    const none = await request(carrierA, on(day, '20:15'));
    expect(none.status).toBe(409);
    expect(none.body.detail).toBe('No door is free at 20:15; pick another time');
  });

  it('"any door" under a race: concurrent requests spread over the free ramps', async () => {
    const later = shiftDay(DAY, 2);
    const results = await Promise.all(Array.from({ length: 4 }, () => request(carrierB, on(later, '09:00'))));
    const won = results.filter((r) => r.status === 201).map((r) => r.body.ramp_code);
    expect(won.sort()).toEqual(['BK1', 'BK2', 'BK3']);
    expect(results.filter((r) => r.status === 409)).toHaveLength(1);
  });

  it('staff cannot request; Idempotency-Key replays the first answer', async () => {
    expect((await request(s.tokens.OPERATOR, on(day, '07:00'))).status).toBe(403);
    expect((await request(s.tokens.ADMIN, on(day, '07:00'))).status).toBe(403);
    const body = { reference: 'BK-IDEM', direction: 'IB', load_type_id: loadType.id, eta_in: on(day, '07:00'), ramp_id: ramps.BK2 };
    const headers = { 'Idempotency-Key': 'booking-idem-1' };
    const first = await api(s, 'POST', '/api/booking/requests', { token: carrierA, body, headers });
    const again = await api(s, 'POST', '/api/booking/requests', { token: carrierA, body, headers });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    expect(again.headers.get('Idempotent-Replayed')).toBe('true');
  });
});

describe('my bookings, cancel and re-request', () => {
  const day = shiftDay(DAY, 2);

  it('lists only the own carrier’s bookings; another carrier’s id is not found', async () => {
    const mine = await request(carrierA, on(day, '12:00'), { ramp_id: ramps.BK2 });
    const theirs = await request(carrierB, on(day, '13:00'), { ramp_id: ramps.BK2 });
    const listA = await api(s, 'GET', '/api/booking/requests', { token: carrierA });
    expect(listA.status).toBe(200);
    const ids = listA.body.items.map((b: { id: number }) => b.id);
    expect(ids).toContain(mine.body.id);
    expect(ids).not.toContain(theirs.body.id);
    expect(listA.body.items.every((b: { carrier_name: string }) => b.carrier_name === 'Alpha Haulage')).toBe(true);
    const cancelOther = await api(s, 'POST', `/api/booking/requests/${theirs.body.id}/cancel`, { token: carrierA });
    expect(cancelOther.status).toBe(404);
    const again = await api(s, 'POST', `/api/booking/requests/${theirs.body.id}/rerequest`, { token: carrierA, body: { eta_in: on(day, '15:00') } });
    expect(again.status).toBe(404);
    expect((await api(s, 'POST', '/api/booking/requests/99999999/cancel', { token: carrierA })).status).toBe(404);
    expect((await api(s, 'GET', '/api/booking/requests', { token: s.tokens.OPERATOR })).status).toBe(403);
  });

  it('cancel frees the window; re-request asks for a new time for the same load; approved ones are the site’s', async () => {
    const booked = await request(carrierA, on(day, '16:00'), { ramp_id: ramps.BK1 });
    const cancel = await api(s, 'POST', `/api/booking/requests/${booked.body.id}/cancel`, { token: carrierA });
    expect(cancel.status, JSON.stringify(cancel.body)).toBe(200);
    expect(cancel.body).toMatchObject({ id: booked.body.id, state: 'cancelled', status_code: 'CANCELLED', version: booked.body.version + 1 });
    expect((await eventsOf('assignment', booked.body.id)).map((e) => e.type)).toEqual(['assignment_created', 'assignment_updated']);
    const free = await availability(carrierB, day);
    expect(windowsOf(free.body, ramps.BK1)!.some(([f, t]) => f! <= on(day, '16:00') && t! >= on(day, '17:00'))).toBe(true);
    expect((await api(s, 'POST', `/api/booking/requests/${booked.body.id}/cancel`, { token: carrierA })).status).toBe(409);

    const again = await api(s, 'POST', `/api/booking/requests/${booked.body.id}/rerequest`, { token: carrierA, body: { eta_in: on(day, '17:00') } });
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    expect(again.body).toMatchObject({ state: 'requested', load_id: booked.body.load_id, eta_in: on(day, '17:00'), eta_out: on(day, '18:00') });
    expect(again.body.id).not.toBe(booked.body.id);
    expect((await eventsOf('assignment', again.body.id)).map((e) => e.type)).toEqual(['assignment_created']);
    // The list shows each load once, as it now stands.
    const list = (await api(s, 'GET', '/api/booking/requests', { token: carrierA })).body.items.filter(
      (b: { load_id: number }) => b.load_id === booked.body.load_id,
    );
    expect(list.map((b: { id: number }) => b.id)).toEqual([again.body.id]);
    const twice = await api(s, 'POST', `/api/booking/requests/${booked.body.id}/rerequest`, { token: carrierA, body: { eta_in: on(day, '19:00') } });
    expect(twice.status).toBe(409);

    // The site approves: the carrier can no longer cancel it.
    const planned = (await api(s, 'GET', '/api/statuses', { token: s.tokens.OPERATOR })).body.find((st: { code: string }) => st.code === 'PLANNED');
    const ok = await api(s, 'PATCH', `/api/assignments/${again.body.id}`, {
      token: s.tokens.OPERATOR,
      body: { version: again.body.version, status_id: planned.id },
    });
    expect(ok.status).toBe(200);
    const late = await api(s, 'POST', `/api/booking/requests/${again.body.id}/cancel`, { token: carrierA });
    expect(late.status).toBe(409);
    expect(late.body.detail).toBe('Approved bookings are changed by the site; please call the site');
    const live = await api(s, 'POST', `/api/booking/requests/${again.body.id}/rerequest`, { token: carrierA, body: { eta_in: on(day, '19:00') } });
    expect(live.status).toBe(409);
  });

  it('a declined booking can be asked for again', async () => {
    const booked = await request(carrierB, on(day, '20:00'), { ramp_id: ramps.BK3 });
    const declined = (await api(s, 'GET', '/api/statuses', { token: s.tokens.OPERATOR })).body.find((st: { code: string }) => st.code === 'DECLINED');
    await s.db.$client`UPDATE assignments SET decline_reason = 'Door in repair' WHERE id = ${booked.body.id}`;
    const d = await api(s, 'PATCH', `/api/assignments/${booked.body.id}`, {
      token: s.tokens.OPERATOR,
      body: { version: booked.body.version, status_id: declined.id },
    });
    expect(d.status).toBe(200);
    const listed = (await api(s, 'GET', '/api/booking/requests', { token: carrierB })).body.items.find((b: { id: number }) => b.id === booked.body.id);
    expect(listed).toMatchObject({ state: 'declined', decline_reason: 'Door in repair' });
    const again = await api(s, 'POST', `/api/booking/requests/${booked.body.id}/rerequest`, { token: carrierB, body: { eta_in: on(day, '20:00') } });
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    expect(again.body).toMatchObject({ state: 'requested', ramp_code: 'BK1' });
  });
});
