import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ASSIGNMENT_CSV_HEADER, CSV_PAGE_ROWS } from '@/server/reports/assignments-csv';
import { CSV_BOM } from '@/server/reports/csv';
import { HISTORY_CSV_HEADER } from '@/server/reports/history-csv';
import { dayOf } from '@/lib/zoned-time';
import { api, startTestServer, type TestServer } from '@/tests/support/test-server';
import { parseCsv } from '@/tests/support/csv';

const TZ = 'Europe/Amsterdam';
let s: TestServer;
const status: Record<string, number> = {};

async function admin(method: string, path: string, body?: unknown) {
  const res = await api(s, method, path, { token: s.tokens.ADMIN, body });
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

async function download(path: string, token = s.tokens.SUPERVISOR) {
  const res = await fetch(`${s.url}${path}`, { headers: { Authorization: `Bearer ${token}` } });
  const bytes = new Uint8Array(await res.arrayBuffer());
  return { res, bytes, text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes) };
}

const DAY = '2031-03-10'; // UTC+1 in Amsterdam
let ids: number[] = [];

beforeAll(async () => {
  s = await startTestServer({ SITE_TIMEZONE: TZ });
  for (const st of await admin('GET', '/api/statuses')) status[st.code] = st.id;
  const ramp = await admin('POST', '/api/ramps', { code: 'CSV1', kind: 'BOTH' });
  const make = async (ref: string, carrier: string | null, etaIn: string, etaOut: string, code: string, times = {}) => {
    const load = await admin('POST', '/api/loads', { reference: ref, direction: 'OB', carrier });
    return (await admin('POST', '/api/assignments', { ramp_id: ramp.id, load_id: load.id, status_id: status[code], eta_in: etaIn, eta_out: etaOut, ...times }))
      .id as number;
  };
  ids = [
    await make('CSV-1', 'Müller, "Transporte" GmbH', `${DAY}T07:00:00Z`, `${DAY}T08:00:00Z`, 'COMPLETED', {
      arrived_at: `${DAY}T06:55:00Z`,
      started_at: `${DAY}T07:05:30Z`,
      completed_at: `${DAY}T07:50:00Z`,
      departed_at: `${DAY}T08:10:00Z`,
    }),
    await make('CSV-2', '=HYPERLINK("x")', `${DAY}T09:00:00Z`, `${DAY}T10:00:00Z`, 'PLANNED'),
    await make('CSV-3', null, `${DAY}T11:00:00Z`, `${DAY}T12:00:00Z`, 'CANCELLED'),
  ];
}, 60_000);
afterAll(() => s.close());

