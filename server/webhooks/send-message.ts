import type { webhookEndpoints } from '@/drizzle/schema';
import { postWebhook, type PostResult } from '@/server/webhooks/post-webhook';
import { openSecret, signBody } from '@/server/webhooks/secret-box';
import type { WebhookConfig } from '@/server/webhooks/webhook-config';

type SigningRow = Pick<typeof webhookEndpoints.$inferSelect, 'url' | 'secretEnc' | 'previousSecretEnc'> & { previousSecretExpiresAt: Date | string | null };

/** The signing secrets of an endpoint, decrypted: the current one, and the previous one while its grace lasts. */
export type Signer = { url: string; secret: string; previous: string | null; previousUntil: number };

export function signerOf(row: SigningRow, key: Buffer): Signer {
  const until = row.previousSecretExpiresAt ? new Date(row.previousSecretExpiresAt).getTime() : 0;
  return {
    url: row.url,
    secret: openSecret(key, row.secretEnc),
    previous: row.previousSecretEnc && until > Date.now() ? openOrNull(key, row.previousSecretEnc) : null,
    previousUntil: until,
  };
}

/** The previous secret is a courtesy: one sealed with an older key is dropped, not fatal. */
function openOrNull(key: Buffer, sealed: string): string | null {
  try {
    return openSecret(key, sealed);
  } catch {
    return null;
  }
}

/** POSTs one signed message: X-DCDock-Seq, X-DCDock-Event, X-DCDock-Signature (+ -Previous during a rotation's grace). */
export function sendMessage(signer: Signer, message: { seq: number; type: string; body: string }, settings: WebhookConfig): Promise<PostResult> {
  const headers: Record<string, string> = {
    'X-DCDock-Seq': String(message.seq),
    'X-DCDock-Event': message.type,
    'X-DCDock-Signature': signBody(signer.secret, message.body),
  };
  if (signer.previous && signer.previousUntil > Date.now()) headers['X-DCDock-Signature-Previous'] = signBody(signer.previous, message.body);
  return postWebhook(signer.url, message.body, headers, { timeoutMs: settings.timeoutMs, allowPrivate: settings.allowPrivate });
}
