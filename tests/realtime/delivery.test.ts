import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendEvent } from '@/server/events/append-event';
import { BOARD_EVENTS_CHANNEL, NOTIFY_EVENT_MAX_BYTES } from '@/server/events/event-row';
import { connectBoard, connectRaw, type BoardClient, type RawClient } from '@/tests/support/sockets';
import { api, startInstance, startTestServer, type TestServer } from '@/tests/support/test-server';

let s: TestServer;
// Ramps of the file's own, with no working hours: the hourly windows below run through nights and Sundays,
// when the demo ramps are closed (server/db/seed-rules.ts).
const lane = { IB: [0, 0], OB: [0, 0] };
beforeAll(async () => {
  s = await startTestServer({ DATABASE_POOL_SIZE: '12' });
  for (const kind of ['IB', 'OB'] as const) {
    for (const i of [0, 1]) {
      lane[kind][i] = (await api(s, 'POST', '/api/ramps', { token: s.tokens.ADMIN, body: { code: `DLV-${kind}${i}`, kind } })).body.id;
    }
  }
});
afterAll(() => s.close());

const q = (token: string, extra = '') => `?token=${encodeURIComponent(token)}${extra}`;
type LogRow = { seq: number; entity: string; direction: string | null; payload: unknown };

async function eventLog(after: number): Promise<LogRow[]> {
  const rows = await s.db.$client`SELECT seq, entity, direction, payload FROM board_events WHERE seq > ${after} ORDER BY seq`;
  return rows.map((r) => ({ seq: Number(r.seq), entity: r.entity as string, direction: r.direction as string | null, payload: r.payload }));
}

const headSeq = async () => Number((await s.db.$client`SELECT seq FROM event_counter`)[0]!.seq);

/** Creates `n` loads per direction before anyone listens, so the writes below are assignment events only. */
async function makeLoads(prefix: string, n: number) {
  const out: { IB: number[]; OB: number[] } = { IB: [], OB: [] };
  for (const direction of ['IB', 'OB'] as const) {
    for (let i = 0; i < n; i++) {
      const r = await api(s, 'POST', '/api/loads', { token: s.tokens.ADMIN, body: { reference: `${prefix}-${direction}-${i}`, direction } });
      out[direction].push(r.body.id);
    }
  }
  return out;
}

let hourSlot = 0;
const nextWindow = () => {
  const start = Date.parse('2034-01-01T00:00:00Z') + hourSlot++ * 3_600_000;
  return { eta_in: new Date(start).toISOString(), eta_out: new Date(start + 1_800_000).toISOString() };
};

function expectInOrderNoDuplicates(seqs: number[]) {
  for (let i = 1; i < seqs.length; i++) expect(seqs[i]!).toBeGreaterThan(seqs[i - 1]!);
}

