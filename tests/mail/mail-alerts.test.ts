import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ReceivedMail, type SmtpSink, freeSmtpPort, startSmtpSink } from '@/e2e/support/smtp';
import type { MailService } from '@/server/mail/mail-service';
import { api, DEMO, startTestServer, type TestServer } from '@/tests/support/test-server';
import { addCarrier, addUser, book, change, type Fixture, MAIL_TEST_ENV, prepare, startMailOn } from './mail-fixture';

let sink: SmtpSink;
let s: TestServer;
let f: Fixture;
let mail: MailService;

beforeAll(async () => {
  sink = await startSmtpSink();
  s = await startTestServer({
    ...MAIL_TEST_ENV,
    SMTP_URL: sink.url,
    WEBHOOK_ALLOW_PRIVATE: '1',
    WEBHOOK_RETRY_BASE_MS: '50',
    WEBHOOK_RETRY_MAX_MS: '100',
    WEBHOOK_PAUSE_AFTER_MS: '1000',
  });
  f = await prepare(s);
  mail = startMailOn(s);
});
afterAll(async () => {
  await mail?.stop();
  await s?.close();
  await sink?.close();
});

const overdueOf = (ref: string) => (m: ReceivedMail) => m.subject.startsWith(`Overdue: ${ref} `);
const inMs = (ms: number) => new Date(Date.now() + ms).toISOString();

describe('overdue alerts', () => {
  it('go once per truck and planned end, to the active staff who opted in only', async () => {
    await s.db.$client`UPDATE users SET overdue_alerts = true WHERE email = ${DEMO.SUPERVISOR}`;
    await addUser(s, 'night.operator@dcdock.com', 'OPERATOR', { overdueAlerts: true });
    await addUser(s, 'former.supervisor@dcdock.com', 'SUPERVISOR', { overdueAlerts: true, active: false });
    const carrier = await addCarrier(s, 'Alert Test Carrier', null);
    await addUser(s, 'carrier.user@alert.test', 'CARRIER', { carrierId: carrier, overdueAlerts: true });
    const optedIn = [DEMO.SUPERVISOR, 'night.operator@dcdock.com'];

    // Planned to finish in 1.5 s: overdue from then on (the board's rule: not completed and past eta_out).
    const truck = await book(f, { carrierId: null, rampId: f.ramps[0]!.id, etaIn: inMs(-30 * 60_000), etaOut: inMs(1500), status: 'PLANNED' });
    const ref = truck.load.reference;
    const first = await sink.waitFor(overdueOf(ref), 10_000);
    expect(first.receivedAt).toBeGreaterThanOrEqual(Date.parse(truck.eta_out));
    expect(first.subject).toMatch(new RegExp(`^Overdue: ${ref} at ${f.ramps[0]!.code}, planned to finish \\d\\d:\\d\\d$`));
    expect(first.text).toMatch(/Status: +Planned/);
    await expect
      .poll(() =>
        sink.messages
          .filter(overdueOf(ref))
          .flatMap((m) => m.to)
          .sort(),
      )
      .toEqual(optedIn.sort());

    // A completed truck past its end is not overdue. A second overdue truck's alert means later scans ran: the first
    // truck was looked at again and not alerted again.
    const done = await book(f, { carrierId: null, rampId: f.ramps[1]!.id, etaIn: inMs(-60 * 60_000), minutes: 30, status: 'COMPLETED' });
    const second = await book(f, { carrierId: null, rampId: f.ramps[2]!.id, etaIn: inMs(-60 * 60_000), minutes: 30, status: 'ARRIVED' });
    await expect.poll(() => sink.messages.filter(overdueOf(second.load.reference)).length, { timeout: 10_000 }).toBe(2);
    expect(sink.messages.filter(overdueOf(ref))).toHaveLength(2);
    expect(sink.messages.filter(overdueOf(done.load.reference))).toHaveLength(0);

    // Moved to a later end, and overdue again: alerted again, once.
    await change(f, truck, { eta_out: inMs(1000) });
    await expect.poll(() => sink.messages.filter(overdueOf(ref)).length, { timeout: 10_000 }).toBe(4);
  });
});

describe('webhook paused', () => {
  it('e-mails every active admin once, in the transaction that pauses the endpoint', async () => {
    await addUser(s, 'retired.admin@dcdock.com', 'ADMIN', { active: false });
    const second = 'second.admin@dcdock.com';
    await addUser(s, second, 'ADMIN');
    const url = `http://127.0.0.1:${await freeSmtpPort()}/hook`;
    const hook = await api(s, 'POST', '/api/webhooks', { token: s.tokens.ADMIN, body: { url } });
    expect(hook.status, JSON.stringify(hook.body)).toBe(201);
    expect((await api(s, 'POST', '/api/loads', { token: s.tokens.ADMIN, body: { reference: 'WH-PAUSE-1', direction: 'IB' } })).status).toBe(201);

    const admins = (await s.db.$client<{ email: string }[]>`SELECT email FROM users WHERE role = 'ADMIN' AND is_active`).map((u) => u.email);
    expect(admins).toEqual(expect.arrayContaining([DEMO.ADMIN, second]));
    expect(admins).not.toContain('retired.admin@dcdock.com');
    const subject = `Webhook paused: ${url}`;
    await expect.poll(() => sink.messages.filter((m) => m.subject === subject).length, { timeout: 15_000 }).toBe(admins.length);
    const paused = await api(s, 'GET', `/api/webhooks/${hook.body.id}`, { token: s.tokens.ADMIN });
    expect(paused.body.paused_at).not.toBeNull();
    const to = sink.messages.filter((m) => m.subject === subject).flatMap((m) => m.to);
    expect(to.sort()).toEqual(admins.sort());
    const m = sink.messages.find((x) => x.subject === subject)!;
    expect(m.text).toContain('it kept failing for 1 second');
    expect(m.text).toMatch(/Last error: +\S/);
    const keys = await s.db.$client<{ dedupe_key: string }[]>`SELECT dedupe_key FROM mail_outbox WHERE dedupe_key LIKE ${`webhook-paused:${hook.body.id}:%`}`;
    expect(keys).toHaveLength(admins.length);
  });
});
