import { z } from 'zod';
import { BOOKING_STATES } from '@/lib/booking-state';
import { daySchema } from './board';
import { directionSchema, idSchema, instantSchema, refIdSchema, requiredText, text } from './common';

// Blank optional text means none.
const optionalText = (max: number) =>
  text(max)
    .trim()
    .transform((v) => v || null)
    .nullable()
    .optional();

export const availabilityQuerySchema = z
  .strictObject({
    date: daySchema.describe("A day in the site's time zone"),
    direction: directionSchema,
    load_type_id: idSchema,
  })
  .meta({ id: 'AvailabilityQuery' });
export type AvailabilityQuery = z.output<typeof availabilityQuerySchema>;

const rampChoice = refIdSchema.nullable().optional().describe('null or absent: any door (the site picks the first free fitting ramp)');

export const bookingRequestSchema = z
  .strictObject({
    reference: requiredText(50),
    direction: directionSchema,
    load_type_id: refIdSchema,
    eta_in: instantSchema,
    ramp_id: rampChoice,
    notes: optionalText(2000),
    truck_plate: optionalText(20),
  })
  .meta({ id: 'BookingRequest' });
export type BookingRequest = z.output<typeof bookingRequestSchema>;

export const bookingRerequestSchema = z.strictObject({ eta_in: instantSchema, ramp_id: rampChoice }).meta({ id: 'BookingRerequest' });
export type BookingRerequest = z.output<typeof bookingRerequestSchema>;

/** Approve (reason ignored) or decline (reason required, 1–500 characters: the decline route checks it). */
export const bookingDecisionSchema = z
  .strictObject({
    version: z.number({ message: 'Input should be a valid integer' }).int().positive().max(2147483647).describe('The version this decision was based on'),
    reason: text(500).trim().optional(),
  })
  .meta({ id: 'BookingDecision' });
export type BookingDecision = z.output<typeof bookingDecisionSchema>;

export const bookingStateSchema = z.enum(BOOKING_STATES);

export const bookingSchema = z
  .object({
    id: z.number().describe('The assignment id'),
    version: z.number(),
    state: bookingStateSchema,
    status_code: z.string(),
    reference: z.string(),
    direction: directionSchema,
    load_id: z.number(),
    load_type_id: z.number().nullable(),
    load_type_name: z.string().nullable(),
    ramp_id: z.number(),
    ramp_code: z.string(),
    eta_in: z.string(),
    eta_out: z.string(),
    notes: z.string().nullable(),
    truck_plate: z.string().nullable(),
    carrier_id: z.number().nullable(),
    carrier_name: z.string().nullable(),
    decline_reason: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: 'Booking' });
export type Booking = z.infer<typeof bookingSchema>;

export const bookingListSchema = z.object({ items: z.array(bookingSchema) }).meta({ id: 'BookingList' });

const windowSchema = z.object({ from: z.string(), to: z.string() });

export const availabilitySchema = z
  .object({
    date: z.string(),
    direction: directionSchema,
    load_type: z.object({ id: z.number(), name: z.string(), duration_minutes: z.number() }),
    earliest: z.string().nullable().describe('The earliest instant a booking may start (now + lead time)'),
    closed_reason: z.string().nullable().describe('Why the whole day cannot be booked (cut-off, horizon); null when it can'),
    ramps: z.array(z.object({ ramp_id: z.number(), code: z.string(), description: z.string(), windows: z.array(windowSchema) })),
  })
  .meta({ id: 'Availability' });
export type Availability = z.infer<typeof availabilitySchema>;
