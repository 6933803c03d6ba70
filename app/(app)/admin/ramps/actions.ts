'use server';

import type { ActionResult } from '@/lib/action-result';
import type { Ramp } from '@/lib/schemas/ramps';
import { createRampSpec, updateRampSpec, deleteRampSpec } from '@/server/actions/admin-actions';
import { runNextAction } from '@/server/actions/next-action';

// The ramps screen: create, edit (also "deactivate instead"), delete.
// Form values go in as they are: the runner parses them with the REST route's schema and checks session and role.

export async function createRampAction(input: Record<string, unknown>, idempotencyKey: string): Promise<ActionResult<Ramp>> {
  return runNextAction(createRampSpec, { input, idempotencyKey });
}

export async function updateRampAction(id: number, input: Record<string, unknown>, idempotencyKey: string): Promise<ActionResult<Ramp>> {
  return runNextAction(updateRampSpec, { id, input, idempotencyKey });
}

export async function deleteRampAction(id: number, idempotencyKey: string): Promise<ActionResult<void>> {
  return runNextAction(deleteRampSpec, { id, idempotencyKey });
}
