'use server';

import type { z } from 'zod';
import type { ActionResult } from '@/lib/action-result';
import type { Assignment, assignmentCreateSchema, assignmentUpdateSchema } from '@/lib/schemas/assignments';
import { createAssignmentSpec, deleteAssignmentSpec, updateAssignmentSpec } from '@/server/actions/assignment-actions';
import type { CheckInResult, gateTimeSchema, walkInSchema } from '@/lib/schemas/gate';
import { callToDoorSpec, checkInSpec, checkOutSpec, walkInSpec } from '@/server/actions/gate-actions';
import { runNextAction } from '@/server/actions/next-action';
import type { Booking } from '@/lib/schemas/booking';
import { approveRequestSpec, declineRequestSpec } from '@/server/actions/booking-decision-actions';

// The board's writes. Each is a public endpoint: the runner checks the session,
// the role and the input on the server (server/actions/run-action.ts).

/** Plans a load on a ramp. */
export async function createAssignmentAction(input: z.input<typeof assignmentCreateSchema>, idempotencyKey: string): Promise<ActionResult<Assignment>> {
  return runNextAction(createAssignmentSpec, { input, idempotencyKey });
}

/** A move, an edit, or "apply mine" after a conflict; a version conflict answers the current assignment. */
export async function updateAssignmentAction(
  id: number,
  input: z.input<typeof assignmentUpdateSchema>,
  idempotencyKey: string,
): Promise<ActionResult<Assignment, Assignment>> {
  return (await runNextAction(updateAssignmentSpec, { id, input, idempotencyKey })) as ActionResult<Assignment, Assignment>;
}

/** Deletes if nobody changed it since `version`; a conflict answers the current assignment. */
export async function deleteAssignmentAction(id: number, input: { version: number }, idempotencyKey: string): Promise<ActionResult<Assignment, Assignment>> {
  return (await runNextAction(deleteAssignmentSpec, { id, input, idempotencyKey })) as ActionResult<Assignment, Assignment>;
}

// The gate (server/actions/gate-actions.ts).

/** A truck at the gate: its assignment becomes ARRIVED, or the load enters the yard queue. */
export async function checkInAction(loadId: number, input: z.input<typeof gateTimeSchema>, idempotencyKey: string): Promise<ActionResult<CheckInResult>> {
  return runNextAction(checkInSpec, { id: loadId, input, idempotencyKey });
}

/** A truck without a booking: the load created and checked in at once. */
export async function walkInAction(input: z.input<typeof walkInSchema>, idempotencyKey: string): Promise<ActionResult<CheckInResult>> {
  return runNextAction(walkInSpec, { input, idempotencyKey });
}

/** The truck left: departed, and completed if it was not yet. */
export async function checkOutAction(id: number, input: z.input<typeof gateTimeSchema>, idempotencyKey: string): Promise<ActionResult<Assignment>> {
  return runNextAction(checkOutSpec, { id, input, idempotencyKey });
}

/** Calls the truck to its door (the TVs show it for 10 minutes). */
export async function callToDoorAction(id: number, idempotencyKey: string): Promise<ActionResult<Assignment>> {
  return runNextAction(callToDoorSpec, { id, input: undefined, idempotencyKey });
}

// Requested bookings (server/actions/booking-decision-actions.ts).

/** Approves a requested booking (it becomes Planned); a conflict answers 409 with the current state in words. */
export async function approveRequestAction(id: number, input: { version: number }, idempotencyKey: string): Promise<ActionResult<Booking>> {
  return runNextAction(approveRequestSpec, { id, input, idempotencyKey });
}

/** Declines a requested booking with the reason the carrier is told; its window is free again. */
export async function declineRequestAction(id: number, input: { version: number; reason: string }, idempotencyKey: string): Promise<ActionResult<Booking>> {
  return runNextAction(declineRequestSpec, { id, input, idempotencyKey });
}
