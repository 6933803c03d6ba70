// What e-mail says, and when (SPEC §9): pure functions of an event (or a scan's row) and what is known about it.
import type { EventAction } from '@/lib/realtime';
import { formatMailClock, formatMailDay, formatSlot, linkTo, type Mail, type MailSite, renderMail } from '@/server/mail/mail-layout';

/** What the messages read of an assignment (an event's payload or before-image). */
export type BookingState = {
  ramp_id: number;
  eta_in: string;
  eta_out: string;
  status: { code: string; label?: string };
  ramp: { code: string };
  load: { reference: string; direction: string };
};

/** Not yet decided, refused or called off: every other status is an approved booking (PLANNED, DELAYED, on site, done). */
const NOT_APPROVED = new Set(['REQUESTED', 'DECLINED', 'CANCELLED']);
export const isApproved = (a: Pick<BookingState, 'status'>) => !NOT_APPROVED.has(a.status.code);

export type BookingChange =
  | { kind: 'approved'; now: BookingState }
  | { kind: 'declined'; now: BookingState }
  | { kind: 'cancelled'; now: BookingState }
  | { kind: 'changed'; now: BookingState; was: BookingState };

const sameInstant = (a: string, b: string) => Date.parse(a) === Date.parse(b);
const movedOrRetimed = (was: BookingState, now: BookingState) =>
  was.ramp_id !== now.ramp_id || !sameInstant(was.eta_in, now.eta_in) || !sameInstant(was.eta_out, now.eta_out);

/**
 * What an assignment event means to the carrier of its load, or null for nothing to tell:
 * approved (REQUESTED → approved, or created approved by the carrier's own user: auto-approve), declined,
 * cancelled by the site after approval (a status change or a deletion), or a new time or door of an approved booking.
 */
export function bookingChangeOf(action: EventAction, now: BookingState, was: BookingState | null, createdByCarrier: boolean): BookingChange | null {
  if (action === 'created') return createdByCarrier && isApproved(now) ? { kind: 'approved', now } : null;
  if (action === 'deleted') return isApproved(now) ? { kind: 'cancelled', now } : null;
  // An update without its before-image cannot be compared (none is written without one today).
  if (!was) return null;
  if (was.status.code === 'REQUESTED' && isApproved(now)) return { kind: 'approved', now };
  if (now.status.code === 'DECLINED' && was.status.code !== 'DECLINED') return { kind: 'declined', now };
  if (now.status.code === 'CANCELLED' && isApproved(was)) return { kind: 'cancelled', now };
  if (isApproved(was) && isApproved(now) && movedOrRetimed(was, now)) return { kind: 'changed', now, was };
  return null;
}

/** What the message needs besides the change: whose booking, the truck, the reason of a decline. */
export type BookingContext = { carrierName: string; truckPlate?: string | null; declineReason?: string | null };

const directionWord = (d: string) => (d === 'OB' ? 'Outbound' : 'Inbound');
/** "Wed 2 Dec 10:00–11:30, door R5" */
const slotAndDoor = (a: BookingState, site: MailSite) => `${formatSlot(a.eta_in, a.eta_out, site)}, door ${a.ramp.code}`;
/** "R5 10:00", with the day when the two differ in it. */
const doorAndStart = (a: BookingState, withDay: boolean, site: MailSite) =>
  `${a.ramp.code} ${withDay ? `${formatMailDay(a.eta_in, site)} ` : ''}${formatMailClock(a.eta_in, site)}`;

function bookingRows(a: BookingState, ctx: BookingContext, site: MailSite): [string, string][] {
  return [
    ['Reference', a.load.reference],
    ['Carrier', ctx.carrierName],
    ['Direction', directionWord(a.load.direction)],
    ['When', `${formatSlot(a.eta_in, a.eta_out, site)} (${site.timeZone})`],
    ['Door', a.ramp.code],
    ...(ctx.truckPlate ? ([['Truck', ctx.truckPlate]] as [string, string][]) : []),
  ];
}

