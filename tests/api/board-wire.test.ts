import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packBoard, unpackBoard } from '@/lib/board-wire';
import type { Board } from '@/lib/schemas/board';
import { SEED_NOW } from '@/tests/support/global-setup';
import { api, startTestServer, type TestServer } from '@/tests/support/test-server';
import { dayOf } from '@/lib/zoned-time';

let s: TestServer;
let board: Board;
// The test database's demo day (tests/support/global-setup.ts seeds it at SEED_NOW).
const DAY = `/api/board?date=${dayOf(SEED_NOW, 'Europe/Amsterdam')}`;

beforeAll(async () => {
  s = await startTestServer({ SITE_TIMEZONE: 'Europe/Amsterdam' });
  const res = await api(s, 'GET', DAY, { token: s.tokens.OPERATOR });
  // Give the demo day every kind of value a block can carry: actual times, a call, a carrier and notes.
  const open = (res.body.assignments as Board['assignments']).filter((a) => !a.arrived_at && !a.departed_at);
  const [first, second] = open;
  const writes = [
    await api(s, 'PATCH', `/api/assignments/${first!.id}`, {
      token: s.tokens.OPERATOR,
      body: { version: first!.version, arrived_at: first!.eta_in, started_at: first!.eta_in },
    }),
    await api(s, 'POST', `/api/loads/${second!.load_id}/check-in`, { token: s.tokens.OPERATOR }),
    await api(s, 'POST', `/api/assignments/${second!.id}/call`, { token: s.tokens.OPERATOR }),
    await api(s, 'PATCH', `/api/loads/${second!.load_id}`, { token: s.tokens.ADMIN, body: { carrier: 'Acme Freight', notes: 'Side door' } }),
  ];
  expect(writes.map((w) => w.status)).toEqual([200, 200, 200, 200]);
  board = (await api(s, 'GET', DAY, { token: s.tokens.OPERATOR })).body;
}, 60_000);
afterAll(() => s.close());

describe('the board as the page sends it', () => {
  it('unpacks to the API board field for field, after a trip through JSON', () => {
    expect(board.assignments.length).toBeGreaterThan(10);
    expect(board.assignments.some((a) => a.started_at && a.called_at === null)).toBe(true);
    expect(board.assignments.some((a) => a.called_at && a.load.carrier === 'Acme Freight' && a.load.notes === 'Side door')).toBe(true);
    const wire = JSON.parse(JSON.stringify(packBoard(board)));
    expect(unpackBoard(wire)).toEqual(board);
  });

  it('keeps a block whose ramp or status differs from the lists, and takes at most two thirds of the bytes (the demo day, its actual times recorded: 0.60)', () => {
    const odd = structuredClone(board);
    odd.assignments[0]!.ramp = { ...odd.assignments[0]!.ramp, description: 'renamed since' };
    odd.assignments[1]!.status = { ...odd.assignments[1]!.status, label: 'relabelled' };
    expect(unpackBoard(JSON.parse(JSON.stringify(packBoard(odd))))).toEqual(odd);
    const [full, packed] = [JSON.stringify(board.assignments), JSON.stringify(packBoard(board).assignments)];
    expect(packed.length / full.length).toBeLessThan(2 / 3);
  });
});
