'use server';

import type { ActionResult } from '@/lib/action-result';
import type { DisplayLink } from '@/lib/schemas/displays';
import { createDisplaySpec, updateDisplaySpec, revokeDisplaySpec } from '@/server/actions/admin-actions';
import { runNextAction } from '@/server/actions/next-action';

// The TV links screen: create, rename or rescope, revoke.
// Form values go in as they are: the runner parses them with the REST route's schema and checks session and role.

export async function createDisplayAction(input: Record<string, unknown>, idempotencyKey: string): Promise<ActionResult<DisplayLink>> {
  return runNextAction(createDisplaySpec, { input, idempotencyKey });
}

export async function updateDisplayAction(id: number, input: Record<string, unknown>, idempotencyKey: string): Promise<ActionResult<DisplayLink>> {
  return runNextAction(updateDisplaySpec, { id, input, idempotencyKey });
}

export async function revokeDisplayAction(id: number, idempotencyKey: string): Promise<ActionResult<void>> {
  return runNextAction(revokeDisplaySpec, { id, idempotencyKey });
}