/** The carrier's message about its booking. */
export function bookingMail(change: BookingChange, ctx: BookingContext, site: MailSite): Mail {
  const a = change.now;
  const ref = a.load.reference;
  const portal = linkTo(site, '/book', 'Your bookings');
  switch (change.kind) {
    case 'approved':
      return renderMail({
        subject: `Booking approved: ${ref} ${slotAndDoor(a, site)}`,
        intro: `Your booking ${ref} is approved.`,
        rows: bookingRows(a, ctx, site),
        outro: ['Please come at the booked time. To change it, call the site.', ...portal],
      });
    case 'declined':
      return renderMail({
        subject: `Booking declined: ${ref} ${formatSlot(a.eta_in, a.eta_out, site)}`,
        intro: `Your booking ${ref} was declined.`,
        rows: [...bookingRows(a, ctx, site), ['Reason', ctx.declineReason?.trim() || 'No reason given']],
        outro: ['The time is free again; you can request another one.', ...portal],
      });
    case 'cancelled':
      return renderMail({
        subject: `Booking cancelled: ${ref} ${slotAndDoor(a, site)}`,
        intro: `The site cancelled your booking ${ref}.`,
        rows: bookingRows(a, ctx, site),
        outro: ['Please call the site if this is unexpected.', ...portal],
      });
    case 'changed': {
      const was = change.was;
      const withDay = formatMailDay(was.eta_in, site) !== formatMailDay(a.eta_in, site);
      return renderMail({
        subject: `Booking changed: ${ref} was ${doorAndStart(was, withDay, site)}, now ${doorAndStart(a, withDay, site)}`,
        intro: `The site changed your booking ${ref}: it is now ${slotAndDoor(a, site)}.`,
        rows: [['Was', slotAndDoor(was, site)], ...bookingRows(a, ctx, site)],
        outro: ['Please come at the new time. If it does not work, call the site.', ...portal],
      });
    }
  }
}

/** An overdue truck as the scan reads it. */
export type OverdueTruck = BookingState & { id: number; carrier: string | null; arrived_at: string | null; status: { code: string; label: string } };

/** To the staff who asked for overdue alerts: a truck is past its planned end and not done. */
export function overdueMail(a: OverdueTruck, site: MailSite): Mail {
  const ref = a.load.reference;
  return renderMail({
    subject: `Overdue: ${ref} at ${a.ramp.code}, planned to finish ${formatMailClock(a.eta_out, site)}`,
    intro: `${ref} at door ${a.ramp.code} is overdue: it was planned to finish by ${formatMailClock(a.eta_out, site)} and is not completed.`,
    rows: [
      ['Reference', ref],
      ...(a.carrier ? ([['Carrier', a.carrier]] as [string, string][]) : []),
      ['Door', a.ramp.code],
      ['Planned', `${formatSlot(a.eta_in, a.eta_out, site)} (${site.timeZone})`],
      ['Status', a.status.label],
      ['Arrived', a.arrived_at ? formatMailClock(a.arrived_at, site) : 'Not recorded'],
    ],
    outro: ['You get this because overdue alerts are on for your account.', ...linkTo(site, '/board', 'Open the board')],
  });
}

/** "24 hours", "90 minutes", "30 seconds". */
function formatSpan(ms: number): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (ms >= 2 * 3_600_000) return plural(Math.round(ms / 3_600_000), 'hour');
  if (ms >= 2 * 60_000) return plural(Math.round(ms / 60_000), 'minute');
  return plural(Math.max(1, Math.round(ms / 1000)), 'second');
}

/** To the admins: delivery to a webhook endpoint stopped after it kept failing (SPEC §10). */
export function webhookPausedMail(p: { url: string; error: string; failingForMs: number }): Mail {
  return renderMail({
    subject: `Webhook paused: ${p.url}`,
    intro: `DCDock stopped sending events to ${p.url}: it kept failing for ${formatSpan(p.failingForMs)}.`,
    rows: [
      ['Endpoint', p.url],
      ['Last error', p.error],
    ],
    outro: ['The events wait in order and none is lost. Resume the endpoint on the Webhooks page once the receiver works again.'],
  });
}