describe('order and completeness', () => {
  it('4 writers × 100 mixed writes reach IB, OB and unfiltered listeners of both kinds exactly, in seq order, as the REST API returned them', {
    timeout: 120_000,
  }, async () => {
    const loads = await makeLoads('ORD', 30);
    const start = await headSeq();
    const raw = {
      IB: await connectRaw(s.url, q(s.tokens.SUPERVISOR)),
      OB: await connectRaw(s.url, q(s.tokens.SUPERVISOR)),
      all: await connectRaw(s.url, q(s.tokens.SUPERVISOR)),
    };
    for (const d of ['IB', 'OB'] as const) {
      raw[d].send({ type: 'subscribe', filters: { direction: d } });
      await raw[d].until(() => raw[d].ofType('subscribe_ack').length === 1);
    }
    const board: Record<'IB' | 'OB' | 'all', BoardClient> = {
      IB: await connectBoard(s.url, { token: s.tokens.SUPERVISOR, direction: 'IB' }),
      OB: await connectBoard(s.url, { token: s.tokens.SUPERVISOR, direction: 'OB' }),
      all: await connectBoard(s.url, { token: s.tokens.SUPERVISOR }),
    };
    for (const b of Object.values(board)) await b.until((m) => m.some((x) => x.type === 'caught_up'));

    // What each successful write returned, by "id:version" (deletes by "id:deleted").
    const returned = new Map<string, unknown>();
    const tokens = [s.tokens.OPERATOR, s.tokens.ADMIN, await s.tokenFor('operator2@dcdock.com'), await s.tokenFor('operator3@dcdock.com')];
    await Promise.all(
      tokens.map(async (token, w) => {
        const live: { id: number; version: number; data: unknown }[] = [];
        const free = { IB: loads.IB.slice(w * 7, w * 7 + 7), OB: loads.OB.slice(w * 7, w * 7 + 7) };
        for (let i = 0; i < 100; i++) {
          const direction = i % 2 ? 'IB' : 'OB';
          const op = live.length === 0 ? 'create' : ['create', 'update', 'update', 'delete'][i % 4]!;
          if (op === 'create' && free[direction].length > 0) {
            const r = await api(s, 'POST', '/api/assignments', {
              token,
              body: { ramp_id: direction === 'IB' ? lane.IB[1] : lane.OB[1], load_id: free[direction].shift(), ...nextWindow() },
            });
            expect(r.status).toBe(201);
            live.push({ id: r.body.id, version: 1, data: r.body });
            returned.set(`${r.body.id}:1`, r.body);
          } else if (op === 'delete' || (op === 'create' && live.length > 0)) {
            const victim = live.splice(i % live.length, 1)[0]!;
            const r = await api(s, 'DELETE', `/api/assignments/${victim.id}?version=${victim.version}`, { token });
            expect(r.status).toBe(204);
            free[(victim.data as { load: { direction: 'IB' | 'OB' } }).load.direction].push((victim.data as { load_id: number }).load_id);
            returned.set(`${victim.id}:deleted`, victim.data);
          } else {
            const target = live[i % live.length]!;
            const r = await api(s, 'PATCH', `/api/assignments/${target.id}`, { token, body: { version: target.version, status_id: (i % 5) + 1 } });
            expect(r.status).toBe(200);
            target.version = r.body.version;
            target.data = r.body;
            returned.set(`${target.id}:${r.body.version}`, r.body);
          }
        }
      }),
    );

    const all = await eventLog(start);
    const log = all.filter((e) => e.entity === 'assignment');
    expect(log).toHaveLength(400);
    // A deleted or cancelled booking whose truck had checked in also gives its load the gate time (a load_updated
    // event, SPEC §8): the raw socket carries assignment events only, Socket.IO every entity.
    const want = (filter: 'IB' | 'OB' | 'all', entities: readonly string[]) =>
      all.filter((e) => entities.includes(e.entity) && (filter === 'all' || !e.direction || e.direction === filter)).map((e) => e.seq);
    const listeners: [string, RawClient | BoardClient, 'IB' | 'OB' | 'all'][] = [
      ['raw IB', raw.IB, 'IB'],
      ['raw OB', raw.OB, 'OB'],
      ['raw all', raw.all, 'all'],
      ['socket.io IB', board.IB, 'IB'],
      ['socket.io OB', board.OB, 'OB'],
      ['socket.io all', board.all, 'all'],
    ];
    for (const [name, inbox, filter] of listeners) {
      const expected = want(filter, name.startsWith('raw') ? ['assignment'] : ['assignment', 'load']);
      await inbox.until(() => inbox.events().length >= expected.length, 20_000, `${name} events`);
      await new Promise((r) => setTimeout(r, 50));
      const got = inbox.events();
      expect(
        got.map((e) => e.seq),
        name,
      ).toEqual(expected);
      expectInOrderNoDuplicates(got.map((e) => e.seq));
      for (const e of got) {
        if (!e.type.startsWith('assignment_')) continue;
        const key = e.type === 'assignment_deleted' ? `${e.assignment_id}:deleted` : `${e.assignment_id}:${e.data.version}`;
        expect(e.data, `${name} seq ${e.seq}`).toEqual(returned.get(key));
      }
    }
    for (const c of [...Object.values(raw), ...Object.values(board)]) c.close();
  });

  it('sends nothing for a write that rolled back: the next event is the next committed one', async () => {
    const loads = await makeLoads('PH', 2);
    const listener = await connectRaw(s.url, q(s.tokens.OPERATOR));
    const first = await api(s, 'POST', '/api/assignments', { token: s.tokens.OPERATOR, body: { ramp_id: lane.IB[0], load_id: loads.IB[0], ...nextWindow() } });
    await listener.until(() => listener.events().length === 1);
    const clash = await api(s, 'POST', '/api/assignments', {
      token: s.tokens.OPERATOR,
      body: { ramp_id: lane.IB[0], load_id: loads.IB[1], eta_in: first.body.eta_in, eta_out: first.body.eta_out },
    });
    expect(clash.status).toBe(409);
    const stale = await api(s, 'PATCH', `/api/assignments/${first.body.id}`, { token: s.tokens.OPERATOR, body: { version: 9, status_id: 2 } });
    expect(stale.status).toBe(409);
    const ok = await api(s, 'PATCH', `/api/assignments/${first.body.id}`, { token: s.tokens.OPERATOR, body: { version: 1, status_id: 2 } });
    await listener.until(() => listener.events().length === 2);
    const [a, b] = listener.events();
    expect(b.seq).toBe(a.seq + 1);
    expect(b.data).toEqual(ok.body);
    listener.close();
  });
});

