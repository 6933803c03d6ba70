import { afterAll, beforeAll, expect, it } from 'vitest';
import { api, DEMO, startTestServer, type TestServer } from '@/tests/support/test-server';

// SPEC §7 "There is always an active admin": concurrent demotions,
// deactivations or deletions never leave none.

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.close());

const activeAdmins = async () => Number((await s.db.$client<{ n: string }[]>`SELECT count(*) AS n FROM users WHERE role = 'ADMIN' AND is_active`)[0]!.n);

/** Two fresh admins, and every other admin demoted: the pair are the only ones left. */
async function onlyTwoAdmins(round: number) {
  // The demo admin creates the pair (set up directly: its token stays valid), then steps aside.
  await s.db.$client`UPDATE users SET role = 'ADMIN', is_active = true WHERE email = ${DEMO.ADMIN}`;
  const pair = [];
  for (const who of ['a', 'b']) {
    const email = `last.admin.${round}.${who}.${Date.now()}@example.com`;
    const res = await api(s, 'POST', '/api/users', {
      token: s.tokens.ADMIN,
      body: { email, full_name: `Admin ${who}`, password: 'amber-kettle-Orbit-51', role: 'ADMIN' },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    pair.push({ id: res.body.id as number, token: await s.tokenFor(email) });
  }
  await s.db.$client`UPDATE users SET role = 'OPERATOR' WHERE role = 'ADMIN' AND id NOT IN ${s.db.$client([pair[0]!.id, pair[1]!.id])}`;
  expect(await activeAdmins()).toBe(2);
  return pair as [{ id: number; token: string }, { id: number; token: string }];
}

const WAYS = [
  { name: 'demote', call: (id: number) => ['PATCH', `/api/users/${id}`, { role: 'OPERATOR' }] as const },
  { name: 'deactivate', call: (id: number) => ['PATCH', `/api/users/${id}`, { is_active: false }] as const },
  { name: 'delete', call: (id: number) => ['DELETE', `/api/users/${id}`, undefined] as const },
];

it('two admins taking each other away at the same moment always leave one active admin (10 rounds)', { timeout: 60_000 }, async () => {
  const outcomes: string[] = [];
  for (let round = 0; round < 10; round++) {
    const way = WAYS[round % WAYS.length]!;
    const [a, b] = await onlyTwoAdmins(round);
    const [ma, pa, ba] = way.call(b.id);
    const [mb, pb, bb] = way.call(a.id);
    const [ra, rb] = await Promise.all([api(s, ma, pa, { token: a.token, body: ba }), api(s, mb, pb, { token: b.token, body: bb })]);
    const statuses = [ra.status, rb.status].sort();
    outcomes.push(`${way.name}: ${statuses.join('/')}`);
    expect(await activeAdmins(), `round ${round} (${way.name})`).toBe(1);
    // One wins; the other is refused: 409 when its check ran after the winner's
    // commit, or 401 if its token was already revoked by then (a demoted or
    // deactivated admin is signed out everywhere).
    expect(statuses[0], outcomes.join(', ')).toBeLessThan(300);
    expect([401, 409], outcomes.join(', ')).toContain(statuses[1]);
    const refused = ra.status >= 300 ? ra : rb;
    if (refused.status === 409) expect(refused.body.detail).toBe('At least one active admin must remain');
  }
  console.log(`concurrent admin removals: ${outcomes.join(', ')}`);
  expect(outcomes.filter((o) => o.endsWith('/409')).length).toBeGreaterThan(0);
});

it('refuses taking away the last active admin one at a time, too', async () => {
  const [a, b] = await onlyTwoAdmins(99);
  expect((await api(s, 'PATCH', `/api/users/${b.id}`, { token: a.token, body: { is_active: false } })).status).toBe(200);
  // b is gone; a is the last: another admin account cannot remove it (a cannot remove itself: 400).
  expect((await api(s, 'PATCH', `/api/users/${a.id}`, { token: a.token, body: { role: 'OPERATOR' } })).status).toBe(400);
  expect(await activeAdmins()).toBe(1);
});
