import { z } from 'zod';
import { WEBHOOK_EVENT_TYPES } from '@/lib/webhook-events';

const eventTypes = z
  .array(z.enum(WEBHOOK_EVENT_TYPES, { message: `Input should be one of ${WEBHOOK_EVENT_TYPES.join(', ')}` }))
  .max(WEBHOOK_EVENT_TYPES.length)
  .transform((types) => [...new Set(types)])
  .meta({ description: 'The event types delivered; empty: every type' });

// Private targets are refused by the server (it knows WEBHOOK_ALLOW_PRIVATE); the schema checks the form.
const url = z
  .string()
  .trim()
  .max(2000, 'Input should have at most 2000 characters')
  .refine((v) => /^https?:\/\//i.test(v) && URL.canParse(v), 'Input should be an http:// or https:// URL');

const secret = z.string().min(16, 'The secret should have at least 16 characters').max(200, 'The secret should have at most 200 characters');

export const webhookCreateSchema = z
  .strictObject({
    url,
    /** Generated when not given; either way it is shown in this answer only. */
    secret: secret.optional(),
    event_types: eventTypes.default([]),
    active: z.boolean().default(true),
  })
  .meta({ id: 'WebhookCreate' });
export type WebhookCreate = z.output<typeof webhookCreateSchema>;

export const webhookUpdateSchema = z
  .strictObject({ url: url.optional(), event_types: eventTypes.optional(), active: z.boolean().optional() })
  .meta({ id: 'WebhookUpdate' });
export type WebhookUpdate = z.output<typeof webhookUpdateSchema>;

export const webhookReplaySchema = z
  .strictObject({ from_seq: z.number({ message: 'Input should be a valid integer' }).int().min(1, 'Input should be at least 1') })
  .meta({ id: 'WebhookReplay' });
export type WebhookReplay = z.output<typeof webhookReplaySchema>;

export const webhookSchema = z
  .object({
    id: z.number(),
    url: z.string(),
    event_types: z.array(z.string()),
    active: z.boolean(),
    /** Set when delivery stopped by itself (failing for 24 h) or by an admin; resume clears it. */
    paused_at: z.string().nullable(),
    pause_reason: z.string().nullable(),
    /** The last seq the endpoint acknowledged (2xx) or skipped as not subscribed. */
    last_seq: z.number(),
    failing_since: z.string().nullable(),
    next_attempt_at: z.string().nullable(),
    attempts: z.number(),
    last_error: z.string().nullable(),
    /** Until then the previous secret still signs too (X-DCDock-Signature-Previous). */
    previous_secret_expires_at: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: 'Webhook' });
export type Webhook = z.infer<typeof webhookSchema>;

/** The answer to create and rotate-secret: the only time the secret is shown. */
export const webhookWithSecretSchema = webhookSchema.extend({ secret: z.string() }).meta({ id: 'WebhookWithSecret' });
export type WebhookWithSecret = z.infer<typeof webhookWithSecretSchema>;

export const webhookDeliverySchema = z
  .object({
    seq: z.number(),
    attempt: z.number(),
    status_code: z.number().nullable(),
    duration_ms: z.number(),
    error: z.string().nullable(),
    at: z.string(),
  })
  .meta({ id: 'WebhookDelivery' });
export type WebhookDelivery = z.infer<typeof webhookDeliverySchema>;

export const webhookTestResultSchema = z
  .object({ ok: z.boolean(), status_code: z.number().nullable(), duration_ms: z.number(), error: z.string().nullable() })
  .meta({ id: 'WebhookTestResult' });