describe('catch-up', () => {
  async function fiftyWrites(ids: number[]) {
    const out = [];
    for (let i = 0; i < 50; i++) {
      const id = ids[i % ids.length]!;
      const current = (await api(s, 'GET', `/api/assignments/${id}`, { token: s.tokens.OPERATOR })).body;
      out.push(
        (await api(s, 'PATCH', `/api/assignments/${id}`, { token: s.tokens.OPERATOR, body: { version: current.version, status_id: (i % 4) + 1 } })).body,
      );
    }
    return out;
  }

  it('a raw client reconnecting with since= gets exactly the 50 writes it missed, in order, then live ones', async () => {
    const ids = (await api(s, 'GET', '/api/assignments?limit=5', { token: s.tokens.OPERATOR })).body.map((a: { id: number }) => a.id);
    const first = await connectRaw(s.url, q(s.tokens.OPERATOR));
    const [ack] = await first.until((m) => m.length === 1);
    first.close();
    await first.closed;
    const missed = await fiftyWrites(ids);
    const again = await connectRaw(s.url, q(s.tokens.OPERATOR, `&since=${ack!.seq}`));
    await again.until(() => again.events().length === 50);
    expect(again.events().map((e) => e.data)).toEqual(missed);
    expect(again.events().map((e) => e.seq)).toEqual(Array.from({ length: 50 }, (_, i) => ack!.seq + 1 + i));
    const live = (await fiftyWrites(ids.slice(0, 1))).slice(0, 1);
    await again.until(() => again.events().length >= 51);
    expect(again.events()[50].data).toEqual(live[0]);
    expect(again.events()[50].seq).toBe(ack!.seq + 51);
    again.close();
  });

  it('a Socket.IO client reconnecting with auth.since gets the missed writes in order, then live ones', async () => {
    const ids = (await api(s, 'GET', '/api/assignments?limit=5', { token: s.tokens.OPERATOR })).body.map((a: { id: number }) => a.id);
    const since = await headSeq();
    const missed = await fiftyWrites(ids);
    const board = await connectBoard(s.url, { token: s.tokens.OPERATOR, since });
    await board.until((m) => m.some((x) => x.type === 'caught_up'));
    expect(board.events().map((e) => e.data)).toEqual(missed);
    expect(board.events().map((e) => e.seq)).toEqual(Array.from({ length: 50 }, (_, i) => since + 1 + i));
    await fiftyWrites(ids.slice(0, 1));
    await board.until(() => board.events().length >= 51);
    expect(board.events()[50].seq).toBe(since + 51);
    board.close();
  });

  it('replays only the subscribed direction, whether the filter comes on the URL or in a subscribe right after the ack', async () => {
    const since = await headSeq();
    const loads = await makeLoads('RPF', 2);
    const made: { IB: number[]; OB: number[] } = { IB: [], OB: [] };
    for (const d of ['IB', 'OB', 'OB', 'IB'] as const) {
      const r = await api(s, 'POST', '/api/assignments', {
        token: s.tokens.OPERATOR,
        body: { ramp_id: d === 'IB' ? lane.IB[0] : lane.OB[0], load_id: loads[d][made[d].length], ...nextWindow() },
      });
      made[d].push(r.body.id);
    }
    const viaUrl = await connectRaw(s.url, q(s.tokens.OPERATOR, `&since=${since}&direction=OB`));
    const viaMessage = await connectRaw(s.url, q(s.tokens.OPERATOR, `&since=${since}`));
    viaMessage.send({ type: 'subscribe', filters: { direction: 'IB' } });
    await viaUrl.until(() => viaUrl.events().length >= 2);
    await viaMessage.until(() => viaMessage.events().length >= 2);
    await new Promise((r) => setTimeout(r, 300));
    expect(viaUrl.events().map((e) => e.assignment_id)).toEqual(made.OB);
    expect(viaMessage.events().map((e) => e.assignment_id)).toEqual(made.IB);
    viaUrl.close();
    viaMessage.close();
  });

  it('tells a client that is ahead of the log to resync', async () => {
    const raw = await connectRaw(s.url, q(s.tokens.OPERATOR, '&since=999999999'));
    await raw.until(() => raw.ofType('resync').length === 1);
    const board = await connectBoard(s.url, { token: s.tokens.OPERATOR, since: 999_999_999 });
    await board.until(() => board.ofType('resync').length === 1);
    raw.close();
    board.close();
  });

  it('loses nothing and repeats nothing when the LISTEN connection drops', async () => {
    const ids = (await api(s, 'GET', '/api/assignments?limit=3', { token: s.tokens.OPERATOR })).body.map((a: { id: number }) => a.id);
    const listener = await connectRaw(s.url, q(s.tokens.OPERATOR));
    const [ack] = await listener.until((m) => m.length === 1);
    const killed = await s.db.$client`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query ILIKE 'listen%'`;
    expect(killed.length).toBeGreaterThan(0);
    const writes = await fiftyWrites(ids);
    await listener.until(() => listener.events().length === 50, 15_000);
    expect(listener.events().map((e) => e.seq)).toEqual(Array.from({ length: 50 }, (_, i) => ack!.seq + 1 + i));
    expect(listener.events().map((e) => e.data)).toEqual(writes);
    listener.close();
  });
});

