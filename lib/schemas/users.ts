import { z } from 'zod';
import { refIdSchema, requiredText, text } from './common';

export const roleSchema = z.enum(['ADMIN', 'OPERATOR', 'SUPERVISOR', 'CARRIER'], {
  message: "Input should be 'ADMIN', 'OPERATOR', 'SUPERVISOR' or 'CARRIER'",
});
export type Role = z.infer<typeof roleSchema>;

const email = text(254).pipe(z.string().trim().email('Input should be a valid email address'));
const carrierId = refIdSchema.nullable().describe('The carrier of a CARRIER user (GET /api/carriers); required for that role, refused for others');
const overdueAlerts = z.boolean().describe('E-mail them when a truck is overdue');

/** The field message when a carrier is missing from a carrier user, or given to staff. */
export const CARRIER_NEEDED_MESSAGE = 'A carrier user needs a carrier';
export const CARRIER_STAFF_MESSAGE = 'Only carrier users belong to a carrier';

// Checked here when the request names the role; a change of the carrier alone is the database's to check (users_carrier_role).
const carrierForRole = (v: { role?: string; carrier_id?: number | null }, ctx: z.RefinementCtx) => {
  if (v.role === 'CARRIER' && v.carrier_id === null) ctx.addIssue({ code: 'custom', path: ['carrier_id'], message: CARRIER_NEEDED_MESSAGE });
  if (v.role !== undefined && v.role !== 'CARRIER' && v.carrier_id != null)
    ctx.addIssue({ code: 'custom', path: ['carrier_id'], message: CARRIER_STAFF_MESSAGE });
};

/** Passwords set through the API; the server also checks their strength (common passwords, names, patterns). */
const password = text(200).pipe(z.string().min(12, 'Password should have at least 12 characters'));

export const userCreateSchema = z
  .strictObject({
    email,
    full_name: requiredText(120),
    password,
    role: roleSchema,
    is_active: z.boolean().default(true),
    carrier_id: carrierId.default(null),
    overdue_alerts: overdueAlerts.default(false),
  })
  .superRefine(carrierForRole)
  .meta({ id: 'UserCreate' });
export type UserCreate = z.output<typeof userCreateSchema>;

export const userUpdateSchema = z
  .strictObject({
    email: email.optional(),
    full_name: requiredText(120).optional(),
    password: password.optional(),
    role: roleSchema.optional(),
    is_active: z.boolean().optional(),
    carrier_id: carrierId.optional(),
    overdue_alerts: overdueAlerts.optional(),
  })
  .superRefine(carrierForRole)
  .meta({ id: 'UserUpdate' });
export type UserUpdate = z.output<typeof userUpdateSchema>;

/** PATCH /api/users/me: what a staff user changes on their own account (the overdue alerts only; anything else is 422). */
export const meUpdateSchema = z.strictObject({ overdue_alerts: overdueAlerts }).meta({ id: 'MeUpdate' });
export type MeUpdate = z.output<typeof meUpdateSchema>;

export const userSchema = z
  .object({
    id: z.number(),
    email: z.string(),
    full_name: z.string(),
    role: roleSchema,
    is_active: z.boolean(),
    carrier_id: z.number().nullable(),
    overdue_alerts: z.boolean(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: 'User' });
export type User = z.infer<typeof userSchema>;

export const loginSchema = z
  .strictObject({
    email: requiredText(254),
    password: text(200).pipe(z.string().min(1, 'Field required')),
  })
  .meta({ id: 'Login' });
export type Login = z.output<typeof loginSchema>;

export const tokenSchema = z.object({ access_token: z.string(), token_type: z.literal('bearer') }).meta({ id: 'Token' });
