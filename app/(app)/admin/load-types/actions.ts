'use server';

import type { ActionResult } from '@/lib/action-result';
import type { LoadType } from '@/lib/schemas/rules';
import { createLoadTypeSpec, deleteLoadTypeSpec, updateLoadTypeSpec } from '@/server/actions/rules-actions';
import { runNextAction } from '@/server/actions/next-action';

// The load types screen: create, edit, delete (SPEC §9).

export async function createLoadTypeAction(input: Record<string, unknown>, idempotencyKey: string): Promise<ActionResult<LoadType>> {
  return runNextAction(createLoadTypeSpec, { input, idempotencyKey });
}

export async function updateLoadTypeAction(id: number, input: Record<string, unknown>, idempotencyKey: string): Promise<ActionResult<LoadType>> {
  return runNextAction(updateLoadTypeSpec, { id, input, idempotencyKey });
}

export async function deleteLoadTypeAction(id: number, idempotencyKey: string): Promise<ActionResult<void>> {
  return runNextAction(deleteLoadTypeSpec, { id, idempotencyKey });
}
