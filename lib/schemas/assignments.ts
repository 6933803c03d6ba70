import { z } from 'zod';
import { directionSchema, idSchema, instantSchema, paginationSchema, refIdSchema } from './common';
import { ACTUAL_FIELDS, type ActualField } from '@/lib/board-rules';

const etaOrder = (v: { eta_in?: Date; eta_out?: Date }, ctx: z.RefinementCtx) => {
  if (v.eta_in && v.eta_out && v.eta_out <= v.eta_in) {
    ctx.addIssue({ code: 'custom', path: ['eta_out'], message: 'eta_out must be after eta_in' });
  }
};

export type ActualTimes = Partial<Record<ActualField, Date | null>>;

/** The message for two actual times out of order; the same words as the database constraint's 422. */
export const actualOrderMessage = (later: ActualField, earlier: ActualField) => `${later} must not be before ${earlier}`;

// Only times given in the same request are compared here; the stored ones are the database's to check.
const actualOrder = (v: ActualTimes, ctx: z.RefinementCtx) => {
  for (let i = 1; i < ACTUAL_FIELDS.length; i++) {
    const later = ACTUAL_FIELDS[i]!;
    const at = v[later];
    if (!at) continue;
    const earlier = ACTUAL_FIELDS.slice(0, i).find((f) => v[f] && v[f] > at);
    if (earlier) ctx.addIssue({ code: 'custom', path: [later], message: actualOrderMessage(later, earlier) });
  }
};

/** How status changes record the actual times, as the OpenAPI document states it. */
export const ACTUAL_TIMES_RULE =
  'A change of status to ARRIVED, IN_PROGRESS or COMPLETED records arrived_at, started_at or completed_at as now, unless the request gives ' +
  'that time or one is already recorded. A later step with no arrival recorded records the arrival too, at that step’s time (a truck at the ' +
  'door has arrived); a missing started_at is never filled in. On create, a load checked in at the gate gives its arrival and the status ' +
  'ARRIVED. Times given are corrections: null clears one; they must stay in order (arrived ≤ started ≤ completed ≤ departed), else 422.';

const actualInput = (what: string) => instantSchema.nullable().optional().describe(what);
const actualInputs = {
  arrived_at: actualInput('When the truck arrived; recorded as now when the status becomes ARRIVED and none is given. Null clears it.'),
  started_at: actualInput('When work at the door started; recorded as now when the status becomes IN_PROGRESS and none is given.'),
  completed_at: actualInput('When work at the door ended; recorded as now when the status becomes COMPLETED and none is given.'),
  departed_at: actualInput('When the truck left the site; normally set by a check-out.'),
};

export const assignmentCreateSchema = z
  .strictObject({
    ramp_id: refIdSchema,
    load_id: refIdSchema,
    status_id: refIdSchema.optional().describe('Defaults to PLANNED, or ARRIVED when the load was checked in at the gate'),
    eta_in: instantSchema,
    eta_out: instantSchema.optional().describe("Defaults to eta_in plus the duration of the load's type (SPEC §9); required when the load has none"),
    ...actualInputs,
  })
  .superRefine(etaOrder)
  .superRefine(actualOrder)
  .meta({ id: 'AssignmentCreate', description: ACTUAL_TIMES_RULE });
export type AssignmentCreate = z.output<typeof assignmentCreateSchema>;

export const assignmentUpdateSchema = z
  .strictObject({
    version: z.number({ message: 'Input should be a valid integer' }).int().positive().max(2147483647).describe('The version this change was based on'),
    ramp_id: refIdSchema.optional(),
    load_id: refIdSchema.optional(),
    status_id: refIdSchema.optional(),
    eta_in: instantSchema.optional(),
    eta_out: instantSchema.optional(),
    ...actualInputs,
  })
  .superRefine(etaOrder)
  .superRefine(actualOrder)
  .meta({ id: 'AssignmentUpdate', description: ACTUAL_TIMES_RULE });
export type AssignmentUpdate = z.output<typeof assignmentUpdateSchema>;

export const assignmentListQuerySchema = z.strictObject({
  direction: directionSchema.optional(),
  from: instantSchema.optional(),
  to: instantSchema.optional(),
  ramp_id: idSchema.optional(),
  ...paginationSchema,
});
export type AssignmentListQuery = z.output<typeof assignmentListQuerySchema>;

export const assignmentDeleteQuerySchema = z.strictObject({ version: idSchema.optional() });
export type AssignmentDeleteQuery = z.output<typeof assignmentDeleteQuerySchema>;

const userRef = z.object({ id: z.number(), email: z.string(), full_name: z.string() }).nullable();

export const assignmentSchema = z
  .object({
    id: z.number(),
    ramp_id: z.number(),
    load_id: z.number(),
    status_id: z.number(),
    eta_in: z.string(),
    eta_out: z.string(),
    arrived_at: z.string().nullable(),
    started_at: z.string().nullable(),
    completed_at: z.string().nullable(),
    departed_at: z.string().nullable(),
    called_at: z.string().nullable().describe('When the truck was last called to its door'),
    decline_reason: z.string().nullable().optional().describe('Why a requested booking was declined (SPEC §9); null otherwise'),
    version: z.number(),
    created_by: z.number().nullable(),
    updated_by: z.number().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
    ramp: z.object({ id: z.number(), code: z.string(), description: z.string(), kind: z.enum(['IB', 'OB', 'BOTH']) }),
    load: z.object({
      id: z.number(),
      reference: z.string(),
      direction: directionSchema,
      planned_arrival: z.string().nullable(),
      planned_departure: z.string().nullable(),
      notes: z.string().nullable(),
      // The API always sends it; events and history stored before the field existed do not have it.
      carrier: z.string().nullable().optional(),
      // Same: absent from events and history stored before SPEC §9.
      carrier_id: z.number().nullable().optional(),
      truck_plate: z.string().nullable().optional(),
    }),
    status: z.object({ id: z.number(), code: z.string(), label: z.string(), color: z.string() }),
    creator: userRef,
    updater: userRef,
  })
  .meta({ id: 'Assignment' });
export type Assignment = z.infer<typeof assignmentSchema>;

export const conflictSchema = z
  .object({
    detail: z.string(),
    current_version: z.number(),
    provided_version: z.number(),
    current_data: assignmentSchema,
  })
  .meta({ id: 'VersionConflict' });

export const historyEntrySchema = z
  .object({
    seq: z.number(),
    type: z.string(),
    action: z.enum(['CREATE', 'UPDATE', 'DELETE']),
    at: z.string(),
    user_id: z.number().nullable(),
    user_email: z.string().nullable(),
    user_name: z.string().nullable().describe('Full name of the user who made the change (null: the system, or a user since removed)'),
    before: assignmentSchema.nullable(),
    after: assignmentSchema.nullable(),
    changes: z.record(z.string(), z.object({ from: z.unknown(), to: z.unknown() })),
  })
  .meta({ id: 'AssignmentHistoryEntry' });
export type HistoryEntry = z.infer<typeof historyEntrySchema>;
