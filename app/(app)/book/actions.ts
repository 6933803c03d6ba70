'use server';

import type { z } from 'zod';
import type { ActionResult } from '@/lib/action-result';
import type { Booking, bookingRequestSchema, bookingRerequestSchema } from '@/lib/schemas/booking';
import { cancelBookingSpec, requestBookingSpec, rerequestBookingSpec } from '@/server/actions/booking-actions';
import { runNextAction } from '@/server/actions/next-action';

// The carrier portal's writes. Each is a public endpoint: the runner checks the
// session, the role (carrier users) and the input on the server.

/** Asks for a slot: a load of the carrier and a requested booking. */
export async function requestBookingAction(input: z.input<typeof bookingRequestSchema>, idempotencyKey: string): Promise<ActionResult<Booking>> {
  return runNextAction(requestBookingSpec, { input, idempotencyKey });
}

/** Withdraws a request the site has not yet approved. */
export async function cancelBookingAction(id: number, idempotencyKey: string): Promise<ActionResult<Booking>> {
  return runNextAction(cancelBookingSpec, { id, input: undefined, idempotencyKey });
}

/** Asks again, at another time, for a declined or cancelled booking. */
export async function rerequestBookingAction(id: number, input: z.input<typeof bookingRerequestSchema>, idempotencyKey: string): Promise<ActionResult<Booking>> {
  return runNextAction(rerequestBookingSpec, { id, input, idempotencyKey });
}
