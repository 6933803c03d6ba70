import { z } from 'zod';
import { assignmentSchema } from './assignments';
import { directionSchema, instantSchema } from './common';
import { loadCreateSchema, loadSchema } from './loads';

// The gate and the yard queue (SPEC §8): check-in, walk-in, check-out, call to door.

const atSchema = instantSchema.optional().describe('When it happened; now when absent');

/** Check-in and check-out take an optional time; an empty body is the same as `{}`. */
export const gateTimeSchema = z.strictObject({ at: atSchema }).optional().meta({ id: 'GateTime' });
export type GateTime = z.output<typeof gateTimeSchema>;

/** A truck without a booking: the load is created and checked in at once (one load_created event, `arrived_at` set). */
export const walkInSchema = loadCreateSchema.safeExtend({ at: atSchema }).meta({ id: 'WalkIn' });
export type WalkIn = z.output<typeof walkInSchema>;

export const yardQuerySchema = z.strictObject({ direction: directionSchema.optional() });
export type YardQuery = z.output<typeof yardQuerySchema>;

/** A truck on site: its load, its live assignment if it has one, and since when it has been waiting. */
export const yardEntrySchema = z
  .object({
    load: loadSchema,
    assignment: assignmentSchema.nullable(),
    arrived_at: z.string().describe("The assignment's arrived_at, or the load's when it has no live assignment"),
    waiting_minutes: z.number().int().describe('Whole minutes since arrived_at, at the time of the answer'),
  })
  .meta({ id: 'YardEntry' });
export type YardEntry = z.infer<typeof yardEntrySchema>;

/** What a check-in or a walk-in answers: the load, its live assignment (if any) and the arrival on record. */
export const checkInResultSchema = z
  .object({ load: loadSchema, assignment: assignmentSchema.nullable(), arrived_at: z.string() })
  .meta({ id: 'CheckInResult' });
export type CheckInResult = z.infer<typeof checkInResultSchema>;
