import type { ActionResult } from '@/lib/action-result';
import { ADMIN_ONLY } from '@/lib/roles';
import { webhookCreateSchema, webhookReplaySchema, webhookUpdateSchema, type WebhookWithSecret } from '@/lib/schemas/webhooks';
import { defineAction, noInput } from '@/server/actions/run-action';
import { getRuntime } from '@/server/runtime';
import { openAnswer, sealAnswer } from '@/server/webhooks/sealed-answer';
import {
  createWebhook,
  deleteWebhook,
  pauseWebhook,
  replayWebhook,
  resumeWebhook,
  rotateWebhookSecret,
  sendTestEvent,
  updateWebhook,
} from '@/server/webhooks/webhooks';

// The webhooks screen's writes: the same schemas, roles and domain functions as
// the REST routes (server/http/routes/webhook-routes.ts).

const settings = () => getRuntime().config.webhooks;

// An action's answer is kept in idempotency_keys so a retry gets it again (server/webhooks/sealed-answer.ts).
const sealed = (w: WebhookWithSecret): WebhookWithSecret => sealAnswer(settings().key, w);

/** The answer of create or rotate-secret with its secret readable, for the one time it is shown. */
export function revealSecret(result: ActionResult<WebhookWithSecret>): ActionResult<WebhookWithSecret> {
  return result.ok ? { ok: true, value: openAnswer(settings().key, result.value) } : result;
}

export const createWebhookSpec = defineAction({
  name: 'webhooks.create',
  roles: ADMIN_ONLY,
  input: webhookCreateSchema,
  handler: async ({ db }, data) => sealed(await createWebhook(db, settings(), data)),
});
export const updateWebhookSpec = defineAction({
  name: 'webhooks.update',
  roles: ADMIN_ONLY,
  withId: true,
  input: webhookUpdateSchema,
  handler: ({ db, id }, data) => updateWebhook(db, settings(), id, data),
});
export const deleteWebhookSpec = defineAction({
  name: 'webhooks.delete',
  roles: ADMIN_ONLY,
  withId: true,
  input: noInput,
  handler: ({ db, id }) => deleteWebhook(db, id),
});
/** A new secret, shown once; the old one keeps signing (X-DCDock-Signature-Previous) for 24 h. */
export const rotateWebhookSecretSpec = defineAction({
  name: 'webhooks.rotate-secret',
  roles: ADMIN_ONLY,
  withId: true,
  input: noInput,
  handler: async ({ db, id }) => sealed(await rotateWebhookSecret(db, settings(), id)),
});
export const testWebhookSpec = defineAction({
  name: 'webhooks.test',
  roles: ADMIN_ONLY,
  withId: true,
  input: noInput,
  handler: ({ db, id }) => sendTestEvent(db, settings(), id),
});
export const replayWebhookSpec = defineAction({
  name: 'webhooks.replay',
  roles: ADMIN_ONLY,
  withId: true,
  input: webhookReplaySchema,
  handler: ({ db, id }, data) => replayWebhook(db, id, data),
});
export const pauseWebhookSpec = defineAction({
  name: 'webhooks.pause',
  roles: ADMIN_ONLY,
  withId: true,
  input: noInput,
  handler: ({ db, id }) => pauseWebhook(db, id),
});
export const resumeWebhookSpec = defineAction({
  name: 'webhooks.resume',
  roles: ADMIN_ONLY,
  withId: true,
  input: noInput,
  handler: ({ db, id }) => resumeWebhook(db, id),
});
