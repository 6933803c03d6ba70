'use server';

import type { ActionResult } from '@/lib/action-result';
import type { Closure, RampHours } from '@/lib/schemas/rules';
import { createClosureSpec, deleteClosureSpec, putRampHoursSpec } from '@/server/actions/rules-actions';
import { runNextAction } from '@/server/actions/next-action';

// The ramps screen's hours and closures (SPEC §9); the runner parses with the REST schemas and checks session and role.

export async function putRampHoursAction(id: number, input: Record<string, unknown>, idempotencyKey: string): Promise<ActionResult<RampHours>> {
  return runNextAction(putRampHoursSpec, { id, input, idempotencyKey });
}

export async function createClosureAction(id: number, input: Record<string, unknown>, idempotencyKey: string): Promise<ActionResult<Closure>> {
  return runNextAction(createClosureSpec, { id, input, idempotencyKey });
}

export async function deleteClosureAction(id: number, idempotencyKey: string): Promise<ActionResult<void>> {
  return runNextAction(deleteClosureSpec, { id, idempotencyKey });
}
