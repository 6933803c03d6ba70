'use server';

import type { ActionResult } from '@/lib/action-result';
import type { Status } from '@/lib/schemas/statuses';
import { createStatusSpec, updateStatusSpec, deleteStatusSpec } from '@/server/actions/admin-actions';
import { runNextAction } from '@/server/actions/next-action';

// The statuses screen: create, edit, delete.
// Form values go in as they are: the runner parses them with the REST route's schema and checks session and role.

export async function createStatusAction(input: Record<string, unknown>, idempotencyKey: string): Promise<ActionResult<Status>> {
  return runNextAction(createStatusSpec, { input, idempotencyKey });
}

export async function updateStatusAction(id: number, input: Record<string, unknown>, idempotencyKey: string): Promise<ActionResult<Status>> {
  return runNextAction(updateStatusSpec, { id, input, idempotencyKey });
}

export async function deleteStatusAction(id: number, idempotencyKey: string): Promise<ActionResult<void>> {
  return runNextAction(deleteStatusSpec, { id, idempotencyKey });
}
