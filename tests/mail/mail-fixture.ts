// Bookings through the existing REST API as an operator, for the e-mail tests; carriers and carrier users by SQL.
import { expect } from 'vitest';
import type { Assignment } from '@/lib/schemas/assignments';
import { createLogger } from '@/server/logger';
import type { MailService } from '@/server/mail/mail-service';
import { startMail } from '@/server/mail/start-mail';
import { api, type TestServer } from '@/tests/support/test-server';

/** Fast retries, lease and scans: the tests watch them happen. */
export const MAIL_TEST_ENV = {
  SITE_TIMEZONE: 'Europe/Amsterdam',
  SITE_LOCALE: 'en-GB',
  MAIL_FROM: 'DCDock <dock@dcdock.test>',
  MAIL_RETRY_BASE_MS: '50',
  MAIL_RETRY_MAX_MS: '300',
  MAIL_LEASE_MS: '1000',
  MAIL_POLL_MS: '200',
  MAIL_OVERDUE_SCAN_MS: '200',
};

/** What the helpers use of a server: the test server, or a DCDock process of its own with a database client. */
type Target = Pick<TestServer, 'url' | 'db' | 'tokens'>;

export type Fixture = {
  s: Target;
  status: Record<string, number>;
  /** Ramps that take inbound loads, in board order. */
  ramps: { id: number; code: string }[];
};

export async function prepare(s: Target): Promise<Fixture> {
  // The e-mail tests pick their own times: the demo's working hours and closures (if any) do not apply.
  await s.db.$client`DELETE FROM ramp_closures`;
  await s.db.$client`DELETE FROM ramp_hours`;
  const statuses = (await api(s, 'GET', '/api/statuses', { token: s.tokens.OPERATOR })).body as { id: number; code: string }[];
  const ramps = (await api(s, 'GET', '/api/ramps', { token: s.tokens.OPERATOR })).body as { id: number; code: string; kind: string }[];
  return {
    s,
    status: Object.fromEntries(statuses.map((st) => [st.code, st.id])),
    ramps: ramps.filter((r) => r.kind !== 'OB').map((r) => ({ id: r.id, code: r.code })),
  };
}

/** Starts e-mail on the test server as server/index.ts does (a new instance id stands for a restarted process). */
export function startMailOn(s: TestServer, instanceId = `mail-${Math.random().toString(36).slice(2)}`): MailService {
  const service = startMail({ db: s.db, logger: createLogger('silent'), config: { ...s.config, instanceId } }, s.realtime.hub);
  if (!service) throw new Error('SMTP_URL is not set');
  return service;
}

export async function addCarrier(s: Target, name: string, contactEmail: string | null): Promise<number> {
  const [row] = await s.db.$client<{ id: number }[]>`INSERT INTO carriers (name, contact_email) VALUES (${name}, ${contactEmail}) RETURNING id`;
  return row!.id;
}

export async function addUser(s: Target, email: string, role: string, extra: { carrierId?: number; active?: boolean; overdueAlerts?: boolean } = {}) {
  const [row] = await s.db.$client<{ id: number }[]>`
    INSERT INTO users (email, full_name, password_hash, role, carrier_id, is_active, overdue_alerts)
    VALUES (${email}, ${email.split('@')[0]!}, 'x', ${role}, ${extra.carrierId ?? null}, ${extra.active ?? true}, ${extra.overdueAlerts ?? false})
    RETURNING id`;
  return row!.id;
}

let n = 0;
/** A unique reference per test run. */
export const nextReference = (prefix = 'IB') => `${prefix}-M${Date.now().toString(36).slice(-4)}${++n}`;

/** A load (the carrier's when given) and its assignment, as an operator through REST. */
export async function book(
  f: Fixture,
  o: { carrierId: number | null; rampId: number; etaIn: string; minutes?: number; etaOut?: string; status?: string; reference?: string },
): Promise<Assignment> {
  const { s } = f;
  const reference = o.reference ?? nextReference();
  const load = await api(s, 'POST', '/api/loads', { token: s.tokens.OPERATOR, body: { reference, direction: 'IB' } });
  expect(load.status, JSON.stringify(load.body)).toBe(201);
  if (o.carrierId !== null) {
    await s.db
      .$client`UPDATE loads SET carrier_id = ${o.carrierId}, carrier = (SELECT name FROM carriers WHERE id = ${o.carrierId}) WHERE id = ${load.body.id}`;
  }
  const etaOut = o.etaOut ?? new Date(Date.parse(o.etaIn) + (o.minutes ?? 90) * 60_000).toISOString();
  const created = await api(s, 'POST', '/api/assignments', {
    token: s.tokens.OPERATOR,
    body: { ramp_id: o.rampId, load_id: load.body.id, status_id: f.status[o.status ?? 'REQUESTED'], eta_in: o.etaIn, eta_out: etaOut },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body as Assignment;
}

/** An operator's change of an assignment (version-checked). */
export async function change(f: Fixture, a: Assignment, body: Record<string, unknown>): Promise<Assignment> {
  const res = await api(f.s, 'PATCH', `/api/assignments/${a.id}`, { token: f.s.tokens.OPERATOR, body: { version: a.version, ...body } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as Assignment;
}

export const approve = (f: Fixture, a: Assignment) => change(f, a, { status_id: f.status.PLANNED });
