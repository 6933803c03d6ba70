import { describe, expect, it } from 'vitest';
import { escapeHtml, formatSlot } from '@/server/mail/mail-layout';
import { type BookingState, bookingChangeOf, bookingMail, overdueMail, webhookPausedMail } from '@/server/mail/mail-messages';
import { carrierRecipients } from '@/server/mail/mail-consumer';
import { createSmtpTransport, fromDomain, SMTP_TIMEOUTS } from '@/server/mail/mail-sender';

const site = { timeZone: 'Europe/Amsterdam', locale: 'en-GB' };
// Wed 2 Dec 2026, 10:00–11:30 in Amsterdam (UTC+1).
const booking = (over: Partial<BookingState> & { code?: string } = {}): BookingState => ({
  ramp_id: 5,
  eta_in: '2026-12-02T09:00:00.000Z',
  eta_out: '2026-12-02T10:30:00.000Z',
  ramp: { code: 'R5' },
  load: { reference: 'IB-1001', direction: 'IB' },
  ...over,
  status: { code: over.code ?? over.status?.code ?? 'PLANNED' },
});
const ctx = { carrierName: 'Acme Haulage', truckPlate: 'AB-123-C' };

describe('which booking events are mailed', () => {
  it('approval: REQUESTED → PLANNED, and a carrier user’s own booking created approved (auto-approve)', () => {
    expect(bookingChangeOf('updated', booking(), booking({ code: 'REQUESTED' }), false)?.kind).toBe('approved');
    expect(bookingChangeOf('created', booking(), null, true)?.kind).toBe('approved');
    // Staff planning a carrier's load is not a booking the carrier made; a request is not news yet.
    expect(bookingChangeOf('created', booking(), null, false)).toBeNull();
    expect(bookingChangeOf('created', booking({ code: 'REQUESTED' }), null, true)).toBeNull();
  });

  it('decline, and a cancellation by the site after approval (not the carrier’s own cancel of a request)', () => {
    expect(bookingChangeOf('updated', booking({ code: 'DECLINED' }), booking({ code: 'REQUESTED' }), false)?.kind).toBe('declined');
    expect(bookingChangeOf('updated', booking({ code: 'CANCELLED' }), booking(), false)?.kind).toBe('cancelled');
    expect(bookingChangeOf('deleted', booking(), booking(), false)?.kind).toBe('cancelled');
    expect(bookingChangeOf('updated', booking({ code: 'CANCELLED' }), booking({ code: 'REQUESTED' }), true)).toBeNull();
    expect(bookingChangeOf('deleted', booking({ code: 'REQUESTED' }), booking({ code: 'REQUESTED' }), true)).toBeNull();
  });

  it('a new time or door of an approved booking; not a status step, nor a change of a request', () => {
    const moved = booking({ ramp_id: 6, ramp: { code: 'R6' } });
    expect(bookingChangeOf('updated', moved, booking(), false)?.kind).toBe('changed');
    expect(bookingChangeOf('updated', booking({ eta_out: '2026-12-02T11:00:00.000Z' }), booking(), false)?.kind).toBe('changed');
    expect(bookingChangeOf('updated', booking({ code: 'ARRIVED' }), booking(), false)).toBeNull();
    // The same instant written differently is no change.
    expect(bookingChangeOf('updated', booking({ eta_in: '2026-12-02 09:00:00+00' }), booking(), false)).toBeNull();
    expect(bookingChangeOf('updated', booking({ code: 'REQUESTED', ramp_id: 6 }), booking({ code: 'REQUESTED' }), true)).toBeNull();
    expect(bookingChangeOf('updated', moved, null, false)).toBeNull();
  });
});

