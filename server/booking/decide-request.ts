import type { z } from 'zod';
import { BOOKING_STATE_LABELS, bookingStateOf } from '@/lib/booking-state';
import { type Booking, bookingDecisionSchema } from '@/lib/schemas/booking';
import { text } from '@/lib/schemas/common';
import type { Actor } from '@/server/auth/actor';
import { findAssignment } from '@/server/assignments/assignment-query';
import { updateAssignment } from '@/server/assignments/update-assignment';
import { findBooking } from '@/server/booking/booking-query';
import type { Db } from '@/server/db/client';
import { HttpError, notFound } from '@/server/errors';

/** Approve: `{ version }` (a reason given is ignored). */
export const approveDecisionSchema = bookingDecisionSchema;
export type ApproveDecision = z.output<typeof approveDecisionSchema>;

export const DECLINE_REASON_MESSAGE = 'Say why it is declined: the carrier reads this';

/** Decline: `{ version, reason }`, the reason 1–500 characters (the carrier is told it). */
export const declineDecisionSchema = bookingDecisionSchema.extend({ reason: text(500).trim().min(1, DECLINE_REASON_MESSAGE) }).meta({ id: 'BookingDecline' });
export type DeclineDecision = z.output<typeof declineDecisionSchema>;

/** Approve a requested booking (SPEC §9): REQUESTED → PLANNED, an ordinary version-checked update with its event. */
export function approveRequest(db: Db, actor: Actor, id: number, data: ApproveDecision): Promise<Booking> {
  return decide(db, actor, id, data.version, 'PLANNED', undefined);
}

/** Decline a requested booking with a reason: REQUESTED → DECLINED, which frees its window for anyone else. */
export function declineRequest(db: Db, actor: Actor, id: number, data: DeclineDecision): Promise<Booking> {
  return decide(db, actor, id, data.version, 'DECLINED', data.reason);
}

/**
 * One decision through the one write path (server/assignments/update-assignment.ts): the update is based on the
 * version the operator saw, so the REQUESTED state checked here is the one changed there; anything written
 * in between (a move, another operator's decision) makes it a 409 version conflict like every update.
 */
async function decide(db: Db, actor: Actor, id: number, version: number, to: 'PLANNED' | 'DECLINED', reason: string | undefined): Promise<Booking> {
  const current = await findAssignment(db.$client, id);
  if (!current) throw notFound('Booking');
  if (current.status.code !== 'REQUESTED') {
    const state = BOOKING_STATE_LABELS[bookingStateOf(current.status.code)];
    throw new HttpError(409, `This booking is no longer waiting for approval (it is ${state})`);
  }
  const [status] = await db.$client<{ id: number }[]>`SELECT id FROM statuses WHERE code = ${to}`;
  if (!status) throw notFound(`Status ${to}`);
  await updateAssignment(db, actor, id, { version, status_id: status.id, ...(reason === undefined ? {} : { decline_reason: reason }) });
  const booking = await findBooking(db.$client, id);
  if (!booking) throw notFound('Booking');
  return booking;
}
