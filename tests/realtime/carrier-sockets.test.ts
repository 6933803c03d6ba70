import { encode } from 'next-auth/jwt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AVAILABILITY_CHANGED_EVENT } from '@/lib/realtime';
import { type BoardClient, connectBoard, connectRaw, type RawClient } from '@/tests/support/sockets';
import { api, DEMO, startTestServer, TEST_SECRET, type TestServer } from '@/tests/support/test-server';

// SPEC §9: a carrier user's sockets get only its own carrier's loads' events, without people; on Socket.IO,
// every other assignment or ramp change is only `availability_changed` with its seq. Catch-up follows the same rules.

let s: TestServer;
let carrier1: number;
let carrier2: number;
let token2: string;
beforeAll(async () => {
  s = await startTestServer();
  const rows = await s.db.$client<{ email: string; carrier_id: number }[]>`
    SELECT email, carrier_id FROM users WHERE email IN ('carrier1@dcdock.com', 'carrier2@dcdock.com') ORDER BY email`;
  [carrier1, carrier2] = [rows[0]!.carrier_id, rows[1]!.carrier_id];
  token2 = await s.tokenFor('carrier2@dcdock.com');
});
afterAll(() => s.close());

const q = (token: string, extra = '') => `?token=${encodeURIComponent(token)}${extra}`;
let n = 0;
const tag = () => `CS${Date.now() % 1e6}-${++n}`;

