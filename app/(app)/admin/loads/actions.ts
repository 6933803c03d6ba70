'use server';

import type { ActionResult } from '@/lib/action-result';
import type { Load } from '@/lib/schemas/loads';
import { createLoadSpec, updateLoadSpec, deleteLoadSpec } from '@/server/actions/admin-actions';
import { runNextAction } from '@/server/actions/next-action';

// The loads screen (admins and operators): create, edit, delete.
// Form values go in as they are: the runner parses them with the REST route's schema and checks session and role.

export async function createLoadAction(input: Record<string, unknown>, idempotencyKey: string): Promise<ActionResult<Load>> {
  return runNextAction(createLoadSpec, { input, idempotencyKey });
}

export async function updateLoadAction(id: number, input: Record<string, unknown>, idempotencyKey: string): Promise<ActionResult<Load>> {
  return runNextAction(updateLoadSpec, { id, input, idempotencyKey });
}

export async function deleteLoadAction(id: number, idempotencyKey: string): Promise<ActionResult<void>> {
  return runNextAction(deleteLoadSpec, { id, idempotencyKey });
}
