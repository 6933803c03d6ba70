import { STAFF } from '@/lib/roles';
import { z } from 'zod';
import { fieldErrorsOf, summarizeIssues, type ActionFailure, type ActionResult, type FieldIssue } from '@/lib/action-result';
import { idSchema } from '@/lib/schemas/common';
import type { Role } from '@/lib/schemas/users';
import type { Actor } from '@/server/auth/actor';
import type { Config } from '@/server/config';
import type { Db } from '@/server/db/client';
import { IdempotencyRace, runWithIdempotency, type IdempotencyScope, type StoredAnswer } from '@/server/db/idempotency';
import { isConnectionError } from '@/server/db/pg-errors';
import { databaseUnavailable, deadlineExceeded, forbidden, HttpError, parseOrThrow, RETRY_AFTER_SECONDS } from '@/server/errors';
import { startIdempotentAction, storeAfterTheFact, winnerAnswer } from '@/server/http/idempotency';
import type { Logger } from '@/server/logger';

export type ActionDeps = { db: Db; config: Pick<Config, 'requestDeadlineMs'> & Partial<Pick<Config, 'timeZone'>>; logger: Logger };

export type ActionContext = {
  db: Db;
  actor: Actor;
  /** The record the action is about (the REST route's `:id`); 0 for an action that takes none. */
  id: number;
  /** The site's time zone (SITE_TIMEZONE), for rules read in local time. */
  timeZone: string;
};

export type ActionSpec<S extends z.ZodType, T> = {
  /** Names the action in logs and idempotency records: 'assignments.update'. */
  name: string;
  /** Who may call it (lib/roles.ts); the site's staff (STAFF) when absent, never a carrier user unless named. */
  roles?: readonly Role[];
  /** The schema the REST route declares for the same write; 422 messages come out in its words. */
  input: S;
  /** Where the REST route takes this input (its field messages say so). */
  where?: 'body' | 'query';
  /** Takes a record id, as the REST route's path does. */
  withId?: boolean;
  /** Calls the domain function the REST route calls, with parsed data. */
  handler: (ctx: ActionContext, data: z.output<S>) => Promise<T>;
};

/** What the browser sent: untrusted, parsed here. */
export type ActionCall = { id?: unknown; input?: unknown; idempotencyKey?: unknown };

/** Keeps the spec's types (input schema → handler data → result) in one literal. */
export const defineAction = <S extends z.ZodType, T>(spec: ActionSpec<S, T>): ActionSpec<S, T> => spec;

/** No body: a deletion, a revocation. */
export const noInput = z.strictObject({}).optional();

const pathIdSchema = z.object({ id: idSchema });

/**
 * Runs one server action as the REST layer runs a route (server/http/app.ts):
 * the actor (null: signed out), the idempotency record (a retry with the same
 * key gets the first answer and changes nothing), the role, the input, the
 * domain function, all within REQUEST_DEADLINE_SECONDS. Every outcome is a
 * typed result; nothing is thrown into the page.
 */
