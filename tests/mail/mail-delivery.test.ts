import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAssignment } from '@/server/assignments/create-assignment';
import type { MailService } from '@/server/mail/mail-service';
import { startMail } from '@/server/mail/start-mail';
import { createLogger } from '@/server/logger';
import { type ReceivedMail, type SmtpSink, startSmtpSink } from '@/e2e/support/smtp';
import { api, startTestServer, type TestServer } from '@/tests/support/test-server';
import { addCarrier, addUser, approve, book, change, type Fixture, MAIL_TEST_ENV, nextReference, prepare, startMailOn } from './mail-fixture';

let sink: SmtpSink;
let s: TestServer;
let f: Fixture;
let mail: MailService;
let acme: number;
const ACME = 'dispatch@acme.test';

beforeAll(async () => {
  sink = await startSmtpSink();
  s = await startTestServer({ ...MAIL_TEST_ENV, SMTP_URL: sink.url });
  f = await prepare(s);
  acme = await addCarrier(s, 'Acme Haulage', ACME);
  mail = startMailOn(s);
});
afterAll(async () => {
  await mail?.stop();
  await s?.close();
  await sink?.close();
});

/** Messages about one load: its reference is followed by a space in every subject (so IB-X1 is not IB-X11). */
const about = (ref: string) => (m: ReceivedMail) => m.subject.includes(`${ref} `);
const countAbout = (ref: string) => sink.messages.filter(about(ref)).length;
const r0 = () => f.ramps[0]!;
const r1 = () => f.ramps[1]!;
/** Every queued message about these loads is marked sent in the outbox (so none is left to be sent again). */
const unsentAbout = async (refs: string[]) =>
  Number((await s.db.$client`SELECT count(*) FROM mail_outbox WHERE sent_at IS NULL AND subject LIKE ANY(${refs.map((r) => `%${r} %`)}::text[])`)[0]!.count);

