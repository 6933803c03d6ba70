import { z } from 'zod';
import { requiredText } from './common';

const fields = {
  code: requiredText(30).regex(/^[A-Z0-9_]+$/, 'Use upper-case letters, digits and _ only'),
  label: requiredText(60),
  color: requiredText(30).regex(/^(#[0-9a-fA-F]{6}|[a-z]+)$/, 'Use a colour name such as blue or a hex colour such as #1d4ed8'),
  sort_order: z.number().int().min(-1_000_000).max(1_000_000),
};

export const statusCreateSchema = z
  .strictObject({ code: fields.code, label: fields.label, color: fields.color, sort_order: fields.sort_order.optional() })
  .meta({ id: 'StatusCreate' });
export type StatusCreate = z.output<typeof statusCreateSchema>;

export const statusUpdateSchema = z
  .strictObject({
    code: fields.code.optional(),
    label: fields.label.optional(),
    color: fields.color.optional(),
    sort_order: fields.sort_order.optional(),
  })
  .meta({ id: 'StatusUpdate' });
export type StatusUpdate = z.output<typeof statusUpdateSchema>;

export const statusSchema = z.object({ id: z.number(), code: z.string(), label: z.string(), color: z.string(), sort_order: z.number() }).meta({ id: 'Status' });
export type Status = z.infer<typeof statusSchema>;
