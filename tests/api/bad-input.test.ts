import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, dbFingerprint, startTestServer, type ApiResponse, type TestServer } from '@/tests/support/test-server';

// Bad input never gives a 500 and never writes: every refused request below is
// checked against a fingerprint of the database taken just before it.

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.close());

type Loc = (string | number)[];
type Options = { token?: string; body?: unknown; rawBody?: string | Buffer; headers?: Record<string, string> };

const BIG = 'x'.repeat(100_000);
const JSON_HEADERS = { 'Content-Type': 'application/json' };

/** Sends a request that must be refused (4xx, `expected` if given) with a JSON `detail`, and must change nothing. */
async function refused(method: string, path: string, options: Options, expected?: number): Promise<ApiResponse> {
  const before = await dbFingerprint(s.db);
  const res = await api(s, method, path, options);
  const label = `${method} ${path} ${options.rawBody === undefined ? JSON.stringify(options.body)?.slice(0, 120) : String(options.rawBody).slice(0, 60)}`;
  expect(res.status, `${label} → ${JSON.stringify(res.body)?.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
  expect(res.status, label).toBeLessThan(500);
  if (expected) expect(res.status, `${label} → ${JSON.stringify(res.body)?.slice(0, 300)}`).toBe(expected);
  expect(res.headers.get('content-type'), label).toMatch(/^application\/json/);
  expect(res.body, label).toHaveProperty('detail');
  expect(await dbFingerprint(s.db), `${label} wrote to the database`).toBe(before);
  return res;
}

/** A 422 whose detail lists {loc, msg, type} and names `loc`; `msgPart` must appear in that entry's msg. */
async function invalid(method: string, path: string, body: unknown, loc: Loc, msgPart?: string, token = s.tokens.ADMIN) {
  const res = await refused(method, path, { token, body }, 422);
  expect(Array.isArray(res.body.detail), `${method} ${path}: detail is a list`).toBe(true);
  for (const d of res.body.detail) expect(d).toEqual({ loc: expect.any(Array), msg: expect.any(String), type: expect.any(String) });
  const entry = res.body.detail.find((d: { loc: Loc }) => JSON.stringify(d.loc) === JSON.stringify(loc));
  expect(
    entry,
    `${method} ${path} ${JSON.stringify(body)?.slice(0, 120)}: no entry at ${JSON.stringify(loc)} in ${JSON.stringify(res.body.detail).slice(0, 300)}`,
  ).toBeDefined();
  if (msgPart) expect(entry.msg).toContain(msgPart);
}

/** `base` with some fields replaced; an `undefined` value removes the field. */
const variant = (base: Record<string, unknown>, patch: Record<string, unknown>) =>
  Object.fromEntries(Object.entries({ ...base, ...patch }).filter(([, v]) => v !== undefined));

type Case = [name: string, patch: Record<string, unknown>, loc: Loc, msgPart?: string];

const show = (v: unknown) => (v === BIG ? '100 kB string' : JSON.stringify(v));
/** One case per bad value of `field`, each expected at loc ['body', field]. */
const bad = (field: string, ...values: unknown[]): Case[] => values.map((v) => [`${field} = ${show(v)}`, { [field]: v }, ['body', field]]);
const tooLong = (field: string, max: number): Case => [`${field} = 100 kB string`, { [field]: BIG }, ['body', field], `at most ${max}`];
const missing = (field: string): Case => [`${field} missing`, { [field]: undefined }, ['body', field], 'Field required'];
const extra = (field: string, value: unknown = 1): Case => [`unknown field ${field}`, { [field]: value }, ['body'], field];
const BAD_DATES = ['2025-02-30T10:00:00', 'tomorrow', '2025-01-01T25:00:00', '2025-01-01T10:00:00+25:00', 1735725600000, '', true, BIG];

const ASSIGNMENT = { ramp_id: 1, load_id: 12, eta_in: '2030-07-01T08:00:00Z', eta_out: '2030-07-01T09:00:00Z' };
const LOAD = { reference: 'BAD-INPUT-OK', direction: 'IB' };
const RAMP = { code: 'BAD1' };
const USER = { email: 'bad.input@example.com', full_name: 'Bad Input', password: 'long enough Violet kettle', role: 'OPERATOR' };
const STATUS = { code: 'BAD_STATUS', label: 'Bad', color: 'blue' };
const LOGIN = { email: 'admin@dcdock.com', password: 'admin123' };

const POST_CASES: [path: string, base: Record<string, unknown>, cases: Case[]][] = [
  [
    '/api/assignments',
    ASSIGNMENT,
    [
      ...bad('ramp_id', '1', [1], null, 1.5, 0, 2147483648),
      ...bad('load_id', true, -12, { id: 12 }),
      ...bad('eta_in', ...BAD_DATES),
      ...bad('eta_out', 'tomorrow', 20300701),
      missing('ramp_id'),
      // SPEC §9: eta_out may be left out only for a load with a load type (its default duration).
      ['eta_out missing, the load has no load type', { eta_out: undefined }, ['body', 'eta_out'], 'Give ETA out or a load type'],
      extra('version'),
      extra('cancelled', true),
      ['eta_out before eta_in', { eta_out: '2030-07-01T07:00:00Z' }, ['body', 'eta_out']],
      ['a ramp that does not exist', { ramp_id: 999999 }, ['body', 'ramp_id']],
      ['a load that does not exist', { load_id: 999999 }, ['body', 'load_id']],
      ['a status that does not exist', { status_id: 999999 }, ['body', 'status_id']],
    ],
  ],
  [
    '/api/loads',
    LOAD,
    [
      ...bad('reference', 123, null, ['IB-1'], '   '),
      ...bad('direction', 'XX', 'ib', false),
      ...bad('planned_arrival', ...BAD_DATES),
      ...bad('notes', 5, ['a']),
      tooLong('reference', 50),
      tooLong('notes', 2000),
      missing('direction'),
      extra('id'),
      extra('created_at', '2030-01-01T00:00:00Z'),
      [
        'planned_departure before planned_arrival',
        { planned_arrival: '2030-07-01T10:00:00Z', planned_departure: '2030-07-01T09:00:00Z' },
        ['body', 'planned_departure'],
      ],
    ],
  ],
  [
    '/api/ramps',
    RAMP,
    [
      ...bad('code', 9, 'R 9', ''),
      ...bad('description', 42, null),
      ...bad('kind', 'SIDE', null),
      ...bad('is_active', 'true', 1),
      ...bad('sort_order', '1', 1.5, 10_000_000),
      tooLong('description', 200),
      missing('code'),
      extra('id'),
    ],
  ],
  [
    '/api/users',
    USER,
    [
      ...bad('email', 5, 'not-an-email'),
      ...bad('full_name', null, ''),
      ...bad('password', 'short', 12345678),
      ...bad('role', 'ROOT', ['ADMIN']),
      ...bad('is_active', 'yes'),
      tooLong('full_name', 120),
      missing('role'),
      extra('password_hash', 'x'),
    ],
  ],
  [
    '/api/statuses',
    STATUS,
    [
      ...bad('code', 'lower', 1),
      ...bad('label', '', false),
      ...bad('color', 'not a colour!', '#12345'),
      ...bad('sort_order', 'first'),
      tooLong('label', 60),
      missing('label'),
      extra('id'),
    ],
  ],
  [
    '/api/auth/login',
    LOGIN,
    [...bad('email', 5, ['admin@dcdock.com']), ...bad('password', null, 12345678), tooLong('password', 200), missing('email'), extra('remember', true)],
  ],
];

describe('field validation: 422 naming the field, nothing written', () => {
  for (const [path, base, cases] of POST_CASES) {
    it.each(cases)(`POST ${path} refuses %s`, async (_name, patch, loc, msgPart) => {
      await invalid('POST', path, variant(base, patch), loc, msgPart);
    });
  }

  it.each<Case>([
    ...bad('version', '1', 1.5, null, 0),
    ...bad('ramp_id', 'R1'),
    ...bad('status_id', [2]),
    ...bad('eta_in', ...BAD_DATES),
    missing('version'),
    extra('cancelled', true),
    ['eta_in after the stored eta_out (checked by the database)', { eta_in: '2031-01-01T00:00:00Z' }, ['body', 'eta_out']],
    ['load that does not exist', { load_id: 999999 }, ['body', 'load_id']],
  ])('PATCH /api/assignments/:id refuses %s', async (_name, patch, loc, msgPart) => {
    const [a] = (await api(s, 'GET', '/api/assignments?direction=IB&limit=1', { token: s.tokens.OPERATOR })).body;
    await invalid('PATCH', `/api/assignments/${a.id}`, variant({ version: a.version }, patch), loc, msgPart, s.tokens.OPERATOR);
  });

  it.each<Case>([
    ...bad('reference', 5, null, ''),
    ...bad('direction', 'XX'),
    ...bad('planned_departure', ...BAD_DATES),
    tooLong('notes', 2000),
    ['planned_departure before the stored planned_arrival', { planned_departure: '2000-01-01T00:00:00Z' }, ['body', 'planned_departure']],
    extra('id'),
  ])('PATCH /api/loads/:id refuses %s', async (_name, patch, loc, msgPart) => {
    await invalid('PATCH', '/api/loads/1', variant({}, patch), loc, msgPart, s.tokens.OPERATOR);
  });

  it('PATCH /api/loads/:id refuses a direction its assigned ramp does not take, naming direction', async () => {
    // Load 2 is IB and assigned to R5, which takes IB only.
    await invalid('PATCH', '/api/loads/2', { direction: 'OB' }, ['body', 'direction'], undefined, s.tokens.OPERATOR);
  });

  it.each([
    ['POST', '/api/loads', { ...LOAD, notes: 'before\u0000after' }, 'notes'],
    ['PATCH', '/api/loads/1', { reference: 'NUL\u0000' }, 'reference'],
    ['POST', '/api/ramps', { ...RAMP, description: 'nul\u0000' }, 'description'],
    ['POST', '/api/auth/login', { ...LOGIN, email: 'admin\u0000@dcdock.com' }, 'email'],
  ] as const)('%s %s refuses a NUL character (PostgreSQL cannot store it) with a 422, not a 500', async (method, path, body, field) => {
    await invalid(method, path, body, ['body', field]);
  });
});

describe('bodies that are not a JSON object', () => {
  const writes = [
    'POST /api/assignments',
    'PATCH /api/assignments/2',
    'POST /api/loads',
    'PATCH /api/loads/1',
    'POST /api/ramps',
    'POST /api/users',
    'POST /api/statuses',
    'POST /api/auth/login',
  ].map((w) => w.split(' ') as [string, string]);

  it.each(writes)('%s %s answers 400 json_invalid for malformed JSON', async (method, path) => {
    for (const raw of ['{"reference": "X",', "{'reference': 'X'}", '{"a": 1}}', 'NaN', '{"a": undefined}']) {
      const res = await refused(method, path, { token: s.tokens.ADMIN, rawBody: raw, headers: JSON_HEADERS }, 400);
      expect(res.body.detail[0]).toMatchObject({ loc: ['body'], type: 'json_invalid' });
      expect(res.body.detail[0].msg).toMatch(/^Malformed JSON/);
    }
  });

  it.each(writes)('%s %s answers 422 at loc [body] for an array, a bare value or no body', async (method, path) => {
    for (const raw of ['[]', '[{"reference": "X"}]', '"hello"', '42', 'null', 'true', '']) {
      const res = await refused(method, path, { token: s.tokens.ADMIN, rawBody: raw, headers: JSON_HEADERS }, 422);
      expect(res.body.detail[0].loc, raw).toEqual(['body']);
      if (raw === '') expect(res.body.detail[0]).toMatchObject({ type: 'missing', msg: 'A JSON body is required' });
    }
  });

  it('refuses a prototype-pollution key as an unknown field', async () => {
    const raw = '{"reference": "PROTO-1", "direction": "IB", "__proto__": {"isAdmin": true}}';
    const res = await refused('POST', '/api/loads', { token: s.tokens.ADMIN, rawBody: raw, headers: JSON_HEADERS }, 422);
    expect(JSON.stringify(res.body.detail)).toContain('__proto__');
  });

  it('answers 413 for a 2 MiB body with a Content-Length, and keeps serving', async () => {
    const raw = JSON.stringify({ ...LOAD, notes: 'x'.repeat(2 * 1024 * 1024) });
    const res = await refused('POST', '/api/loads', { token: s.tokens.ADMIN, rawBody: Buffer.from(raw), headers: JSON_HEADERS }, 413);
    expect(res.body.detail).toMatch(/larger than 1048576 bytes/);
    expect((await api(s, 'GET', '/api/health')).status).toBe(200);
  });

  it('answers 413 for a 2 MiB chunked body without a Content-Length', async () => {
    const before = await dbFingerprint(s.db);
    const headers = { ...JSON_HEADERS, Authorization: `Bearer ${s.tokens.ADMIN}`, 'Transfer-Encoding': 'chunked' };
    const outcome = await new Promise<{ status?: number; body?: string; error?: string }>((resolve) => {
      const req = request(new URL('/api/loads', s.url), { method: 'POST', headers }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c)).on('end', () => resolve({ status: res.statusCode, body }));
      });
      req.on('error', (e) => resolve({ error: e.message }));
      req.write('{"reference":"CHUNKED-1","direction":"IB","notes":"');
      for (let i = 0; i < 32; i++) req.write('x'.repeat(64 * 1024));
      req.end('"}');
    });
    expect(outcome).toMatchObject({ status: 413 });
    expect(JSON.parse(outcome.body!).detail).toMatch(/larger than/);
    expect(await dbFingerprint(s.db)).toBe(before);
  });
});

describe('path ids and query parameters', () => {
  it.each([
    ['GET', '/api/assignments/abc'],
    ['GET', '/api/assignments/abc/history'],
    ['GET', '/api/loads/-1'],
    ['GET', '/api/ramps/99999999999999'],
    ['GET', '/api/statuses/0'],
    ['GET', '/api/users/1.5'],
    ['PATCH', '/api/assignments/abc'],
    ['PATCH', '/api/loads/-1'],
    ['DELETE', '/api/assignments/0'],
    ['DELETE', '/api/loads/-1'],
    ['DELETE', '/api/ramps/99999999999999'],
    ['DELETE', '/api/users/abc'],
  ])('%s %s answers 422 at loc [path, id]', async (method, path) => {
    const body = method !== 'PATCH' ? undefined : path.includes('loads') ? { notes: 'x' } : { version: 1 };
    const res = await refused(method, path, { token: s.tokens.ADMIN, body }, 422);
    expect(res.body.detail).toEqual([expect.objectContaining({ loc: ['path', 'id'], type: expect.any(String) })]);
  });

  it.each([
    ...['direction=XX', 'limit=abc', 'limit=0', 'skip=-1', 'from=notadate', 'to=2025-02-30T10:00:00', 'ramp_id=R1', 'colour=red'].map(
      (q) => `/api/assignments?${q}`,
    ),
    ...['direction=XX', 'unassigned=yes', 'from=notadate', 'limit=abc'].map((q) => `/api/loads?${q}`),
  ])('GET %s answers 422 naming the parameter', async (path) => {
    const param = path.split('?')[1]!.split('=')[0]!;
    const res = await refused('GET', path, { token: s.tokens.SUPERVISOR }, 422);
    // An unknown parameter is reported at ['query'] with its name in the message.
    const entry = res.body.detail.find((d: { loc: Loc; msg: string }) => d.loc[1] === param || (d.loc.length === 1 && d.msg.includes(param)));
    expect(entry, JSON.stringify(res.body.detail)).toBeDefined();
    expect(entry.loc[0]).toBe('query');
  });

  it('refuses a DELETE with a bad or unknown query parameter and keeps the assignment', async () => {
    const [a] = (await api(s, 'GET', '/api/assignments?limit=1', { token: s.tokens.OPERATOR })).body;
    for (const [query, loc] of [
      ['version=abc', ['query', 'version']],
      ['version=0', ['query', 'version']],
      ['force=true', ['query']],
    ] as const) {
      const res = await refused('DELETE', `/api/assignments/${a.id}?${query}`, { token: s.tokens.OPERATOR }, 422);
      expect(res.body.detail).toEqual(expect.arrayContaining([expect.objectContaining({ loc })]));
    }
    expect((await api(s, 'GET', `/api/assignments/${a.id}`, { token: s.tokens.OPERATOR })).body).toEqual(a);
  });
});

describe('what is accepted is stored faithfully', () => {
  it('accepts the valid base bodies the refusals above were derived from', async () => {
    for (const [path, base] of POST_CASES) {
      const res = await api(s, 'POST', path, { token: s.tokens.ADMIN, body: base });
      expect(res.status, `POST ${path} ${JSON.stringify(res.body).slice(0, 200)}`).toBe(path === '/api/auth/login' ? 200 : 201);
    }
  });

  it('reads a date-time without an offset as UTC and honours an explicit offset', async () => {
    const utc = await api(s, 'POST', '/api/loads', {
      token: s.tokens.OPERATOR,
      body: { reference: 'TZ-NONE', direction: 'IB', planned_arrival: '2030-07-02T14:00:00' },
    });
    const offset = await api(s, 'POST', '/api/loads', {
      token: s.tokens.OPERATOR,
      body: { reference: 'TZ-PLUS2', direction: 'IB', planned_arrival: '2030-07-02T16:00:00+02:00' },
    });
    for (const res of [utc, offset]) {
      expect(res).toMatchObject({ status: 201, body: { planned_arrival: '2030-07-02T14:00:00.000Z' } });
      expect((await api(s, 'GET', `/api/loads/${res.body.id}`, { token: s.tokens.SUPERVISOR })).body.planned_arrival).toBe('2030-07-02T14:00:00.000Z');
      const [row] = await s.db.$client`SELECT planned_arrival = '2030-07-02T14:00:00Z'::timestamptz AS same FROM loads WHERE id = ${res.body.id}`;
      expect(row!.same).toBe(true);
    }
    const assigned = await api(s, 'POST', '/api/assignments', {
      token: s.tokens.OPERATOR,
      body: { ramp_id: 2, load_id: 1, eta_in: '2030-07-02T14:00:00', eta_out: '2030-07-02T18:00:00+02:00' },
    });
    expect(assigned).toMatchObject({ status: 201, body: { eta_in: '2030-07-02T14:00:00.000Z', eta_out: '2030-07-02T16:00:00.000Z' } });
  });

  it('stores and returns SQL- and HTML-looking text verbatim', async () => {
    const sqlText = "Robert'); DROP TABLE loads;--";
    const html = '<script>alert(1)</script>';
    const both = `${sqlText} ${html}`;
    const load = await api(s, 'POST', '/api/loads', { token: s.tokens.OPERATOR, body: { reference: sqlText, direction: 'OB', notes: html } });
    expect(load).toMatchObject({ status: 201, body: { reference: sqlText, notes: html } });
    expect(load.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await api(s, 'PATCH', `/api/loads/${load.body.id}`, { token: s.tokens.OPERATOR, body: { notes: both } })).body.notes).toBe(both);
    const listed = await api(s, 'GET', '/api/loads?direction=OB', { token: s.tokens.SUPERVISOR });
    expect(listed.body.find((l: { id: number }) => l.id === load.body.id)).toMatchObject({ reference: sqlText, notes: both });

    const ramp = await api(s, 'POST', '/api/ramps', { token: s.tokens.ADMIN, body: { code: 'XSS1', description: html } });
    expect(ramp).toMatchObject({ status: 201, body: { description: html } });
    expect((await api(s, 'PATCH', `/api/ramps/${ramp.body.id}`, { token: s.tokens.ADMIN, body: { description: both } })).body.description).toBe(both);
    expect((await api(s, 'GET', `/api/ramps/${ramp.body.id}`, { token: s.tokens.SUPERVISOR })).body.description).toBe(both);

    const [row] = await s.db
      .$client`SELECT l.reference, l.notes, (SELECT description FROM ramps WHERE id = ${ramp.body.id}) AS ramp FROM loads l WHERE l.id = ${load.body.id}`;
    expect(row).toEqual({ reference: sqlText, notes: both, ramp: both });
  });
});
