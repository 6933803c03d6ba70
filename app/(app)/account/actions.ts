'use server';

import type { ActionResult } from '@/lib/action-result';
import type { MeUpdate, User } from '@/lib/schemas/users';
import { updateMeSpec } from '@/server/actions/account-actions';
import { runNextAction } from '@/server/actions/next-action';

// The account menu's write. A public endpoint: the runner checks the session,
// the role (staff) and the input on the server.

/** Turns the caller's overdue e-mails on or off. */
export async function updateMyAlertsAction(input: MeUpdate, idempotencyKey: string): Promise<ActionResult<User>> {
  return runNextAction(updateMeSpec, { input, idempotencyKey });
}
