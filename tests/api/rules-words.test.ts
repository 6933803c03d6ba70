import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedRefusal } from '@/lib/ramp-hours';
import { rampRules } from '@/tests/support/open-time';
import { api, startTestServer, type TestServer } from '@/tests/support/test-server';

// SPEC §9: the board refuses a drop into closed time before it is sent (lib/ramp-hours.ts closedRefusal),
// in the very words the server would answer with (ramp_window_refusal, 0011_rules.sql).
let s: TestServer;
let ramp: { id: number; code: string };
let refs = 0;

beforeAll(async () => {
  s = await startTestServer({ SITE_TIMEZONE: 'Europe/Amsterdam' });
  ramp = (await api(s, 'POST', '/api/ramps', { token: s.tokens.ADMIN, body: { code: 'RW1', kind: 'BOTH' } })).body;
  const week = [1, 2, 3, 4, 5].flatMap((weekday) => [
    { weekday, opens: '06:00', closes: '12:00' },
    { weekday, opens: '13:00', closes: '22:00' },
  ]);
  const put = await api(s, 'PUT', `/api/ramps/${ramp.id}/hours`, {
    token: s.tokens.ADMIN,
    body: { hours: [...week, { weekday: 6, opens: '06:00', closes: '14:00' }] },
  });
  expect(put.status).toBe(200);
  for (const [starts_at, ends_at, reason] of [
    ['2031-03-04T14:00:00Z', '2031-03-04T16:00:00Z', 'Leveller repair'],
    ['2031-03-05T22:00:00Z', '2031-03-06T23:00:00Z', ''],
    ['2031-03-11T20:00:00Z', '2031-03-11T23:00:00Z', 'Night count'],
  ]) {
    expect((await api(s, 'POST', `/api/ramps/${ramp.id}/closures`, { token: s.tokens.ADMIN, body: { starts_at, ends_at, reason } })).status).toBe(201);
  }
});
afterAll(() => s.close());

const book = async (eta_in: string, eta_out: string) => {
  const load = await api(s, 'POST', '/api/loads', { token: s.tokens.OPERATOR, body: { reference: `RW-${++refs}`, direction: 'IB' } });
  return api(s, 'POST', '/api/assignments', { token: s.tokens.OPERATOR, body: { ramp_id: ramp.id, load_id: load.body.id, eta_in, eta_out } });
};

describe('the board’s words for closed time', () => {
  // March 2031 in Amsterdam is UTC+1; the 3rd is a Monday.
  it.each([
    ['the lunch break', '2031-03-03T10:30:00Z', '2031-03-03T11:30:00Z'],
    ['before opening', '2031-03-03T04:00:00Z', '2031-03-03T06:00:00Z'],
    ['after closing', '2031-03-03T20:30:00Z', '2031-03-03T21:30:00Z'],
    ['Saturday afternoon', '2031-03-08T12:30:00Z', '2031-03-08T13:30:00Z'],
    ['a Sunday', '2031-03-09T09:00:00Z', '2031-03-09T10:00:00Z'],
    ['a closure within a day', '2031-03-04T14:30:00Z', '2031-03-04T15:00:00Z'],
    ['a closure over two days', '2031-03-06T08:00:00Z', '2031-03-06T09:00:00Z'],
    ['a closure to midnight', '2031-03-11T19:30:00Z', '2031-03-11T20:30:00Z'],
    ['an open window', '2031-03-03T07:00:00Z', '2031-03-03T09:00:00Z'],
  ])('%s: the same refusal as the server, or none when it books', async (name, from, to) => {
    const rules = await rampRules(s, s.tokens.OPERATOR, ramp.id);
    const board = closedRefusal(ramp.code, rules, Date.parse(from), Date.parse(to));
    expect(board === null).toBe(name === 'an open window');
    const res = await book(from, to);
    if (board === null) expect(res.status, JSON.stringify(res.body)).toBe(201);
    else expect({ status: res.status, detail: res.body.detail }).toEqual({ status: 409, detail: board });
  });

  it('reads a break the way an operator would', async () => {
    const rules = await rampRules(s, s.tokens.OPERATOR, ramp.id);
    expect(closedRefusal(ramp.code, rules, Date.parse('2031-03-03T10:30:00Z'), Date.parse('2031-03-03T11:30:00Z'))).toBe(
      'RW1 is closed 12:00–13:00 on Mondays',
    );
    expect(closedRefusal(ramp.code, rules, Date.parse('2031-03-09T09:00:00Z'), Date.parse('2031-03-09T10:00:00Z'))).toBe('RW1 is closed on Sunday');
  });
});
