'use server';

import type { ActionResult } from '@/lib/action-result';
import type { User } from '@/lib/schemas/users';
import { createUserSpec, updateUserSpec, deleteUserSpec, revokeUserSessionsSpec } from '@/server/actions/admin-actions';
import { runNextAction } from '@/server/actions/next-action';

// The users screen: create, edit (also deactivate), delete, sign out everywhere.
// Form values go in as they are: the runner parses them with the REST route's schema and checks session and role.

export async function createUserAction(input: Record<string, unknown>, idempotencyKey: string): Promise<ActionResult<User>> {
  return runNextAction(createUserSpec, { input, idempotencyKey });
}

export async function updateUserAction(id: number, input: Record<string, unknown>, idempotencyKey: string): Promise<ActionResult<User>> {
  return runNextAction(updateUserSpec, { id, input, idempotencyKey });
}

export async function deleteUserAction(id: number, idempotencyKey: string): Promise<ActionResult<void>> {
  return runNextAction(deleteUserSpec, { id, idempotencyKey });
}

export async function revokeUserSessionsAction(id: number, idempotencyKey: string): Promise<ActionResult<void>> {
  return runNextAction(revokeUserSessionsSpec, { id, idempotencyKey });
}
