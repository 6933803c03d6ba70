import { z } from 'zod';
import { requiredText, text } from './common';

// SPEC §9: the companies whose users book their own slots.

const contactEmail = text(254)
  .pipe(z.string().trim())
  .transform((v) => v || null)
  .pipe(z.email('Input should be a valid email address').nullable())
  .nullable()
  .describe('Where booking e-mail goes; without it, to the carrier’s active users');

const fields = {
  name: requiredText(120),
  contact_email: contactEmail,
  auto_approve: z.boolean().describe('Its requests are planned at once, without an operator’s approval'),
  is_active: z.boolean().describe('An inactive carrier keeps its loads and history; its users cannot book'),
};

export const carrierCreateSchema = z
  .strictObject({
    name: fields.name,
    contact_email: fields.contact_email.optional(),
    auto_approve: fields.auto_approve.default(false),
    is_active: fields.is_active.default(true),
  })
  .meta({ id: 'CarrierCreate' });
export type CarrierCreate = z.output<typeof carrierCreateSchema>;

export const carrierUpdateSchema = z
  .strictObject({
    name: fields.name.optional(),
    contact_email: fields.contact_email.optional(),
    auto_approve: fields.auto_approve.optional(),
    is_active: fields.is_active.optional(),
  })
  .meta({ id: 'CarrierUpdate' });
export type CarrierUpdate = z.output<typeof carrierUpdateSchema>;

export const carrierSchema = z
  .object({
    id: z.number(),
    name: z.string(),
    contact_email: z.string().nullable(),
    auto_approve: z.boolean(),
    is_active: z.boolean(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: 'Carrier' });
export type Carrier = z.infer<typeof carrierSchema>;

/** A carrier that loads or users refer to is deactivated, not deleted (its history keeps its name). */
export const CARRIER_IN_USE_MESSAGE = 'Loads or users belong to this carrier; deactivate it instead';
