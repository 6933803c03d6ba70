// E-mail's consumer of the event log: events after the cursor become outbox rows, in the statement that moves the cursor.
import type postgres from 'postgres';
import type { Assignment } from '@/lib/schemas/assignments';
import { readChangesAfter } from '@/server/events/read-events';
import type { MailSite } from '@/server/mail/mail-layout';
import { type BookingChange, type BookingState, bookingChangeOf, bookingMail } from '@/server/mail/mail-messages';
import type { OutboxRow } from '@/server/mail/mail-outbox';

const BATCH = 200;

type CarrierOfLoad = { loadId: number; carrierId: number; name: string; contactEmail: string | null; userEmails: string[]; truckPlate: string | null };

/** Who gets a carrier's booking mail: its contact address, else its active users (SPEC §9). */
export const carrierRecipients = (c: Pick<CarrierOfLoad, 'contactEmail' | 'userEmails'>): string[] => {
  const contact = c.contactEmail?.trim();
  const all = contact ? [contact] : c.userEmails;
  const seen = new Set<string>();
  return all.filter((e) => !seen.has(e.toLowerCase()) && seen.add(e.toLowerCase()));
};

/** Lease lost or cursor moved under this run: stop; the holder goes on from the cursor. */
export class LeaseLost extends Error {}

/**
 * One step: reads up to BATCH events after `cursor`, works out their messages, then queues them and moves the cursor
 * over the batch in one statement, which does either only if this instance still holds the lease and the cursor is
 * where it read it. A crash anywhere leaves both written or neither, so no event is mailed twice or skipped. Returns
 * the new cursor and how many messages were queued; the cursor stays put when there is nothing to read.
 */
export async function consumeEvents(
  sql: postgres.Sql,
  lease: { owner: string; leaseMs: number },
  cursor: number,
  site: MailSite,
): Promise<{ cursor: number; queued: number; caughtUp: boolean }> {
  const events = await readChangesAfter(sql, cursor, BATCH);
  if (events.length === 0) return { cursor, queued: 0, caughtUp: true };
  const next = events.at(-1)!.seq;
  // Read outside the write: who a carrier is and where its mail goes, as they are now.
  const rows = await messagesOf(sql, events, site);
  const [result] = await sql<{ moved: number; queued: number }[]>`
    WITH moved AS (
      UPDATE mail_consumer SET last_seq = ${next}, lease_until = now() + make_interval(secs => ${lease.leaseMs / 1000})
      WHERE id = 1 AND lease_owner = ${lease.owner} AND lease_until > now() AND last_seq = ${cursor}
      RETURNING 1
    ), queued AS (
      INSERT INTO mail_outbox (dedupe_key, to_address, subject, text_body, html_body, source_seq)
      SELECT * FROM unnest(${rows.map((r) => r.dedupeKey)}::text[], ${rows.map((r) => r.to)}::text[], ${rows.map((r) => r.subject)}::text[],
        ${rows.map((r) => r.text)}::text[], ${rows.map((r) => r.html)}::text[], ${rows.map((r) => r.sourceSeq)}::bigint[])
      WHERE EXISTS (SELECT 1 FROM moved)
      ON CONFLICT (dedupe_key) DO NOTHING
      RETURNING id
    )
    SELECT (SELECT count(*) FROM moved)::int AS moved, (SELECT count(*) FROM queued)::int AS queued`;
  if (!result?.moved) throw new LeaseLost();
  return { cursor: next, queued: result.queued, caughtUp: events.length < BATCH };
}

type Change = Awaited<ReturnType<typeof readChangesAfter>>[number];
type Found = { seq: number; assignmentId: number; loadId: number; change: BookingChange; declineReason: string | null | undefined };

/** The booking messages of a batch of events, with what they need read in at most three statements for the whole batch. */
async function messagesOf(tx: postgres.Sql, events: Change[], site: MailSite): Promise<OutboxRow[]> {
  const candidates = events.filter((e) => e.entity === 'assignment');
  if (candidates.length === 0) return [];
  const actorIds = [...new Set(candidates.map((e) => e.actorId).filter((id): id is number => id !== null))];
  const carrierActors = new Map<number, number>();
  if (actorIds.length) {
    const users = await tx<{ id: number; carrierId: number }[]>`
      SELECT id, carrier_id AS "carrierId" FROM users WHERE id = ANY(${actorIds}::int[]) AND carrier_id IS NOT NULL`;
    for (const u of users) carrierActors.set(u.id, u.carrierId);
  }
  const loadIds = [...new Set(candidates.map((e) => (e.payload as Assignment).load_id))];
  const carriers = new Map<number, CarrierOfLoad>();
  for (const c of await tx<CarrierOfLoad[]>`
    SELECT l.id AS "loadId", c.id AS "carrierId", c.name, c.contact_email AS "contactEmail", l.truck_plate AS "truckPlate",
      coalesce((SELECT array_agg(u.email ORDER BY u.id) FROM users u WHERE u.carrier_id = c.id AND u.is_active), '{}') AS "userEmails"
    FROM loads l JOIN carriers c ON c.id = l.carrier_id WHERE l.id = ANY(${loadIds}::int[])`)
    carriers.set(c.loadId, c);
  if (carriers.size === 0) return [];

  const found: Found[] = [];
  for (const e of candidates) {
    const now = e.payload as Assignment & { decline_reason?: string | null };
    const carrier = carriers.get(now.load_id);
    if (!carrier) continue;
    const byCarrier = e.actorId !== null && carrierActors.get(e.actorId) === carrier.carrierId;
    const change = bookingChangeOf(e.action, now as BookingState, e.before as BookingState | null, byCarrier);
    if (change) found.push({ seq: e.seq, assignmentId: e.entityId, loadId: now.load_id, change, declineReason: now.decline_reason });
  }
  // A payload written before assignments carried decline_reason: the reason as stored now.
  const missing = found.filter((f) => f.change.kind === 'declined' && f.declineReason === undefined).map((f) => f.assignmentId);
  const reasons = new Map<number, string | null>();
  if (missing.length) {
    for (const r of await tx<{ id: number; reason: string | null }[]>`
      SELECT id, decline_reason AS reason FROM assignments WHERE id = ANY(${missing}::int[])`)
      reasons.set(r.id, r.reason);
  }
  return found.flatMap((f) => {
    const carrier = carriers.get(f.loadId)!;
    const declineReason = f.declineReason === undefined ? reasons.get(f.assignmentId) : f.declineReason;
    const mail = bookingMail(f.change, { carrierName: carrier.name, truckPlate: carrier.truckPlate, declineReason }, site);
    return carrierRecipients(carrier).map((to) => ({ dedupeKey: `seq:${f.seq}:${to.toLowerCase()}`, to, sourceSeq: f.seq, ...mail }));
  });
}
