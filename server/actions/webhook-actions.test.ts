import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionResult } from '@/lib/action-result';
import type { Role } from '@/lib/schemas/users';
import type { WebhookWithSecret } from '@/lib/schemas/webhooks';
import { runAction, type ActionDeps } from '@/server/actions/run-action';
import { createWebhookSpec, revealSecret, rotateWebhookSecretSpec } from '@/server/actions/webhook-actions';
import type { Actor } from '@/server/auth/actor';
import type { AppDeps } from '@/server/http/route';
import { createLogger } from '@/server/logger';
import { setRuntime } from '@/server/runtime';
import { DEMO, startTestServer, type TestServer } from '@/tests/support/test-server';

// The webhooks screen's writes: the secret reaches the admin once, and never lies readable in the database.
let server: TestServer;
let deps: ActionDeps;
const actors = {} as Record<Role, Actor>;
let keys = 0;
const key = () => `webhook-actions-test-${process.pid}-${++keys}`;
const as = (role: Role) => async () => actors[role];

beforeAll(async () => {
  server = await startTestServer({ WEBHOOK_ALLOW_PRIVATE: '1' });
  deps = { db: server.db, config: { requestDeadlineMs: 5_000 }, logger: createLogger('silent') };
  setRuntime({ config: server.config, db: server.db, logger: deps.logger } as AppDeps);
  for (const [role, email] of Object.entries(DEMO) as [Role, string][]) {
    const [u] = await server.db.$client<{ id: number; email: string; full_name: string; token_version: number }[]>`
      SELECT id, email, full_name, token_version FROM users WHERE email = ${email}`;
    actors[role] = { id: u!.id, email: u!.email, fullName: u!.full_name, role, tokenVersion: u!.token_version };
  }
});
afterAll(() => server.close());

const ok = <T>(result: ActionResult<T>): T => {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result)}`);
  return result.value;
};
const storedAnswers = async () =>
  (await server.db.$client<{ body: string | null }[]>`SELECT body #>> '{}' AS body FROM idempotency_keys`).map((r) => r.body ?? '');

describe('webhook actions', () => {
  it('create answers the secret; a retry with the same key answers the same one; the stored answer holds it sealed only', async () => {
    const call = { input: { url: 'http://127.0.0.1:9/hook', event_types: ['load_created'] }, idempotencyKey: key() };
    const first = ok(revealSecret(await runAction(deps, as('ADMIN'), createWebhookSpec, call)));
    expect(first.secret).toMatch(/^whsec_/);
    expect(first).toMatchObject({ url: 'http://127.0.0.1:9/hook', event_types: ['load_created'], active: true });
    const again = ok(revealSecret(await runAction(deps, as('ADMIN'), createWebhookSpec, call)));
    expect(again).toEqual(first);
    const [row] = await server.db.$client<{ n: number }[]>`SELECT count(*)::int AS n FROM webhook_endpoints WHERE url = 'http://127.0.0.1:9/hook'`;
    expect(row?.n).toBe(1);
    const stored = await storedAnswers();
    expect(stored.some((b) => b.includes('"url":"http://127.0.0.1:9/hook"') && b.includes('"secret":"v1.'))).toBe(true);
    expect(stored.some((b) => b.includes(first.secret))).toBe(false);
  });

  it('rotate-secret answers a new secret, the old one signing for 24 h more', async () => {
    const created = ok(
      revealSecret(await runAction(deps, as('ADMIN'), createWebhookSpec, { input: { url: 'http://127.0.0.1:9/rotate' }, idempotencyKey: key() })),
    );
    const rotated: WebhookWithSecret = ok(revealSecret(await runAction(deps, as('ADMIN'), rotateWebhookSecretSpec, { id: created.id, idempotencyKey: key() })));
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(created.secret);
    expect(Date.parse(rotated.previous_secret_expires_at!) - Date.now()).toBeGreaterThan(23 * 3_600_000);
    expect((await storedAnswers()).some((b) => b.includes(rotated.secret))).toBe(false);
  });

  it('refuses everyone but admins', async () => {
    for (const role of ['OPERATOR', 'SUPERVISOR'] as const) {
      const result = await runAction(deps, as(role), createWebhookSpec, { input: { url: 'http://127.0.0.1:9/nope' }, idempotencyKey: key() });
      expect(result).toMatchObject({ ok: false, status: 403 });
    }
  });
});
