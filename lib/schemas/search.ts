import { z } from 'zod';
import { directionSchema } from './common';
import { loadSchema } from './loads';
import { statusSchema } from './statuses';

/** The most results one search answers with; the board shows the first few and says there are more. */
export const SEARCH_MAX_LIMIT = 50;
export const SEARCH_DEFAULT_LIMIT = 20;

export const searchQuerySchema = z.strictObject({
  q: z
    .string()
    .trim()
    .min(2, 'Type at least 2 characters')
    .max(100, 'String should have at most 100 characters')
    .refine((v) => !v.includes('\u0000'), 'Text must not contain NUL (U+0000) characters')
    .optional()
    .describe('Part of a load reference, carrier, notes or ramp code/description, any case; without it the answer is empty'),
  limit: z.coerce
    .number({ message: 'Input should be a valid integer' })
    .int('Input should be a valid integer')
    .min(1, 'Input should be greater than or equal to 1')
    .max(SEARCH_MAX_LIMIT, `Input should be less than or equal to ${SEARCH_MAX_LIMIT}`)
    .default(SEARCH_DEFAULT_LIMIT),
  direction: directionSchema.optional(),
});
export type SearchQuery = z.output<typeof searchQuerySchema>;

export const searchFieldSchema = z.enum(['reference', 'carrier', 'notes', 'ramp']);
export type SearchField = z.infer<typeof searchFieldSchema>;

export const searchResultSchema = z
  .object({
    load: loadSchema,
    assignment: z
      .object({
        id: z.number(),
        ramp_id: z.number(),
        ramp_code: z.string(),
        eta_in: z.string(),
        eta_out: z.string(),
        status: statusSchema.pick({ id: true, code: true, label: true, color: true }),
      })
      .nullable()
      .describe("The load's live (not cancelled) assignment, or null when it has no ramp"),
    date: z
      .string()
      .nullable()
      .describe("The site day the load is on the board (its assignment's eta_in, else its planned arrival); null: no planned time, in today's unassigned list"),
    matched: z.array(searchFieldSchema).describe('Which fields contain the text'),
  })
  .meta({ id: 'SearchResult' });
export type SearchResult = z.infer<typeof searchResultSchema>;

export const searchAnswerSchema = z
  .object({
    results: z.array(searchResultSchema).describe('Today first (and loads without a planned time), then the nearest days; at most `limit`'),
    more: z.boolean().describe('More loads match than `limit`: refine the text'),
  })
  .meta({ id: 'SearchAnswer' });
export type SearchAnswer = z.infer<typeof searchAnswerSchema>;
