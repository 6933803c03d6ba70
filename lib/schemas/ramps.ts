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

/** SPEC §9: what the board shades: the week's hours ("HH:MM" in time_zone) and the closures around the day shown. */
export const rampRulesSchema = z
  .object({
    time_zone: z.string(),
    always_open: z.boolean(),
    hours: z.array(z.object({ weekday: z.number(), opens: z.string(), closes: z.string() })),
    closures: z.array(
      z.object({ id: z.number(), ramp_id: z.number(), starts_at: z.string(), ends_at: z.string(), reason: z.string(), created_at: z.string() }),
    ),
  })
  .meta({ id: 'RampRules' });
export type RampRules = z.infer<typeof rampRulesSchema>;

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
    rules: rampRulesSchema.optional().describe('On the board and TV snapshots and ramp events: hours and closures'),
  })
  .meta({ id: 'Ramp' });
export type Ramp = z.infer<typeof rampSchema>;
