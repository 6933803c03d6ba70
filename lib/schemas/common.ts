import { z } from 'zod';
import { parseInstant } from '@/lib/time';
import './plain-messages';

export const idSchema = z.coerce
  .number({ message: 'Input should be a valid integer' })
  .int('Input should be a valid integer')
  .positive('Input should be greater than 0')
  .max(2147483647, 'Input should be at most 2147483647');

/** A JSON integer id in a body (no coercion from strings). */
export const refIdSchema = z
  .number({ message: 'Input should be a valid integer' })
  .int('Input should be a valid integer')
  .positive('Input should be greater than 0')
  .max(2147483647, 'Input should be at most 2147483647');

/** ISO 8601 date-time; without an offset it is read as UTC. */
export const instantSchema = z
  .string({ message: 'Input should be an ISO 8601 date-time string' })
  .max(40, 'Input should be an ISO 8601 date-time string')
  .transform((text, ctx) => {
    const date = parseInstant(text);
    if (!date) {
      ctx.addIssue({ code: 'custom', message: 'Input should be a valid ISO 8601 date-time, e.g. 2025-01-01T14:00:00Z' });
      return z.NEVER;
    }
    return date;
  })
  .meta({ format: 'date-time', example: '2025-01-01T14:00:00Z' });

export const directionSchema = z.enum(['IB', 'OB'], { message: "Input should be 'IB' or 'OB'" });

/** A page when the caller names none (the API's defaults, and internal callers'). */
export const DEFAULT_PAGE = { skip: 0, limit: 1000 } as const;

export const paginationSchema = {
  skip: z.coerce.number().int().min(0).max(1_000_000).default(DEFAULT_PAGE.skip),
  limit: z.coerce.number().int().min(1).max(10_000).default(DEFAULT_PAGE.limit),
};

/** A list query as code passes it: the page is optional (DEFAULT_PAGE). */
export type PageOptional<Q extends { skip: number; limit: number }> = Omit<Q, 'skip' | 'limit'> & { skip?: number; limit?: number };

// PostgreSQL text cannot hold U+0000; refuse it here rather than fail in the database.
const noNul = (s: string) => !s.includes('\u0000');
const NUL_MESSAGE = 'Text must not contain NUL (U+0000) characters';

export const text = (max: number) => z.string().max(max, `String should have at most ${max} characters`).refine(noNul, NUL_MESSAGE);
export const requiredText = (max: number) =>
  z.string().trim().min(1, 'Field required').max(max, `String should have at most ${max} characters`).refine(noNul, NUL_MESSAGE);

export const detailSchema = z.object({ detail: z.string() }).meta({ id: 'Error' });

export const validationErrorSchema = z
  .object({
    detail: z.array(z.object({ loc: z.array(z.union([z.string(), z.number()])), msg: z.string(), type: z.string() })),
  })
  .meta({ id: 'ValidationError' });
