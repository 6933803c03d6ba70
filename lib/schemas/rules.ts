import { z } from 'zod';
import { instantSchema, text } from './common';
import { rampKindSchema } from './ramps';

/** "HH:MM" on a 24-hour clock; "24:00" closes a day at midnight. */
const clockSchema = z
  .string({ message: 'Input should be a time such as 06:00' })
  .regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'Input should be a time such as 06:00')
  .transform((v) => Number(v.slice(0, 2)) * 60 + Number(v.slice(3)));

const weekdaySchema = z
  .number({ message: 'Input should be a weekday from 0 (Sunday) to 6 (Saturday)' })
  .int('Input should be a weekday from 0 (Sunday) to 6 (Saturday)')
  .min(0, 'Input should be a weekday from 0 (Sunday) to 6 (Saturday)')
  .max(6, 'Input should be a weekday from 0 (Sunday) to 6 (Saturday)');

const hoursSpanSchema = z.strictObject({ weekday: weekdaySchema, opens: clockSchema, closes: clockSchema }).superRefine((v, ctx) => {
  if (v.closes <= v.opens) ctx.addIssue({ code: 'custom', path: ['closes'], message: 'closes must be after opens' });
});

/** The whole week at once; a weekday without a span is closed; an empty list makes the ramp open at all times. */
export const rampHoursPutSchema = z
  .strictObject({
    hours: z.array(hoursSpanSchema).max(50, 'At most 50 opening spans'),
  })
  .superRefine((v, ctx) => {
    const sorted = v.hours.map((h, i) => ({ ...h, i })).sort((a, b) => a.weekday - b.weekday || a.opens - b.opens);
    for (let k = 1; k < sorted.length; k++) {
      const [p, h] = [sorted[k - 1]!, sorted[k]!];
      if (p.weekday === h.weekday && h.opens < p.closes) {
        ctx.addIssue({ code: 'custom', path: ['hours', h.i, 'opens'], message: 'Opening hours of one day must not overlap' });
      }
    }
  })
  .meta({ id: 'RampHoursPut' });
export type RampHoursPut = z.output<typeof rampHoursPutSchema>;

export const rampHoursSchema = z
  .object({
    ramp_id: z.number(),
    time_zone: z.string().describe('The site time zone the hours are read in'),
    always_open: z.boolean().describe('True when no hours are set: the ramp is open at all times'),
    hours: z.array(z.object({ weekday: z.number().describe('0 = Sunday … 6 = Saturday'), opens: z.string(), closes: z.string() })),
  })
  .meta({ id: 'RampHours' });
export type RampHours = z.infer<typeof rampHoursSchema>;

export const closureCreateSchema = z
  .strictObject({
    starts_at: instantSchema,
    ends_at: instantSchema.describe('Exclusive: a booking may start at this instant'),
    reason: text(200).trim().default(''),
  })
  .superRefine((v, ctx) => {
    if (v.ends_at <= v.starts_at) ctx.addIssue({ code: 'custom', path: ['ends_at'], message: 'ends_at must be after starts_at' });
  })
  .meta({ id: 'ClosureCreate' });
export type ClosureCreate = z.output<typeof closureCreateSchema>;

export const closureListQuerySchema = z.strictObject({
  from: instantSchema.optional().describe('Only closures that end after this instant'),
});
export type ClosureListQuery = z.output<typeof closureListQuerySchema>;

export const closureSchema = z
  .object({ id: z.number(), ramp_id: z.number(), starts_at: z.string(), ends_at: z.string(), reason: z.string(), created_at: z.string() })
  .meta({ id: 'Closure' });
export type Closure = z.infer<typeof closureSchema>;

const loadTypeFields = {
  name: z.string().trim().min(1, 'Field required').max(60, 'String should have at most 60 characters'),
  duration_minutes: z
    .number({ message: 'Input should be a whole number of minutes' })
    .int('Input should be a whole number of minutes')
    .min(1, 'Input should be at least 1 minute')
    .max(1440, 'Input should be at most 1440 minutes (a day)'),
  ramp_kinds: z.array(rampKindSchema).min(1, 'Choose at least one ramp kind').max(3),
};

export const loadTypeCreateSchema = z.strictObject(loadTypeFields).meta({ id: 'LoadTypeCreate' });
export type LoadTypeCreate = z.output<typeof loadTypeCreateSchema>;
export const loadTypeUpdateSchema = z
  .strictObject({
    name: loadTypeFields.name.optional(),
    duration_minutes: loadTypeFields.duration_minutes.optional(),
    ramp_kinds: loadTypeFields.ramp_kinds.optional(),
  })
  .meta({ id: 'LoadTypeUpdate' });
export type LoadTypeUpdate = z.output<typeof loadTypeUpdateSchema>;

export const loadTypeSchema = z
  .object({ id: z.number(), name: z.string(), duration_minutes: z.number(), ramp_kinds: z.array(rampKindSchema) })
  .meta({ id: 'LoadType' });
export type LoadType = z.infer<typeof loadTypeSchema>;
