import 'server-only';
import type { z } from 'zod';
import type { ActionResult } from '@/lib/action-result';
import { runAction, type ActionCall, type ActionSpec } from '@/server/actions/run-action';
import { actionActor } from '@/server/auth/session';
import { getRuntime } from '@/server/runtime';

/** Runs a spec for a `'use server'` function: the actor comes from this request's session cookie, checked here, not by any middleware. */
export function runNextAction<S extends z.ZodType, T>(spec: ActionSpec<S, T>, call: ActionCall): Promise<ActionResult<T>> {
  return runAction(getRuntime(), actionActor, spec, call);
}
