import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayKpis } from '@/server/kpis/day-kpis';
import { reportData } from '@/server/reports/report-data';
import { api, startTestServer, type TestServer } from '@/tests/support/test-server';

// A controlled day, far from the demo data: 2031-01-15 in Europe/Amsterdam (UTC+1),
// i.e. [2031-01-14T23:00Z, 2031-01-15T23:00Z). Every time below is UTC.
const DAY = '2031-01-15';
const TZ = 'Europe/Amsterdam';
const NOW = new Date('2031-01-15T12:00:00Z');
const at = (hhmm: string, day = DAY) => `${day}T${hhmm}:00Z`;

let s: TestServer;
const status: Record<string, number> = {};
const ramp: Record<string, number> = {};

async function admin(method: string, path: string, body?: unknown) {
  const res = await api(s, method, path, { token: s.tokens.ADMIN, body });
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

async function plan(ref: string, rampCode: string, etaIn: string, etaOut: string, code: string, times: Record<string, string> = {}) {
  const load = await admin('POST', '/api/loads', { reference: ref, direction: 'IB', carrier: ref.startsWith('KPI-A') ? 'Acme Freight' : 'Other' });
  return admin('POST', '/api/assignments', { ramp_id: ramp[rampCode], load_id: load.id, status_id: status[code], eta_in: etaIn, eta_out: etaOut, ...times });
}

beforeAll(async () => {
  s = await startTestServer({ SITE_TIMEZONE: TZ });
  for (const st of await admin('GET', '/api/statuses')) status[st.code] = st.id;
  for (const code of ['K1', 'K2']) ramp[code] = (await admin('POST', '/api/ramps', { code, kind: 'BOTH', sort_order: 100 })).id;

  // A: on time (06:05 ≤ 06:15), wait 15, door 30, dwell 55; occupies K1 30 min.
  await plan('KPI-A', 'K1', at('06:00'), at('07:00'), 'COMPLETED', {
    arrived_at: at('06:05'),
    started_at: at('06:20'),
    completed_at: at('06:50'),
    departed_at: at('07:00'),
  });
  // B: arrived late (08:30 > 08:15), wait 10, door 60, dwell 90; occupies K1 60 min.
  await plan('KPI-B', 'K1', at('08:00'), at('09:00'), 'COMPLETED', {
    arrived_at: at('08:30'),
    started_at: at('08:40'),
    completed_at: at('09:40'),
    departed_at: at('10:00'),
  });
  // C: DELAYED and never came: late (12:00 > 09:15), overdue (> 10:00), no-show, due.
  await plan('KPI-C', 'K2', at('09:00'), at('10:00'), 'DELAYED');
  // D: arrived 11:40, after its eta_out 11:30: no-show, overdue, waiting, due, not on time.
  await plan('KPI-D', 'K2', at('10:30'), at('11:30'), 'ARRIVED', { arrived_at: at('11:40') });
  // E: early (10:50 ≤ 11:15), started 11:10, at the door now: on dock, wait 20; occupies K1 11:10 → 12:00 = 50 min.
  await plan('KPI-E', 'K1', at('11:00'), at('13:00'), 'IN_PROGRESS', { arrived_at: at('10:50'), started_at: at('11:10') });
  // F: due at 11:50, tolerance until 12:05: not late, not due yet.
  await plan('KPI-F', 'K2', at('11:50'), at('12:50'), 'PLANNED');
  // G: cancelled: counts nowhere.
  await plan('KPI-G', 'K2', at('07:00'), at('08:00'), 'CANCELLED');
  // Q: IN_PROGRESS with its times cleared by corrections: here by its status, so neither late nor a no-show (as on the board);
  // due once 15 min past eta_in, its on-time arrival unknown (not on time). Counted in due (6) and arrived (5) below.
  const q = await plan('KPI-Q', 'K2', at('04:00'), at('05:00'), 'IN_PROGRESS', { arrived_at: at('04:00'), started_at: at('04:05') });
  await admin('PATCH', `/api/assignments/${q.id}`, { version: q.version, arrived_at: null, started_at: null });
  // H: this afternoon.
  await plan('KPI-H', 'K1', at('14:00'), at('15:00'), 'PLANNED');
  // P: the evening before (local 23:00 on the 14th), worked 22:30 → 23:45: 45 min of K2 fall in our day (from 23:00).
  await plan('KPI-P', 'K2', at('22:00', '2031-01-14'), at('23:30', '2031-01-14'), 'COMPLETED', {
    arrived_at: at('22:10', '2031-01-14'),
    started_at: at('22:30', '2031-01-14'),
    completed_at: at('23:45', '2031-01-14'),
  });
  // Z: planned the evening before (20:00 → 21:00 on the 14th) and arrived only at 11:00 today, not started: on site now, so waiting;
  // none of the 15th's own figures (its eta_in is the 14th's): late and a no-show on the 14th.
  await plan('KPI-Z', 'K2', at('20:00', '2031-01-14'), at('21:00', '2031-01-14'), 'ARRIVED', { arrived_at: at('11:00') });
  // Y: a truck checked in at the gate at 11:55 whose load has no assignment (the gate sets loads.arrived_at).
  const y = await admin('POST', '/api/loads', { reference: 'KPI-Y', direction: 'IB' });
  await s.db.$client`UPDATE loads SET arrived_at = ${at('11:55')}::timestamptz WHERE id = ${y.id}`;
}, 60_000);
afterAll(() => s.close());

const EXPECTED_DAY = {
  date: DAY,
  on_dock: 1, // E
  waiting: 3, // on site at NOW whatever their day (the yard queue): D, Z (arrived, not started) + Y (at the gate, no assignment)
  completed: 2, // A, B
  late: 1, // C (D arrived, F within 15 min, H ahead)
  overdue: 3, // C past 10:00, D past 11:30, Q past 05:00
  no_show: 2, // C never, D after eta_out
  on_time_arrival_pct: 33.3, // due: A, B, C, D, E, Q = 6; on time: A, E = 2; 2 / 6
  avg_wait_minutes: 15, // (A 15 + B 10 + E 20) / 3
  avg_door_minutes: 45, // (A 30 + B 60) / 2
  avg_dwell_minutes: 72.5, // (A 55 + B 90) / 2
};

describe('a day of KPIs from the facts (SPEC §8)', () => {
  it('counts the controlled day as worked out by hand', async () => {
    const k = await dayKpis(s.db, TZ, { date: DAY }, NOW);
    expect(k).toMatchObject(EXPECTED_DAY);
    // 13 h of the day have passed (23:00Z → 12:00Z = 780 min).
    // K1: A 30 + B 60 + E 50 = 140 min → 17.9 %; K2: P's 45 min after midnight → 5.8 %; the demo ramps did nothing.
    const byCode = Object.fromEntries(k.ramps.map((r) => [r.code, r.utilization_pct]));
    expect(byCode).toMatchObject({ K1: 17.9, K2: 5.8, R1: 0 });
    expect(k.ramps.at(-1)?.code).toBe('K2');
  });

  it('moves with now: before 06:00 nothing is due; after the day every open truck is past its window', async () => {
    const early = await dayKpis(s.db, TZ, { date: DAY }, new Date(at('05:00')));
    // No time is recorded by 05:00 (Q is here by its status only); only P's 45 minutes (of 6 h elapsed) occupy anything. A and B count as
    // completed all the same: their status says so, and a COMPLETED block is done on the board whatever the clock.
    expect(early).toMatchObject({ on_dock: 0, waiting: 0, completed: 2, late: 0, overdue: 0, no_show: 0, on_time_arrival_pct: 0 }); // due: Q only
    expect(early.ramps.find((r) => r.code === 'K2')?.utilization_pct).toBe(12.5); // 45 / 360
    const later = await dayKpis(s.db, TZ, { date: DAY }, new Date('2031-01-16T12:00:00Z'));
    // On site at the day's end (23:00Z): D, Z and Y still wait, E is still at its door.
    expect(later).toMatchObject({ on_dock: 1, waiting: 3 });
    // A day later F and H never came: late (C, F, H), overdue (C, D, E, F, H, Q), no-shows (C, D, F, H).
    expect(later).toMatchObject({ late: 3, overdue: 6, no_show: 4, on_time_arrival_pct: 25 }); // due 8, on time 2
    const future = await dayKpis(s.db, TZ, { date: '2031-02-01' }, NOW);
    expect(future).toMatchObject({ on_dock: 0, on_time_arrival_pct: null, avg_wait_minutes: null });
    expect(future.ramps.every((r) => r.utilization_pct === null)).toBe(true);
  });

  it('counts as waiting today exactly the trucks of the yard queue, in each direction', async () => {
    await admin('POST', '/api/loads/walk-in', { reference: 'KPI-WALK-IN', direction: 'OB' });
    for (const direction of [undefined, 'IB', 'OB'] as const) {
      const q = direction ? `?direction=${direction}` : '';
      const [kpis, yard] = await Promise.all([
        api(s, 'GET', `/api/kpis${q}`, { token: s.tokens.OPERATOR }),
        api(s, 'GET', `/api/yard${q}`, { token: s.tokens.OPERATOR }),
      ]);
      expect(yard.status).toBe(200);
      expect(kpis.body.waiting).toBe(yard.body.length);
      if (direction !== 'IB') expect(yard.body.length).toBeGreaterThan(0);
    }
  });

  it('answers GET /api/kpis for any signed-in user, with the same figures for today', async () => {
    const today = await dayKpis(s.db, TZ, {});
    for (const token of [s.tokens.OPERATOR, s.tokens.SUPERVISOR, s.tokens.ADMIN]) {
      const res = await api(s, 'GET', '/api/kpis', { token });
      expect(res.status).toBe(200);
      expect(res.body).toEqual(today);
    }
    const day = await api(s, 'GET', `/api/kpis?date=${DAY}`, { token: s.tokens.OPERATOR });
    // Past its day every figure is as of the real clock, later than NOW: the same as the run "after the day".
    expect(day.body).toEqual(await dayKpis(s.db, TZ, { date: DAY }));
    expect((await api(s, 'GET', '/api/kpis?date=15-01-2031', { token: s.tokens.OPERATOR })).status).toBe(422);
    expect((await api(s, 'GET', '/api/kpis')).status).toBe(401);
    const ob = await api(s, 'GET', `/api/kpis?date=${DAY}&direction=OB`, { token: s.tokens.OPERATOR });
    expect(ob.body).toMatchObject({ completed: 0, no_show: 0, on_time_arrival_pct: null });
    expect(ob.body.ramps.some((r: { code: string }) => r.code === 'R5')).toBe(false); // R5 is an IB ramp
  });

  it("gives a display link today's figures in its direction, and nothing to a revoked link", async () => {
    const tv = await admin('POST', '/api/displays', { name: 'KPI TV', direction: 'IB' });
    const res = await api(s, 'GET', `/api/tv/${tv.token}/kpis`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(await dayKpis(s.db, TZ, { direction: 'IB' }));
    await admin('DELETE', `/api/displays/${tv.id}`);
    expect((await api(s, 'GET', `/api/tv/${tv.token}/kpis`)).status).toBe(404);
    expect((await api(s, 'GET', '/api/tv/not-a-token/kpis')).status).toBe(404);
  });
});

describe('report data', () => {
  it('lists every day of the range with the same figures as its KPIs, and ramps over the range', async () => {
    const r = await reportData(s.db, TZ, { from: '2031-01-14', to: '2031-01-16' }, NOW);
    expect(r.days.map((d) => d.date)).toEqual(['2031-01-14', '2031-01-15', '2031-01-16']);
    const [before, day, after] = r.days;
    // The 14th: P (arrived 22:10 ≤ 22:15: on time; wait 20, door 75 min; no departure) and Z (arrived the next day at 11:00,
    // after its eta_out 21:00: due, arrived by NOW, not on time, a no-show; not started, so in no average).
    expect(before).toEqual({
      date: '2031-01-14',
      due: 2,
      arrived: 2,
      on_time_arrival_pct: 50,
      avg_wait_minutes: 20,
      avg_door_minutes: 75,
      avg_dwell_minutes: null,
      handled: 1,
      no_show: 1,
    });
    expect(day).toEqual({
      date: DAY,
      due: 6,
      arrived: 5, // A, B, D, E, and Q by its status
      on_time_arrival_pct: EXPECTED_DAY.on_time_arrival_pct,
      avg_wait_minutes: EXPECTED_DAY.avg_wait_minutes,
      avg_door_minutes: EXPECTED_DAY.avg_door_minutes,
      avg_dwell_minutes: EXPECTED_DAY.avg_dwell_minutes,
      handled: EXPECTED_DAY.completed,
      no_show: EXPECTED_DAY.no_show,
    });
    expect(after).toMatchObject({ due: 0, arrived: 0, on_time_arrival_pct: null, handled: 0, no_show: 0 });
    // The range began 2031-01-13T23:00Z: 37 h = 2,220 min have passed by NOW.
    // K1: 140 min → 6.3 %, 2 handled (A, B); K2: P 22:30 → 23:45 = 75 min → 3.4 %, 1 handled.
    const k = Object.fromEntries(r.ramps.map((x) => [x.code, x]));
    expect(k.K1).toMatchObject({ utilization_pct: 6.3, handled: 2 });
    expect(k.K2).toMatchObject({ utilization_pct: 3.4, handled: 1 });
    const acme = await reportData(s.db, TZ, { from: DAY, to: DAY, carrier: 'acme' }, NOW);
    expect(acme.days[0]).toMatchObject({ due: 1, arrived: 1, handled: 1, on_time_arrival_pct: 100 }); // KPI-A only
  });

  it('is for supervisors and admins, over at most 366 days', async () => {
    const q = `/api/reports?from=2031-01-14&to=${DAY}`;
    expect((await api(s, 'GET', q, { token: s.tokens.SUPERVISOR })).status).toBe(200);
    expect((await api(s, 'GET', q, { token: s.tokens.ADMIN })).status).toBe(200);
    expect((await api(s, 'GET', q, { token: s.tokens.OPERATOR })).status).toBe(403);
    const res = await api(s, 'GET', q, { token: s.tokens.SUPERVISOR });
    expect(res.body.days[1]).toEqual((await reportData(s.db, TZ, { from: '2031-01-14', to: DAY })).days[1]);
    expect((await api(s, 'GET', '/api/reports?from=2030-01-01&to=2031-01-01', { token: s.tokens.ADMIN })).status).toBe(200); // 366 days
    const tooLong = await api(s, 'GET', '/api/reports?from=2030-01-01&to=2031-01-02', { token: s.tokens.ADMIN });
    expect(tooLong.status).toBe(422);
    expect(tooLong.body.detail[0].loc).toEqual(['query', 'to']);
    expect((await api(s, 'GET', '/api/reports?from=2031-01-15&to=2031-01-14', { token: s.tokens.ADMIN })).status).toBe(422);
    // Without a range: the 30 days up to today.
    const last30 = await api(s, 'GET', '/api/reports', { token: s.tokens.SUPERVISOR });
    expect(last30.body.days).toHaveLength(30);
    expect(last30.body.to).toBe(last30.body.days[29].date);
  });
});