export async function runAction<S extends z.ZodType, T>(
  deps: ActionDeps,
  resolveActor: () => Promise<Actor | null>,
  spec: ActionSpec<S, T>,
  call: ActionCall,
): Promise<ActionResult<T>> {
  let timer: NodeJS.Timeout | undefined;
  const late = { passed: false };
  const deadline = new Promise<ActionResult<T>>((resolve) => {
    timer = setTimeout(() => {
      late.passed = true;
      deps.logger.error({ action: spec.name, ms: deps.config.requestDeadlineMs }, 'server action ran past its deadline');
      resolve(failureOfError(deadlineExceeded(true)));
    }, deps.config.requestDeadlineMs);
  });
  const work = answerAction(deps, resolveActor, spec, call, late);
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

async function answerAction<S extends z.ZodType, T>(
  deps: ActionDeps,
  resolveActor: () => Promise<Actor | null>,
  spec: ActionSpec<S, T>,
  call: ActionCall,
  late: { passed: boolean },
): Promise<ActionResult<T>> {
  let scope: IdempotencyScope | undefined;
  try {
    const actor = await resolveActor();
    if (!actor) return { ok: false, kind: 'signed-out', status: 401, message: 'Your session has ended; sign in again.' };
    const name = spec.withId ? `${spec.name}/${String(call.id)}` : spec.name;
    const started = await startIdempotentAction(deps.db, actor.id, call.idempotencyKey, name, call.input ?? null);
    if (started?.replay) return resultOfAnswer<T>(started.replay);
    scope = started?.scope;
    const run = async (): Promise<T> => {
      if (!(spec.roles ?? STAFF).includes(actor.role)) throw forbidden();
      const id = spec.withId ? parseOrThrow(pathIdSchema, { id: call.id }, 'path').id : 0;
      const data = parseOrThrow(spec.input, call.input, spec.where ?? 'body');
      // The browser has had its 503 already: a write not yet begun is not begun at all.
      if (late.passed) throw deadlineExceeded(true);
      return spec.handler({ db: deps.db, actor, id, timeZone: deps.config.timeZone ?? 'UTC' }, data);
    };
    const value = scope ? await runWithIdempotency(scope, run) : await run();
    if (scope) await storeAfterTheFact(deps.db, scope, 200, value);
    return { ok: true, value };
  } catch (caught) {
    return failAction(deps, spec.name, scope, caught);
  }
}

async function failAction(deps: ActionDeps, name: string, scope: IdempotencyScope | undefined, caught: unknown): Promise<ActionFailure> {
  let error = caught;
  if (scope && (error instanceof IdempotencyRace || (error instanceof HttpError && error.status < 500))) {
    // A concurrent call with the same key may have committed first: answer as it did.
    try {
      const winner = await winnerAnswer(deps.db, scope);
      if (winner) return resultOfAnswer(winner) as ActionFailure;
      if (error instanceof IdempotencyRace)
        error = new HttpError(409, 'A request with the same Idempotency-Key is still in progress; retry shortly', {}, { 'Retry-After': '1' });
    } catch (e) {
      error = e;
    }
  }
  if (!(error instanceof HttpError) && isConnectionError(error)) {
    deps.logger.warn({ err: error, action: name }, 'database unavailable');
    error = databaseUnavailable();
  }
  if (!(error instanceof HttpError)) {
    deps.logger.error({ err: error, action: name }, 'server action failed');
    return { ok: false, kind: 'refused', status: 500, message: 'Internal Server Error' };
  }
  if (scope && error.status < 500) await storeAfterTheFact(deps.db, scope, error.status, { detail: error.detail, ...error.extra });
  return failureOfError(error);
}

/** A stored answer (server/db/idempotency.ts) as the result the first call returned. */
function resultOfAnswer<T>(answer: StoredAnswer): ActionResult<T> {
  const body: unknown = answer.body === null ? undefined : JSON.parse(answer.body);
  if (answer.status < 300) return { ok: true, value: body as T };
  return failureOf(answer.status, (body ?? {}) as Record<string, unknown>, Number(RETRY_AFTER_SECONDS) * 1000);
}

function failureOfError(error: HttpError): ActionFailure {
  const seconds = Number(error.headers['Retry-After'] ?? RETRY_AFTER_SECONDS);
  return failureOf(error.status, { detail: error.detail, ...error.extra }, seconds * 1000);
}

/** The REST API's error body `{detail, ...extra}` as a typed failure. */
export function failureOf(status: number, body: Record<string, unknown>, retryAfterMs: number): ActionFailure {
  const detail = body.detail;
  const issues = Array.isArray(detail) ? (detail as FieldIssue[]) : undefined;
  const message = typeof detail === 'string' ? detail : issues ? summarizeIssues(issues) : 'Request failed';
  if (status === 422 && issues) return { ok: false, kind: 'invalid', status, message, fieldErrors: fieldErrorsOf(issues), issues };
  if (status === 409 && body.current_data !== undefined) return { ok: false, kind: 'conflict', status, message, current: body.current_data };
  if (status === 401) return { ok: false, kind: 'signed-out', status, message };
  if (status === 503) return { ok: false, kind: 'unavailable', status, message, retryAfterMs, outcomeUnknown: body.outcome === 'unknown' };
  return { ok: false, kind: 'refused', status, message };
}