describe('booking messages', () => {
  it('approval: reference, local day and times, door, in text and HTML', () => {
    const mail = bookingMail({ kind: 'approved', now: booking() }, ctx, site);
    expect(mail.subject).toBe('Booking approved: IB-1001 Wed 2 Dec 10:00–11:30, door R5');
    expect(mail.text).toContain('Your booking IB-1001 is approved.');
    expect(mail.text).toMatch(/When: +Wed 2 Dec 10:00–11:30 \(Europe\/Amsterdam\)/);
    expect(mail.text).toMatch(/Truck: +AB-123-C/);
    expect(mail.html).toContain('<td>R5</td>');
  });

  it('decline with its reason', () => {
    const mail = bookingMail({ kind: 'declined', now: booking({ code: 'DECLINED' }) }, { ...ctx, declineReason: 'Dock full that morning' }, site);
    expect(mail.subject).toBe('Booking declined: IB-1001 Wed 2 Dec 10:00–11:30');
    expect(mail.text).toMatch(/Reason: +Dock full that morning/);
  });

  it('a change says what it was and what it is now; the day only when it changed', () => {
    const now = booking({ ramp_id: 6, ramp: { code: 'R6' }, eta_in: '2026-12-02T10:00:00.000Z', eta_out: '2026-12-02T11:30:00.000Z' });
    const mail = bookingMail({ kind: 'changed', now, was: booking() }, ctx, site);
    expect(mail.subject).toBe('Booking changed: IB-1001 was R5 10:00, now R6 11:00');
    expect(mail.text).toMatch(/Was: +Wed 2 Dec 10:00–11:30, door R5/);
    const nextDay = booking({ eta_in: '2026-12-03T09:00:00.000Z', eta_out: '2026-12-03T10:30:00.000Z' });
    expect(bookingMail({ kind: 'changed', now: nextDay, was: booking() }, ctx, site).subject).toBe(
      'Booking changed: IB-1001 was R5 Wed 2 Dec 10:00, now R5 Thu 3 Dec 10:00',
    );
  });

  it('the locale’s clock and the zone’s day: en-US in New York', () => {
    const us = { timeZone: 'America/New_York', locale: 'en-US' };
    expect(formatSlot('2026-12-02T15:00:00.000Z', '2026-12-02T16:30:00.000Z', us)).toBe('Wed, Dec 2 10:00 AM–11:30 AM');
    expect(formatSlot('2026-12-02T22:30:00.000Z', '2026-12-03T00:00:00.000Z', site)).toBe('Wed 2 Dec 23:30–Thu 3 Dec 01:00');
  });

  it('escapes what people typed in the HTML, and links only with PUBLIC_URL', () => {
    const evil = booking({ load: { reference: '<b>IB&1</b>', direction: 'IB' } });
    const mail = bookingMail({ kind: 'approved', now: evil }, { carrierName: 'A "quoted" <co>' }, { ...site, publicUrl: 'https://dock.example.com' });
    expect(mail.html).not.toContain('<b>IB&1</b>');
    expect(mail.html).toContain('&lt;b&gt;IB&amp;1&lt;/b&gt;');
    expect(mail.html).toContain('A &quot;quoted&quot; &lt;co&gt;');
    expect(mail.html).toContain('<a href="https://dock.example.com/book">');
    expect(mail.text).toContain('Your bookings: https://dock.example.com/book');
    expect(bookingMail({ kind: 'approved', now: booking() }, ctx, site).text).not.toContain('http');
    expect(escapeHtml(`'&"`)).toBe('&#39;&amp;&quot;');
  });
});

describe('other messages and helpers', () => {
  it('overdue alert', () => {
    const truck = { ...booking(), id: 7, carrier: 'Acme', arrived_at: '2026-12-02T09:05:00.000Z', status: { code: 'IN_PROGRESS', label: 'In progress' } };
    const mail = overdueMail(truck, site);
    expect(mail.subject).toBe('Overdue: IB-1001 at R5, planned to finish 11:30');
    expect(mail.text).toMatch(/Status: +In progress/);
    expect(mail.text).toMatch(/Arrived: +10:05/);
  });

  it('webhook paused', () => {
    const mail = webhookPausedMail({ url: 'https://hooks.example.com/x', error: 'HTTP 500', failingForMs: 24 * 3_600_000 });
    expect(mail.subject).toBe('Webhook paused: https://hooks.example.com/x');
    expect(mail.text).toContain('it kept failing for 24 hours');
    expect(mail.text).toMatch(/Last error: +HTTP 500/);
  });

  it('recipients: the contact address, else the carrier’s users, each once', () => {
    expect(carrierRecipients({ contactEmail: ' dispatch@acme.test ', userEmails: ['a@acme.test'] })).toEqual(['dispatch@acme.test']);
    expect(carrierRecipients({ contactEmail: null, userEmails: ['a@acme.test', 'A@acme.test', 'b@acme.test'] })).toEqual(['a@acme.test', 'b@acme.test']);
    expect(carrierRecipients({ contactEmail: '', userEmails: [] })).toEqual([]);
  });

  it('the SMTP transport takes SMTP_URL with bounded timeouts', () => {
    const transport = createSmtpTransport('smtp://user:secret@mail.example.com:2525');
    expect(transport.transporter).toMatchObject({
      options: { host: 'mail.example.com', port: 2525, auth: { user: 'user', pass: 'secret' }, ...SMTP_TIMEOUTS },
    });
    transport.close();
  });

  it('the From domain names the Message-IDs', () => {
    expect(fromDomain('DCDock <dock@example.com>')).toBe('example.com');
    expect(fromDomain('dock@example.org')).toBe('example.org');
    expect(fromDomain('DCDock')).toBe('localhost');
  });
});