describe('events carried by the notification', () => {
  it('a small event travels in its NOTIFY; one too large for it is read from the log; clients of both kinds get all, in order', async () => {
    const notifications: string[] = [];
    const { unlisten } = await s.db.$client.listen(BOARD_EVENTS_CHANNEL, (payload) => notifications.push(payload));
    const raw = await connectRaw(s.url, q(s.tokens.OPERATOR));
    const board = await connectBoard(s.url, { token: s.tokens.OPERATOR });
    const [ack] = await raw.until((m) => m.length === 1);
    await board.until((m) => m.some((x) => x.type === 'caught_up'));
    const [a] = (await api(s, 'GET', '/api/assignments?limit=1', { token: s.tokens.OPERATOR })).body;
    const first = (await api(s, 'PATCH', `/api/assignments/${a.id}`, { token: s.tokens.OPERATOR, body: { version: a.version, status_id: 2 } })).body;
    // Bigger than any notification may be: written to the log as the write path would.
    const big = { ...first, load: { ...first.load, notes: 'x'.repeat(NOTIFY_EVENT_MAX_BYTES + 1) } };
    await s.db.$client.begin((sql) =>
      appendEvent(sql, { entity: 'assignment', action: 'updated', entityId: a.id, direction: null, actor: null, payload: big }),
    );
    const third = (await api(s, 'PATCH', `/api/assignments/${a.id}`, { token: s.tokens.OPERATOR, body: { version: first.version, status_id: 3 } })).body;

    for (const inbox of [raw, board]) {
      await inbox.until(() => inbox.events().length === 3);
      expect(inbox.events().map((e) => e.seq)).toEqual([ack!.seq + 1, ack!.seq + 2, ack!.seq + 3]);
      expect(inbox.events().map((e) => e.data)).toEqual([first, big, third]);
    }
    await unlisten();
    const mine = notifications.filter((n) => !n.startsWith('{') || [ack!.seq + 1, ack!.seq + 2, ack!.seq + 3].includes(JSON.parse(n).seq));
    expect(mine.map((n) => (n.startsWith('{') ? 'event' : n))).toEqual(['event', String(ack!.seq + 2), 'event']);
    expect(JSON.parse(mine[0]!).payload).toEqual(first);
    raw.close();
    board.close();
  });
});

describe('several instances', () => {
  it('a listener on instance B receives, in order, the writes made through instance A', async () => {
    const b = await startInstance(s.databaseUrl);
    try {
      const ids = (await api(s, 'GET', '/api/assignments?limit=4', { token: s.tokens.OPERATOR })).body.map((a: { id: number }) => a.id);
      const onB = await connectRaw(b.url, q(b.tokens.SUPERVISOR));
      const boardB = await connectBoard(b.url, { token: b.tokens.SUPERVISOR });
      const [ack] = await onB.until((m) => m.length === 1);
      await boardB.until((m) => m.some((x) => x.type === 'caught_up'));
      const writes = [];
      for (let i = 0; i < 20; i++) {
        const id = ids[i % ids.length]!;
        const current = (await api(s, 'GET', `/api/assignments/${id}`, { token: s.tokens.OPERATOR })).body;
        writes.push(
          (await api(s, 'PATCH', `/api/assignments/${id}`, { token: s.tokens.OPERATOR, body: { version: current.version, status_id: (i % 3) + 1 } })).body,
        );
      }
      await onB.until(() => onB.events().length === 20);
      await boardB.until(() => boardB.events().length === 20);
      for (const inbox of [onB, boardB]) {
        expect(inbox.events().map((e) => e.seq)).toEqual(Array.from({ length: 20 }, (_, i) => ack!.seq + 1 + i));
        expect(inbox.events().map((e) => e.data)).toEqual(writes);
      }
      const stats = await api(s, 'GET', '/api/ws/stats');
      const onBId = onB.ofType('connection_ack')[0].client_id;
      await expect
        .poll(async () => (await api(s, 'GET', '/api/ws/stats')).body.clients.map((c: { client_id: string }) => c.client_id), { timeout: 6_000 })
        .toContain(onBId);
      expect(stats.status).toBe(200);
      onB.close();
      boardB.close();
    } finally {
      await b.close();
    }
  });
});