describe('booking e-mail to the carrier', () => {
  it('approval: one message to the contact address, with reference, local day and times, and door', async () => {
    const a = await book(f, { carrierId: acme, rampId: r0().id, etaIn: '2031-03-05T09:00:00Z' });
    await approve(f, a);
    const m = await sink.waitFor(about(a.load.reference));
    expect(m.to).toEqual([ACME]);
    expect(m.from).toBe('dock@dcdock.test');
    // 09:00 UTC is 10:00 in Amsterdam in March.
    expect(m.subject).toBe(`Booking approved: ${a.load.reference} Wed 5 Mar 10:00–11:30, door ${r0().code}`);
    expect(m.text).toContain(`Your booking ${a.load.reference} is approved.`);
    expect(m.text).toMatch(/Carrier: +Acme Haulage/);
    expect(m.html).toContain(`<td>${r0().code}</td>`);
    expect(m.messageId).toMatch(/^<dcdock\.[0-9a-z]+\.\d+@dcdock\.test>$/);
    expect(m.headers['auto-submitted']).toBe('auto-generated');
  });

  it('decline: with the reason', async () => {
    const a = await book(f, { carrierId: acme, rampId: r0().id, etaIn: '2031-03-05T12:00:00Z' });
    // The decline route sets the reason with the status (booking helper); here the reason is set first, as stored.
    await s.db.$client`UPDATE assignments SET decline_reason = 'No door free that afternoon' WHERE id = ${a.id}`;
    await change(f, a, { status_id: f.status.DECLINED });
    const m = await sink.waitFor(about(a.load.reference));
    expect(m.to).toEqual([ACME]);
    expect(m.subject).toBe(`Booking declined: ${a.load.reference} Wed 5 Mar 13:00–14:30`);
    expect(m.text).toMatch(/Reason: +No door free that afternoon/);
  });

  it('a later change of time and door of an approved booking: one message saying what it was and is', async () => {
    const a = await approve(f, await book(f, { carrierId: acme, rampId: r0().id, etaIn: '2031-03-05T15:00:00Z' }));
    const ref = a.load.reference;
    await sink.waitFor((m) => m.subject.startsWith(`Booking approved: ${ref} `));
    const moved = await change(f, a, { ramp_id: r1().id, eta_in: '2031-03-05T16:00:00Z', eta_out: '2031-03-05T17:30:00Z' });
    const m = await sink.waitFor((x) => x.subject.startsWith(`Booking changed: ${ref} `));
    expect(m.subject).toBe(`Booking changed: ${ref} was ${r0().code} 16:00, now ${r1().code} 17:00`);
    expect(m.text).toContain(`it is now Wed 5 Mar 17:00–18:30, door ${r1().code}`);
    expect(m.text).toMatch(new RegExp(`Was: +Wed 5 Mar 16:00–17:30, door ${r0().code}`));
    // A status step alone (the truck arrives) is not mailed: the next message about it is the sentinel's, not one for this.
    await change(f, moved, { status_id: f.status.ARRIVED });
    const sentinel = await approve(f, await book(f, { carrierId: acme, rampId: r0().id, etaIn: '2031-03-05T18:00:00Z' }));
    await sink.waitFor(about(sentinel.load.reference));
    expect(countAbout(ref)).toBe(2);
  });

  it('without a contact address: to the carrier’s active users', async () => {
    const carrier = await addCarrier(s, 'Blue Freight', null);
    await addUser(s, 'ann@blue.test', 'CARRIER', { carrierId: carrier });
    await addUser(s, 'bob@blue.test', 'CARRIER', { carrierId: carrier });
    await addUser(s, 'gone@blue.test', 'CARRIER', { carrierId: carrier, active: false });
    const a = await approve(f, await book(f, { carrierId: carrier, rampId: r0().id, etaIn: '2031-03-06T09:00:00Z' }));
    await expect.poll(() => countAbout(a.load.reference)).toBe(2);
    expect(
      sink.messages
        .filter(about(a.load.reference))
        .flatMap((m) => m.to)
        .sort(),
    ).toEqual(['ann@blue.test', 'bob@blue.test']);
  });

  it('a carrier user’s own booking created approved (auto-approve) gets the approval', async () => {
    const carrier = await addCarrier(s, 'Quick Lines', 'plan@quick.test');
    const userId = await addUser(s, 'driver@quick.test', 'CARRIER', { carrierId: carrier });
    const ref = nextReference();
    const load = await api(s, 'POST', '/api/loads', { token: s.tokens.OPERATOR, body: { reference: ref, direction: 'IB' } });
    await s.db.$client`UPDATE loads SET carrier_id = ${carrier}, carrier = 'Quick Lines' WHERE id = ${load.body.id}`;
    const actor = { id: userId, email: 'driver@quick.test', fullName: 'driver', role: 'CARRIER' as const, carrierId: carrier };
    await createAssignment(s.db, actor, {
      ramp_id: r0().id,
      load_id: load.body.id,
      status_id: f.status.PLANNED,
      eta_in: new Date('2031-03-06T12:00:00Z'),
      eta_out: new Date('2031-03-06T13:00:00Z'),
    });
    const m = await sink.waitFor(about(ref));
    expect(m.to).toEqual(['plan@quick.test']);
    expect(m.subject).toMatch(/^Booking approved: /);
  });

  it('nothing for a load without a carrier', async () => {
    const staff = await book(f, { carrierId: null, rampId: r1().id, etaIn: '2031-03-06T15:00:00Z' });
    const planned = await approve(f, staff);
    await change(f, planned, { eta_in: '2031-03-06T16:00:00Z', eta_out: '2031-03-06T17:00:00Z' });
    // Messages go out in the order their events were written: once a later one is here, none is coming for the staff load.
    const sentinel = await approve(f, await book(f, { carrierId: acme, rampId: r0().id, etaIn: '2031-03-06T18:00:00Z' }));
    await sink.waitFor(about(sentinel.load.reference));
    expect(countAbout(staff.load.reference)).toBe(0);
  });
});

