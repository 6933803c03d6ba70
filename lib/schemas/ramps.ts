import { z } from 'zod';
import { requiredText, text } from './common';

export const rampKindSchema = z.enum(['IB', 'OB', 'BOTH'], { message: "Input should be 'IB', 'OB' or 'BOTH'" });

const fields = {
  code: requiredText(20).regex(/^[A-Za-z0-9_-]+$/, 'Use letters, digits, - and _ only'),
  description: text(200),
  kind: rampKindSchema,
  is_active: z.boolean(),
  sort_order: z.number().int().min(-1_000_000).max(1_000_000),
};

export const rampCreateSchema = z
  .strictObject({
    code: fields.code,
    description: fields.description.default(''),
    kind: fields.kind.default('BOTH'),
    is_active: fields.is_active.default(true),
    sort_order: fields.sort_order.optional(),
  })
  .meta({ id: 'RampCreate' });
export type RampCreate = z.output<typeof rampCreateSchema>;

export const rampUpdateSchema = z
  .strictObject({
    code: fields.code.optional(),
    description: fields.description.optional(),
    kind: fields.kind.optional(),
    is_active: fields.is_active.optional(),
    sort_order: fields.sort_order.optional(),
  })
  .meta({ id: 'RampUpdate' });
export type RampUpdate = z.output<typeof rampUpdateSchema>;

export const rampSchema = z
  .object({
    id: z.number(),
    code: z.string(),
    description: z.string(),
    kind: rampKindSchema,
    is_active: z.boolean(),
    sort_order: z.number(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: 'Ramp' });
export type Ramp = z.infer<typeof rampSchema>;