describe('GET /api/reports/assignments.csv', () => {
  it('is a UTF-8 CSV attachment, one row per assignment, matching the API', async () => {
    const { res, bytes, text } = await download(`/api/reports/assignments.csv?from=${DAY}&to=${DAY}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="assignments-${DAY}_${DAY}.csv"`);
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the BOM spreadsheets look for
    const [header, ...rows] = parseCsv(text.slice(1));
    expect(header).toEqual([...ASSIGNMENT_CSV_HEADER]);
    expect(rows).toHaveLength(3);
    const records = rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]])));
    expect(records[0]).toEqual({
      reference: 'CSV-1',
      carrier: 'Müller, "Transporte" GmbH',
      direction: 'OB',
      ramp: 'CSV1',
      status: 'COMPLETED',
      planned_in: '2031-03-10T08:00:00+01:00',
      planned_out: '2031-03-10T09:00:00+01:00',
      arrived_at: '2031-03-10T07:55:00+01:00',
      started_at: '2031-03-10T08:05:30+01:00',
      completed_at: '2031-03-10T08:50:00+01:00',
      departed_at: '2031-03-10T09:10:00+01:00',
      wait_minutes: '10.5',
      door_minutes: '44.5',
      dwell_minutes: '75',
    });
    // A carrier a spreadsheet would run as a formula is kept as text.
    expect(records[1]).toMatchObject({ reference: 'CSV-2', carrier: `'=HYPERLINK("x")`, status: 'PLANNED', arrived_at: '', wait_minutes: '' });
    expect(records[2]).toMatchObject({ reference: 'CSV-3', carrier: '', status: 'CANCELLED' });

    // Each row is what the API holds for that assignment.
    for (const [i, id] of ids.entries()) {
      const a = (await api(s, 'GET', `/api/assignments/${id}`, { token: s.tokens.SUPERVISOR })).body;
      const r = records[i]!;
      expect(r.reference).toBe(a.load.reference);
      expect(r.status).toBe(a.status.code);
      expect(Date.parse(r.planned_in!)).toBe(Date.parse(a.eta_in));
      expect(Date.parse(r.planned_out!)).toBe(Date.parse(a.eta_out));
      for (const f of ['arrived_at', 'started_at', 'completed_at', 'departed_at']) {
        expect(r[f] ? Date.parse(r[f]!) : null, f).toBe(a[f] ? Date.parse(a[f]) : null);
      }
    }
    const acme = parseCsv((await download(`/api/reports/assignments.csv?from=${DAY}&to=${DAY}&carrier=müller`)).text.slice(1));
    expect(acme.slice(1).map((r) => r[0])).toEqual(['CSV-1']);
  });

  it('streams past one page: every assignment once, in eta_in order', async () => {
    const n = CSV_PAGE_ROWS + 500;
    const day = '2031-04-02';
    const ramp = await admin('POST', '/api/ramps', { code: 'CSVBULK', kind: 'BOTH' });
    // Bulk rows straight in SQL: two thousand and more API calls would be the slow part of the test. Two per eta_in, to page through ties.
    await s.db.$client`
      WITH l AS (INSERT INTO loads (reference, direction) SELECT 'BULK-' || g, 'IB' FROM generate_series(1, ${n}) g RETURNING id, reference)
      INSERT INTO assignments (ramp_id, load_id, status_id, eta_in, eta_out)
      SELECT ${ramp.id}, l.id, ${status.CANCELLED!}, ${`${day}T00:00:00Z`}::timestamptz + (substr(l.reference, 6)::int / 2) * interval '20 seconds',
             ${`${day}T00:00:00Z`}::timestamptz + (substr(l.reference, 6)::int / 2) * interval '20 seconds' + interval '10 seconds'
        FROM l`;
    const rows = parseCsv((await download(`/api/reports/assignments.csv?from=${day}&to=${day}`)).text.slice(1)).slice(1);
    expect(rows).toHaveLength(n);
    expect(new Set(rows.map((r) => r[0])).size).toBe(n);
    const times = rows.map((r) => Date.parse(r[5]!));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('a failure after the download began cuts the connection: the client sees an error, never a shorter file that looks whole', async () => {
    // ~16 MB (a long carrier per row): more than the sockets can buffer, so the server is still reading pages when the client pauses.
    const n = 20 * CSV_PAGE_ROWS;
    const day = '2031-05-06';
    const ramp = await admin('POST', '/api/ramps', { code: 'CSVCUT', kind: 'BOTH' });
    await s.db.$client.begin(async (sql) => {
      await sql`SET LOCAL statement_timeout = 0`;
      await sql`
        WITH l AS (INSERT INTO loads (reference, direction, carrier) SELECT 'CUT-' || g, 'IB', repeat('Carrier ', 40) FROM generate_series(1, ${n}) g
                   RETURNING id, reference)
        INSERT INTO assignments (ramp_id, load_id, status_id, eta_in, eta_out)
        SELECT ${ramp.id}, l.id, ${status.CANCELLED!}, ${`${day}T00:00:00Z`}::timestamptz + substr(l.reference, 5)::int * interval '1 second',
               ${`${day}T00:00:00Z`}::timestamptz + substr(l.reference, 5)::int * interval '1 second' + interval '1 second'
          FROM l`;
    });
    const path = `/api/reports/assignments.csv?from=${day}&to=${day}`;
    const outcome = await new Promise<{ status: number; text: string; error: string | null }>((resolve) => {
      const req = http.get(`${s.url}${path}`, { headers: { Authorization: `Bearer ${s.tokens.SUPERVISOR}` } }, (res) => {
        const chunks: Buffer[] = [];
        const text = () => Buffer.concat(chunks).toString('utf8');
        let paused = false;
        res.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          if (paused) return;
          paused = true;
          // The first rows are here: stop reading, break the database's view of the table, read on.
          res.pause();
          void s.db.$client`ALTER TABLE statuses RENAME TO statuses_away`.then(() => res.resume());
        });
        res.on('end', () => resolve({ status: res.statusCode!, text: text(), error: null }));
        res.on('error', (e) => resolve({ status: res.statusCode!, text: text(), error: e.message }));
      });
      req.on('error', (e) => resolve({ status: 0, text: '', error: e.message }));
    });
    await s.db.$client`ALTER TABLE statuses_away RENAME TO statuses`;
    expect(outcome.status).toBe(200);
    expect(outcome.error).not.toBeNull();
    // The rows that came are whole pages from the start; the last one never did.
    expect(outcome.text.startsWith(`${CSV_BOM}${ASSIGNMENT_CSV_HEADER.join(',')}\r\nCUT-1,`)).toBe(true);
    expect(outcome.text).not.toContain(`CUT-${n},`);
    // The table back, the same download is whole again.
    const whole = await download(`/api/reports/assignments.csv?from=${DAY}&to=${DAY}`);
    expect(parseCsv(whole.text.slice(1)).slice(1)).toHaveLength(ids.length);
  }, 60_000);

  it('is for supervisors and admins, over a valid range', async () => {
    expect((await download(`/api/reports/assignments.csv?from=${DAY}&to=${DAY}`, s.tokens.ADMIN)).res.status).toBe(200);
    const refused = await download(`/api/reports/assignments.csv?from=${DAY}&to=${DAY}`, s.tokens.OPERATOR);
    expect(refused.res.status).toBe(403);
    expect(refused.res.headers.get('content-type')).toContain('application/json');
    expect((await download('/api/reports/assignments.csv?from=2031-03-10&to=2032-03-10')).res.status).toBe(422);
    expect((await fetch(`${s.url}/api/reports/assignments.csv`)).status).toBe(401);
  });
});

