import { z } from 'zod';
import { requiredText, text } from './common';

export const roleSchema = z.enum(['ADMIN', 'OPERATOR', 'SUPERVISOR', 'CARRIER'], {
  message: "Input should be 'ADMIN', 'OPERATOR', 'SUPERVISOR' or 'CARRIER'",
});
export type Role = z.infer<typeof roleSchema>;

const email = text(254).pipe(z.string().trim().email('Input should be a valid email address'));
/** Passwords set through the API; the server also checks their strength (common passwords, names, patterns). */
const password = text(200).pipe(z.string().min(12, 'Password should have at least 12 characters'));

export const userCreateSchema = z
  .strictObject({
    email,
    full_name: requiredText(120),
    password,
    role: roleSchema,
    is_active: z.boolean().default(true),
  })
  .meta({ id: 'UserCreate' });
export type UserCreate = z.output<typeof userCreateSchema>;

export const userUpdateSchema = z
  .strictObject({
    email: email.optional(),
    full_name: requiredText(120).optional(),
    password: password.optional(),
    role: roleSchema.optional(),
    is_active: z.boolean().optional(),
  })
  .meta({ id: 'UserUpdate' });
export type UserUpdate = z.output<typeof userUpdateSchema>;

export const userSchema = z
  .object({
    id: z.number(),
    email: z.string(),
    full_name: z.string(),
    role: roleSchema,
    is_active: z.boolean(),
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
