'use server';

import type { ActionResult } from '@/lib/action-result';
import type { Webhook, WebhookWithSecret } from '@/lib/schemas/webhooks';
import { runNextAction } from '@/server/actions/next-action';
import {
  createWebhookSpec,
  deleteWebhookSpec,
  pauseWebhookSpec,
  replayWebhookSpec,
  resumeWebhookSpec,
  revealSecret,
  rotateWebhookSecretSpec,
  testWebhookSpec,
  updateWebhookSpec,
} from '@/server/actions/webhook-actions';

// The webhooks screen: endpoints, their secret (shown once), test, pause/resume, replay.
// Form values go in as they are: the runner parses them with the REST route's schema and checks session and role.

type WebhookTestResult = { ok: boolean; status_code: number | null; duration_ms: number; error: string | null };

export async function createWebhookAction(input: Record<string, unknown>, idempotencyKey: string): Promise<ActionResult<WebhookWithSecret>> {
  return revealSecret(await runNextAction(createWebhookSpec, { input, idempotencyKey }));
}

export async function updateWebhookAction(id: number, input: Record<string, unknown>, idempotencyKey: string): Promise<ActionResult<Webhook>> {
  return runNextAction(updateWebhookSpec, { id, input, idempotencyKey });
}

export async function deleteWebhookAction(id: number, idempotencyKey: string): Promise<ActionResult<void>> {
  return runNextAction(deleteWebhookSpec, { id, idempotencyKey });
}

export async function rotateWebhookSecretAction(id: number, idempotencyKey: string): Promise<ActionResult<WebhookWithSecret>> {
  return revealSecret(await runNextAction(rotateWebhookSecretSpec, { id, idempotencyKey }));
}

export async function testWebhookAction(id: number, idempotencyKey: string): Promise<ActionResult<WebhookTestResult>> {
  return runNextAction(testWebhookSpec, { id, idempotencyKey });
}

export async function replayWebhookAction(id: number, input: Record<string, unknown>, idempotencyKey: string): Promise<ActionResult<Webhook>> {
  return runNextAction(replayWebhookSpec, { id, input, idempotencyKey });
}

export async function pauseWebhookAction(id: number, idempotencyKey: string): Promise<ActionResult<Webhook>> {
  return runNextAction(pauseWebhookSpec, { id, idempotencyKey });
}

export async function resumeWebhookAction(id: number, idempotencyKey: string): Promise<ActionResult<Webhook>> {
  return runNextAction(resumeWebhookSpec, { id, idempotencyKey });
}