async function asAdmin(method: string, path: string, body?: unknown) {
  const res = await api(s, method, path, { token: s.tokens.ADMIN, body });
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

async function boardReady(auth: Record<string, unknown>): Promise<BoardClient & { head: number }> {
  const board = await connectBoard(s.url, auth);
  const [ack] = (await board.until((m) => m.some((x) => x.type === 'caught_up'))).filter((x) => x.type === 'caught_up');
  return Object.assign(board, { head: ack!.seq as number });
}
async function rawReady(token: string, extra = ''): Promise<RawClient> {
  const raw = await connectRaw(s.url, q(token, extra));
  await raw.until((m) => m.some((x) => x.type === 'connection_ack'));
  return raw;
}

/** A ramp, a load of each carrier (and one of none), each planned, then one of carrier 1's changed, and a new status. */
async function writeScene() {
  const ramp = await asAdmin('POST', '/api/ramps', { code: tag(), kind: 'BOTH' });
  const mine = await asAdmin('POST', '/api/loads', { reference: tag(), direction: 'IB', carrier_id: carrier1, truck_plate: 'AB 123' });
  const theirs = await asAdmin('POST', '/api/loads', { reference: tag(), direction: 'IB', carrier_id: carrier2 });
  const nobody = await asAdmin('POST', '/api/loads', { reference: tag(), direction: 'IB' });
  const base = Date.parse('2037-03-02T08:00:00Z') + n * 86_400_000;
  const plan = (load: { id: number }, h: number) =>
    asAdmin('POST', '/api/assignments', {
      ramp_id: ramp.id,
      load_id: load.id,
      eta_in: new Date(base + h * 3_600_000).toISOString(),
      eta_out: new Date(base + (h + 1) * 3_600_000).toISOString(),
    });
  const a1 = await plan(mine, 0);
  const a2 = await plan(theirs, 2);
  const a3 = await plan(nobody, 4);
  const moved = await asAdmin('PATCH', `/api/assignments/${a1.id}`, { version: a1.version, status_id: 2 });
  const status = await asAdmin('POST', '/api/statuses', { code: `CS_${++n}`, label: 'Carrier socket test', color: 'blue' });
  return { ramp, mine, theirs, nobody, a1, a2, a3, moved, status };
}
type Scene = Awaited<ReturnType<typeof writeScene>>;

/** The board messages after `head`, without the caught_up marker. */
const newerThan = (head: number) => (m: { seq?: number; type?: string }) => typeof m.seq === 'number' && m.seq > head && m.type !== 'caught_up';
const seqsOf = (messages: { type: string; seq: number }[]) => messages.map((m) => `${m.type}@${m.seq}`);

/** What carrier 1's Socket.IO socket must have been sent for the scene, in order. */
function expectCarrier1Board(messages: Record<string, any>[], scene: Scene) {
  const got = messages;
  expect(got.map((m) => m.type)).toEqual([
    AVAILABILITY_CHANGED_EVENT, // the ramp
    'load_created', // its own load; the other carrier's and the load of none: nothing
    'assignment_created',
    AVAILABILITY_CHANGED_EVENT, // carrier 2's assignment
    AVAILABILITY_CHANGED_EVENT, // the assignment of no carrier
    'assignment_updated',
    'status_created',
  ]);
  for (const m of got.filter((x) => x.type === AVAILABILITY_CHANGED_EVENT)) expect(Object.keys(m).sort()).toEqual(['seq', 'type']);
  const load = got.find((m) => m.type === 'load_created')!;
  expect(load).toMatchObject({ user_id: null, user_email: null, data: { id: scene.mine.id, carrier_id: carrier1, truck_plate: 'AB 123' } });
  for (const m of got.filter((x) => x.type.startsWith('assignment_'))) {
    expect(m).toMatchObject({ user_id: null, user_email: null, data: { created_by: null, updated_by: null, creator: null, updater: null } });
    expect(m.data.load.carrier_id).toBe(carrier1);
    expect(m.assignment_id).toBe(scene.a1.id);
  }
  expect(got.find((m) => m.type === 'status_created')).toMatchObject({ user_id: null, user_email: null, data: { id: scene.status.id } });
}

describe('a carrier user’s sockets', () => {
  it('get their own loads’ events without people, availability_changed for other assignments and ramps, nothing of other carriers', async () => {
    const staff = await boardReady({ token: s.tokens.OPERATOR });
    const board1 = await boardReady({ token: s.tokens.CARRIER });
    const board2 = await boardReady({ token: token2 });
    const raw1 = await rawReady(s.tokens.CARRIER, '&direction=IB');
    const raw2 = await rawReady(token2, '&direction=IB');
    const head = board1.head;
    const scene = await writeScene();

    // The staff socket sees everything (the last event) with its people; the carriers then have had every event too.
    await staff.until((m) => m.some((x) => x.type === 'status_created' && x.data.id === scene.status.id));
    expect(staff.messages.find((m) => m.type === 'assignment_created' && m.assignment_id === scene.a1.id)).toMatchObject({
      user_email: DEMO.ADMIN,
      data: { creator: { email: DEMO.ADMIN } },
    });
    await board1.until((m) => m.some((x) => x.type === 'status_created'));
    expectCarrier1Board(board1.messages.filter(newerThan(head)), scene);

    await board2.until((m) => m.some((x) => x.type === 'status_created'));
    const two = board2.messages.filter(newerThan(head));
    expect(two.map((m) => m.type)).toEqual([
      AVAILABILITY_CHANGED_EVENT,
      'load_created',
      AVAILABILITY_CHANGED_EVENT, // carrier 1's
      'assignment_created',
      AVAILABILITY_CHANGED_EVENT,
      AVAILABILITY_CHANGED_EVENT, // carrier 1's change
      'status_created',
    ]);
    expect(two.find((m) => m.type === 'load_created')!.data.id).toBe(scene.theirs.id);
    expect(JSON.stringify(two)).not.toContain(scene.mine.reference);

    // Raw sockets: the seed's assignment events, its own only, people stripped; no availability_changed there.
    await raw1.until(() => raw1.events().some((e) => e.type === 'assignment_updated' && e.assignment_id === scene.a1.id));
    await raw2.until(() => raw2.events().some((e) => e.assignment_id === scene.a2.id));
    const rawEvents = raw1.events();
    expect(rawEvents.map((e) => `${e.type}:${e.assignment_id}`)).toEqual([`assignment_created:${scene.a1.id}`, `assignment_updated:${scene.a1.id}`]);
    for (const e of rawEvents) {
      expect(Object.keys(e).sort()).toEqual(['action', 'assignment_id', 'data', 'seq', 'timestamp', 'type', 'user_email', 'user_id']);
      expect(e).toMatchObject({ user_id: null, user_email: null, data: { created_by: null, updated_by: null, creator: null, updater: null } });
    }
    expect(raw1.messages.some((m) => m.type === AVAILABILITY_CHANGED_EVENT)).toBe(false);

    // Replayed with `since`: the very same messages, Socket.IO and raw.
    const again = await boardReady({ token: s.tokens.CARRIER, since: head });
    expect(seqsOf(again.messages.filter(newerThan(head)) as never)).toEqual(seqsOf(board1.messages.filter(newerThan(head)) as never));
    expectCarrier1Board(again.messages.filter(newerThan(head)), scene);
    const rawAgain = await connectRaw(s.url, q(s.tokens.CARRIER, `&direction=IB&since=${head}`));
    await rawAgain.until(() => rawAgain.events().length >= 2);
    expect(rawAgain.events()).toEqual(rawEvents);
    const raw2Again = await connectRaw(s.url, q(token2, `&direction=IB&since=${head}`));
    await raw2Again.until(() => raw2Again.events().some((e) => e.assignment_id === scene.a2.id));
    expect(raw2Again.events().map((e) => e.assignment_id)).toEqual([scene.a2.id]);

    for (const c of [staff, board1, board2, raw1, raw2, again, rawAgain, raw2Again]) c.close();
  });

  it('signed in with the browser’s session cookie, carrier 2’s board socket gets its own load’s events only', async () => {
    const [me] = await s.db.$client<{ id: number }[]>`SELECT id FROM users WHERE email = 'carrier2@dcdock.com'`;
    const session = await encode({ token: { uid: me!.id, email: 'carrier2@dcdock.com', role: 'CARRIER' }, secret: TEST_SECRET, maxAge: 3600 });
    const board = await connectBoard(s.url, {}, { headers: { cookie: `next-auth.session-token=${session}` } });
    const [ack] = (await board.until((m) => m.some((x) => x.type === 'caught_up'))).filter((x) => x.type === 'caught_up');
    const head = ack!.seq as number;
    const scene = await writeScene();
    await board.until((m) => m.some((x) => x.type === 'status_created' && x.data.id === scene.status.id));
    const got = board.messages.filter(newerThan(head));
    expect(got.filter((m) => m.type.startsWith('load_')).map((m) => m.data.id)).toEqual([scene.theirs.id]);
    expect(got.filter((m) => m.type.startsWith('assignment_')).map((m) => m.assignment_id)).toEqual([scene.a2.id]);
    expect(got.filter((m) => m.type === AVAILABILITY_CHANGED_EVENT)).toHaveLength(4);
    board.close();
  });
});
