import type { WebhookWithSecret } from '@/lib/schemas/webhooks';
import { openSecret, sealSecret } from '@/server/webhooks/secret-box';

// The answers of create and rotate-secret carry the new secret. They are kept
// in idempotency_keys so a retry gets them again: the secret goes there sealed
// (as in webhook_endpoints), and is opened only on its way to the client.

export const sealAnswer = (key: Buffer, w: WebhookWithSecret): WebhookWithSecret => ({ ...w, secret: sealSecret(key, w.secret) });

export const openAnswer = (key: Buffer, w: WebhookWithSecret): WebhookWithSecret => ({ ...w, secret: openSecret(key, w.secret) });
