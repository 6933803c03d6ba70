import { z } from 'zod';
import { PAGE_SECONDS } from '@/lib/display-options';
import { directionSchema, requiredText } from './common';

const pageSeconds = z
  .number({ message: 'Page time should be a whole number of seconds' })
  .int('Page time should be a whole number of seconds')
  .min(PAGE_SECONDS.min, `Page time should be at least ${PAGE_SECONDS.min} seconds`)
  .max(PAGE_SECONDS.max, `Page time should be at most ${PAGE_SECONDS.max} seconds`)
  .describe('Seconds each page of ramps is shown');
const hideFreeRamps = z
  .boolean({ message: 'Hide free ramps should be true or false' })
  .describe('Leave off ramps with nothing at the door and nothing planned');

export const displayCreateSchema = z
  .strictObject({
    name: requiredText(80),
    direction: directionSchema.nullable().default(null).describe('IB, OB, or null for all'),
    page_seconds: pageSeconds.default(PAGE_SECONDS.default),
    hide_free_ramps: hideFreeRamps.default(false),
  })
  .meta({ id: 'DisplayLinkCreate' });
export type DisplayLinkCreate = z.output<typeof displayCreateSchema>;

export const displayUpdateSchema = z
  .strictObject({
    name: requiredText(80).optional(),
    direction: directionSchema.nullable().optional(),
    page_seconds: pageSeconds.optional(),
    hide_free_ramps: hideFreeRamps.optional(),
  })
  .meta({ id: 'DisplayLinkUpdate' });
export type DisplayLinkUpdate = z.output<typeof displayUpdateSchema>;

export const displaySchema = z
  .object({
    id: z.number(),
    name: z.string(),
    token: z.string(),
    url: z.string(),
    direction: directionSchema.nullable(),
    page_seconds: z.number(),
    hide_free_ramps: z.boolean(),
    created_at: z.string(),
    revoked_at: z.string().nullable(),
  })
  .meta({ id: 'DisplayLink' });
export type DisplayLink = z.infer<typeof displaySchema>;
