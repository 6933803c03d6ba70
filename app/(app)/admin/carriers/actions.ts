'use server';

import type { ActionResult } from '@/lib/action-result';
import type { Carrier } from '@/lib/schemas/carriers';
import { createCarrierSpec, deleteCarrierSpec, updateCarrierSpec } from '@/server/actions/carrier-actions';
import { runNextAction } from '@/server/actions/next-action';

// The carriers screen: create, edit (also deactivate), delete (SPEC §9).

export async function createCarrierAction(input: Record<string, unknown>, idempotencyKey: string): Promise<ActionResult<Carrier>> {
  return runNextAction(createCarrierSpec, { input, idempotencyKey });
}

export async function updateCarrierAction(id: number, input: Record<string, unknown>, idempotencyKey: string): Promise<ActionResult<Carrier>> {
  return runNextAction(updateCarrierSpec, { id, input, idempotencyKey });
}

export async function deleteCarrierAction(id: number, idempotencyKey: string): Promise<ActionResult<void>> {
  return runNextAction(deleteCarrierSpec, { id, idempotencyKey });
}
