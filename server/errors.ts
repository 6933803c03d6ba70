import type { z } from 'zod';

export type FieldError = { loc: (string | number)[]; msg: string; type: string };

/** An error a client caused; the HTTP layer turns it into `{detail, ...extra}`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string | FieldError[],
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(typeof detail === 'string' ? detail : 'Validation failed');
  }
}

export const notFound = (what: string) => new HttpError(404, `${what} not found`);
export const forbidden = () => new HttpError(403, 'You do not have permission to do this');
/** A 422 for one body field, in the same shape as a schema's refusal: for rules checked against stored data. */
export const invalidField = (field: string, msg: string, type = 'custom') => new HttpError(422, [{ loc: ['body', field], msg, type }]);

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

export function validationError(error: z.ZodError, where: 'body' | 'query' | 'path', input?: unknown): HttpError {
  const detail = error.issues.map((issue): FieldError => {
    const loc = [where, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
    if (issue.code === 'unrecognized_keys') {
      return { loc, msg: `Extra inputs are not permitted: ${issue.keys.join(', ')}`, type: 'extra_forbidden' };
    }
    if (issue.code !== 'custom' && valueAt(input, issue.path) === undefined && (issue.path.length > 0 || input === undefined)) {
      return { loc, msg: input === undefined && issue.path.length === 0 ? 'A JSON body is required' : 'Field required', type: 'missing' };
    }
    return { loc, msg: issue.message, type: issue.code };
  });
  return new HttpError(422, detail);
}

/** Parses with a zod schema or throws a 422 with field messages: the boundary's parse (route table, server actions). */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, where: 'body' | 'query' | 'path' = 'body'): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw validationError(result.error, where, input);
  return result.data;
}

/** How long a client should wait before retrying while the database is away. */
export const RETRY_AFTER_SECONDS = '2';

/** The database cannot be reached: retry later. Nothing about the cause reaches the client. */
export function databaseUnavailable(): HttpError {
  return new HttpError(503, 'The database is unavailable; please retry shortly', {}, { 'Retry-After': RETRY_AFTER_SECONDS });
}

/**
 * The connection was lost after COMMIT was sent: the write may or may not have
 * happened. Retrying with the same Idempotency-Key is safe either way.
 */
export class OutcomeUnknown extends HttpError {
  constructor() {
    super(
      503,
      'The connection to the database was lost while the change was being committed; it may or may not have been saved. Retry with the same Idempotency-Key to find out safely.',
      { outcome: 'unknown' },
      { 'Retry-After': RETRY_AFTER_SECONDS },
    );
  }
}

/** The request ran past its deadline (server/http/app.ts): a write may still commit, so its outcome is unknown. */
export function deadlineExceeded(isWrite: boolean): HttpError {
  return isWrite
    ? new HttpError(
        503,
        'The database did not answer in time; the change may or may not have been saved. Retry with the same Idempotency-Key to find out safely.',
        { outcome: 'unknown' },
        { 'Retry-After': RETRY_AFTER_SECONDS },
      )
    : new HttpError(503, 'The database did not answer in time; please retry shortly', {}, { 'Retry-After': RETRY_AFTER_SECONDS });
}