describe('GET /api/history.csv', () => {
  it('lists the changes of the range with who and which fields changed', async () => {
    const a = await admin('GET', `/api/assignments/${ids[1]}`);
    await admin('PATCH', `/api/assignments/${a.id}`, { version: a.version, status_id: status.DELAYED });
    const today = dayOf(new Date(), TZ);
    const { res, text } = await download(`/api/history.csv?from=${today}&to=${today}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="history-${today}_${today}.csv"`);
    const [header, ...rows] = parseCsv(text.slice(1));
    expect(header).toEqual([...HISTORY_CSV_HEADER]);
    const seqs = rows.map((r) => Number(r[0]));
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    const [events] = await s.db.$client<{ count: number }[]>`SELECT count(*)::int AS count FROM board_events`;
    expect(rows).toHaveLength(events!.count); // every event so far happened today
    const update = rows.at(-1)!;
    expect(update.slice(2, 6)).toEqual(['admin@dcdock.com', 'assignment_updated', 'assignment', String(a.id)]);
    expect(update[6]!.split(' ')).toContain('status_id');
    expect(update[1]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
    const created = rows.find((r) => r[3] === 'assignment_created' && r[5] === String(ids[0]));
    expect(created?.[6]).toBe('');
    expect((await download(`/api/history.csv?from=${today}&to=${today}`, s.tokens.OPERATOR)).res.status).toBe(403);
    const nothing = parseCsv((await download('/api/history.csv?from=2031-01-01&to=2031-01-02')).text.slice(1));
    expect(nothing).toEqual([[...HISTORY_CSV_HEADER]]);
  });
});
