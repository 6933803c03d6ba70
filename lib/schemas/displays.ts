import { z } from 'zod';
import { directionSchema, requiredText } from './common';

export const displayCreateSchema = z
  .strictObject({ name: requiredText(80), direction: directionSchema.nullable().default(null).describe('IB, OB, or null for all') })
  .meta({ id: 'DisplayLinkCreate' });
export type DisplayLinkCreate = z.output<typeof displayCreateSchema>;

export const displayUpdateSchema = z
  .strictObject({ name: requiredText(80).optional(), direction: directionSchema.nullable().optional() })
  .meta({ id: 'DisplayLinkUpdate' });
export type DisplayLinkUpdate = z.output<typeof displayUpdateSchema>;

export const displaySchema = z
  .object({
    id: z.number(),
    name: z.string(),
    token: z.string(),
    url: z.string(),
    direction: directionSchema.nullable(),
    created_at: z.string(),
    revoked_at: z.string().nullable(),
  })
  .meta({ id: 'DisplayLink' });
export type DisplayLink = z.infer<typeof displaySchema>;
