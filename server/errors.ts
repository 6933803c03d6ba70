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

/** Parses with a zod schema or throws a 422 with field messages. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, where: 'body' | 'query' | 'path' = 'body'): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw validationError(result.error, where, input);
  return result.data;
}
