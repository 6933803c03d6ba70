import { z } from 'zod';
import { directionSchema, instantSchema, paginationSchema, refIdSchema, requiredText, text } from './common';

const fields = {
  reference: requiredText(50),
  direction: directionSchema,
  planned_arrival: instantSchema.nullable(),
  planned_departure: instantSchema.nullable(),
  notes: text(2000).nullable(),
  // Trimmed; blank means none.
  carrier: z
    .string()
    .trim()
    .max(120, 'String should have at most 120 characters')
    .refine((v) => !v.includes('\u0000'), 'Text must not contain NUL (U+0000) characters')
    .transform((v) => v || null)
    .nullable(),
  load_type_id: refIdSchema.nullable().describe('Its load type (GET /api/load-types); null for none'),
  carrier_id: refIdSchema
    .nullable()
    .describe('The carrier it belongs to (GET /api/carriers): its users see the load, and `carrier` becomes its name. Null for none'),
  // Trimmed; blank means none.
  truck_plate: z
    .string()
    .trim()
    .max(20, 'String should have at most 20 characters')
    .refine((v) => !v.includes('\u0000'), 'Text must not contain NUL (U+0000) characters')
    .transform((v) => v || null)
    .nullable()
    .describe("The truck's plate"),
};

/** The message when planned_departure is not after planned_arrival (also checked against the stored values). */
export const PLANNED_ORDER_MESSAGE = 'planned_departure must be after planned_arrival';

const plannedOrder = (v: { planned_arrival?: Date | null; planned_departure?: Date | null }, ctx: z.RefinementCtx) => {
  if (v.planned_arrival && v.planned_departure && v.planned_departure <= v.planned_arrival) {
    ctx.addIssue({ code: 'custom', path: ['planned_departure'], message: PLANNED_ORDER_MESSAGE });
  }
};

export const loadCreateSchema = z
  .strictObject({
    reference: fields.reference,
    direction: fields.direction,
    planned_arrival: fields.planned_arrival.optional(),
    planned_departure: fields.planned_departure.optional(),
    notes: fields.notes.optional(),
    carrier: fields.carrier.optional(),
    load_type_id: fields.load_type_id.optional(),
    carrier_id: fields.carrier_id.optional(),
    truck_plate: fields.truck_plate.optional(),
  })
  .superRefine(plannedOrder)
  .meta({ id: 'LoadCreate' });
export type LoadCreate = z.output<typeof loadCreateSchema>;

export const loadUpdateSchema = z
  .strictObject({
    reference: fields.reference.optional(),
    direction: fields.direction.optional(),
    planned_arrival: fields.planned_arrival.optional(),
    planned_departure: fields.planned_departure.optional(),
    notes: fields.notes.optional(),
    carrier: fields.carrier.optional(),
    load_type_id: fields.load_type_id.optional(),
    carrier_id: fields.carrier_id.optional(),
    truck_plate: fields.truck_plate.optional(),
  })
  .superRefine(plannedOrder)
  .meta({ id: 'LoadUpdate' });
export type LoadUpdate = z.output<typeof loadUpdateSchema>;

export const loadListQuerySchema = z.strictObject({
  direction: directionSchema.optional(),
  unassigned: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  from: instantSchema.optional(),
  to: instantSchema.optional(),
  carrier: text(120).optional().describe('Loads whose carrier contains this text (case-insensitive)'),
  ...paginationSchema,
});
export type LoadListQuery = z.output<typeof loadListQuerySchema>;

export const loadSchema = z
  .object({
    id: z.number(),
    reference: z.string(),
    direction: directionSchema,
    planned_arrival: z.string().nullable(),
    planned_departure: z.string().nullable(),
    notes: z.string().nullable(),
    carrier: z.string().nullable(),
    load_type_id: z.number().nullable().optional(),
    carrier_id: z.number().nullable().optional().describe('The carrier it belongs to (GET /api/carriers); its users see the load. Null for none'),
    truck_plate: z.string().nullable().optional().describe("The truck's plate, as the booking or the site gives it"),
    arrived_at: z.string().nullable().describe('Checked in at the gate while the load had no live assignment (the yard queue)'),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: 'Load' });
export type Load = z.infer<typeof loadSchema>;
