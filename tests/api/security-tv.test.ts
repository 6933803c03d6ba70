import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_ACCOUNTS } from '@/server/db/seed';
import { connectBoard } from '@/tests/support/sockets';
import { api, startTestServer, type TestServer } from '@/tests/support/test-server';

// SPEC §7 "TV links expose no people": no e-mails, names or user ids in
// anything a display link can read (/api/tv/<token> and its socket).

let s: TestServer;
let displayToken: string;
beforeAll(async () => {
  s = await startTestServer();
  const display = await api(s, 'POST', '/api/displays', { token: s.tokens.ADMIN, body: { name: 'Hall TV' } });
  expect(display.status).toBe(201);
  displayToken = display.body.token;
});
afterAll(() => s.close());

const NAMES = DEMO_ACCOUNTS.map((a) => a.fullName);

/** Fails with what leaked: an e-mail address, a demo user's name, or a user id in a people field. */
function expectNoPeople(value: unknown, what: string) {
  const text = JSON.stringify(value);
  expect(text, what).not.toContain('@');
  for (const name of NAMES) expect(text, `${what}: ${name}`).not.toContain(name);
  const walk = (v: unknown, path: string) => {
    if (Array.isArray(v)) {
      for (const [i, x] of v.entries()) walk(x, `${path}[${i}]`);
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (['user_id', 'user_email', 'created_by', 'updated_by', 'creator', 'updater', 'actor_id', 'email', 'full_name'].includes(k)) {
          expect(x, `${what}: ${path}.${k}`).toBeNull();
        } else walk(x, `${path}.${k}`);
      }
    }
  };
  walk(value, what);
}

async function createAssignment() {
  const ramp = await api(s, 'POST', '/api/ramps', { token: s.tokens.ADMIN, body: { code: `TV${Date.now() % 1e6}`, kind: 'BOTH' } });
  const load = await api(s, 'POST', '/api/loads', { token: s.tokens.OPERATOR, body: { reference: `TV-${Date.now()}`, direction: 'IB' } });
  const now = Date.now();
  const res = await api(s, 'POST', '/api/assignments', {
    token: s.tokens.OPERATOR,
    body: { ramp_id: ramp.body.id, load_id: load.body.id, eta_in: new Date(now + 3_600_000).toISOString(), eta_out: new Date(now + 7_200_000).toISOString() },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  // The API itself still says who did it.
  expect(res.body.creator.email).toBe('operator1@dcdock.com');
  return res.body;
}

it('GET /api/tv/<token> carries no e-mails, names or user ids', async () => {
  await createAssignment();
  const res = await api(s, 'GET', `/api/tv/${displayToken}`);
  expect(res.status).toBe(200);
  expect(res.body.assignments.length).toBeGreaterThan(0);
  expectNoPeople(res.body, '/api/tv');
});

it('a display socket receives board events without people, live and in a since replay; user sockets still get them', async () => {
  const tv = await connectBoard(s.url, { display: displayToken });
  const user = await connectBoard(s.url, { token: s.tokens.SUPERVISOR });
  await tv.until((m) => m.some((x) => x.type === 'caught_up'));
  await user.until((m) => m.some((x) => x.type === 'caught_up'));
  const from = tv.ofType('caught_up')[0].seq as number;
  const created = await createAssignment();
  const updated = await api(s, 'PATCH', `/api/assignments/${created.id}`, { token: s.tokens.OPERATOR, body: { version: created.version, status_id: 2 } });
  expect(updated.status).toBe(200);

  const live = (await tv.until((m) => m.some((x) => x.type === 'assignment_updated' && x.assignment_id === created.id))).filter(
    (m) => typeof m.seq === 'number' && m.seq > from,
  );
  expect(live.map((m) => m.type)).toEqual(expect.arrayContaining(['ramp_created', 'load_created', 'assignment_created', 'assignment_updated']));
  expectNoPeople(live, 'display socket (live)');

  const seen = await user.until((m) => m.some((x) => x.type === 'assignment_updated' && x.assignment_id === created.id));
  expect(seen.find((m) => m.type === 'assignment_updated')).toMatchObject({
    user_email: 'operator1@dcdock.com',
    data: { updater: { email: 'operator1@dcdock.com' } },
  });

  const replay = await connectBoard(s.url, { display: displayToken, since: from });
  const replayed = await replay.until((m) => m.some((x) => x.type === 'caught_up'));
  expect(replayed.filter((m) => m.type === 'assignment_updated').length).toBe(1);
  expectNoPeople(replayed, 'display socket (replay)');
  for (const c of [tv, user, replay]) c.close();
});