describe('exactly once, across restarts and SMTP trouble', () => {
  /** `count` approvals of new bookings on one day, each on its own two hours of the first ramp. */
  async function approvals(day: string, count: number): Promise<string[]> {
    const refs: string[] = [];
    for (let i = 0; i < count; i++) {
      const etaIn = `${day}T${String(5 + 2 * i).padStart(2, '0')}:00:00Z`;
      refs.push((await approve(f, await book(f, { carrierId: acme, rampId: r0().id, etaIn }))).load.reference);
    }
    return refs;
  }
  const arrived = (refs: string[]) => refs.filter((r) => countAbout(r) > 0).length;

  it('the sender stopped mid-stream and started again (a restart): every change mailed exactly once', async () => {
    sink.delay(150);
    const refs = await approvals('2031-03-10', 8);
    await expect.poll(() => arrived(refs), { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    await mail.stop();
    expect(arrived(refs)).toBeLessThan(8);
    sink.delay(0);
    mail = startMailOn(s);
    await expect.poll(() => arrived(refs), { timeout: 10_000 }).toBe(8);
    await expect.poll(() => unsentAbout(refs)).toBe(0);
    expect(refs.map(countAbout)).toEqual(refs.map(() => 1));
  });

  it('the SMTP server refusing for a while (4xx) and the worker restarted meanwhile: each once, none lost', async () => {
    sink.failWith(451);
    const refused = sink.refused();
    const refs = await approvals('2031-03-11', 4);
    await expect.poll(() => sink.refused() - refused, { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
    await mail.stop();
    mail = startMailOn(s);
    sink.failWith(null);
    await expect.poll(() => arrived(refs), { timeout: 10_000 }).toBe(4);
    await expect.poll(() => unsentAbout(refs)).toBe(0);
    expect(refs.map(countAbout)).toEqual(refs.map(() => 1));
  });

  it('the SMTP server down for a while: writes go on, and the messages arrive once it is back', async () => {
    const port = sink.port;
    const before = sink.messages;
    await sink.close();
    const refs = await approvals('2031-03-12', 4);
    await expect
      .poll(async () => Number((await s.db.$client`SELECT count(*) FROM mail_outbox WHERE sent_at IS NULL AND last_error IS NOT NULL`)[0]!.count))
      .toBeGreaterThan(0);
    sink = await startSmtpSink({ port });
    sink.messages.push(...before);
    await expect.poll(() => arrived(refs), { timeout: 10_000 }).toBe(4);
    await expect.poll(() => unsentAbout(refs)).toBe(0);
    expect(refs.map(countAbout)).toEqual(refs.map(() => 1));
  });

  it('a message the SMTP server refuses for good (5xx) is given up, and the next ones still go', async () => {
    sink.failWith(550);
    const [refusedRef] = await approvals('2031-03-13', 1);
    await expect
      .poll(async () => (await s.db.$client`SELECT gave_up_at IS NOT NULL AS given FROM mail_outbox WHERE subject LIKE ${`%${refusedRef} %`}`)[0]?.given)
      .toBe(true);
    sink.failWith(null);
    const [next] = await approvals('2031-03-14', 1);
    await sink.waitFor(about(next!));
    expect(countAbout(refusedRef!)).toBe(0);
  });
});

describe('one instance at a time', () => {
  it('two instances running e-mail on one database: each change once; when the holder stops, the other goes on', async () => {
    const other = startMailOn(s, 'second-instance');
    try {
      const refs: string[] = [];
      for (let i = 0; i < 4; i++) {
        const etaIn = `2031-03-17T${String(6 + 2 * i).padStart(2, '0')}:00:00Z`;
        refs.push((await approve(f, await book(f, { carrierId: acme, rampId: r0().id, etaIn }))).load.reference);
      }
      await expect.poll(() => refs.filter((r) => countAbout(r) > 0).length, { timeout: 10_000 }).toBe(4);
      const [held] = await s.db.$client<{ owner: string }[]>`SELECT lease_owner AS owner FROM mail_consumer`;
      // Whoever holds the lease, the other stands by; stopping the holder hands it over at once.
      if (held!.owner === 'second-instance') await other.stop();
      else await mail.stop();
      const more = (await approve(f, await book(f, { carrierId: acme, rampId: r0().id, etaIn: '2031-03-18T06:00:00Z' }))).load.reference;
      await sink.waitFor(about(more));
      await expect.poll(() => unsentAbout([...refs, more])).toBe(0);
      expect([...refs, more].map(countAbout)).toEqual([1, 1, 1, 1, 1]);
    } finally {
      await other.stop();
      await mail.stop();
      mail = startMailOn(s);
    }
  });
});

describe('without SMTP_URL', () => {
  it('nothing starts, nothing is queued from the log, and writes succeed', async () => {
    const plain = await startTestServer(MAIL_TEST_ENV);
    try {
      expect(startMail({ db: plain.db, logger: createLogger('silent'), config: plain.config }, plain.realtime.hub)).toBeNull();
      const g = await prepare(plain);
      const carrier = await addCarrier(plain, 'Acme Haulage', ACME);
      const a = await approve(g, await book(g, { carrierId: carrier, rampId: g.ramps[0]!.id, etaIn: '2031-03-05T09:00:00Z' }));
      await change(g, a, { eta_in: '2031-03-05T10:00:00Z', eta_out: '2031-03-05T11:30:00Z' });
      const [row] = await plain.db.$client`SELECT (SELECT count(*) FROM mail_consumer)::int AS cursors, (SELECT count(*) FROM mail_outbox)::int AS queued`;
      expect(row).toEqual({ cursors: 0, queued: 0 });

      // E-mail switched on later starts at the head of the log: nothing for what happened before, the next change is mailed.
      const config = { ...plain.config, instanceId: 'enabled-later', mail: { ...plain.config.mail, smtpUrl: sink.url } };
      const late = startMail({ db: plain.db, logger: createLogger('silent'), config }, plain.realtime.hub)!;
      try {
        const next = await approve(g, await book(g, { carrierId: carrier, rampId: g.ramps[0]!.id, etaIn: '2031-03-05T12:00:00Z' }));
        await sink.waitFor(about(next.load.reference));
        expect(countAbout(a.load.reference)).toBe(0);
      } finally {
        await late.stop();
      }
    } finally {
      await plain.close();
    }
  });
});
