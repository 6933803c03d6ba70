import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Assignment } from '@/lib/schemas/assignments';
import type { TvBoard } from '@/lib/schemas/board';

/** A stand-in for a socket.io-client Socket: records listeners, lets the test emit. */
class FakeSocket {
  handlers = new Map<string, ((...args: any[]) => void)[]>();
  any: ((name: string, payload: unknown) => void)[] = [];
  connected = false;
  active = true;
  connects = 0;
  disconnected = false;
  io = {};
  constructor(readonly opts: { auth: (cb: (data: object) => void) => void }) {}
  on(name: string, fn: (...args: any[]) => void) {
    this.handlers.set(name, [...(this.handlers.get(name) ?? []), fn]);
    return this;
  }
  onAny(fn: (name: string, payload: unknown) => void) {
    this.any.push(fn);
    return this;
  }
  offAny() {
    this.any = [];
    return this;
  }
  removeAllListeners() {
    this.handlers.clear();
    return this;
  }
  disconnect() {
    this.disconnected = true;
    this.connected = false;
    this.active = false;
    return this;
  }
  connect() {
    this.connects++;
    this.active = true;
    return this;
  }
  /** What the server would send. */
  emit(name: string, ...args: unknown[]) {
    for (const fn of this.handlers.get(name) ?? []) fn(...args);
    if (!['connect', 'disconnect', 'connect_error'].includes(name)) for (const fn of this.any) fn(name, args[0]);
  }
  auth(): Record<string, unknown> {
    let sent: Record<string, unknown> = {};
    this.opts.auth((d) => (sent = d as Record<string, unknown>));
    return sent;
  }
}

const sockets: FakeSocket[] = [];
vi.mock('socket.io-client', () => ({
  io: (_nsp: string, opts: FakeSocket['opts']) => {
    const s = new FakeSocket(opts);
    sockets.push(s);
    return s;
  },
}));

const { TvFeed } = await import('@/components/tv/tv-feed');

const NOW = Date.now();
const iso = (ms: number) => new Date(ms).toISOString();
const assignment = (id: number, version: number, status = 'PLANNED'): Assignment => ({
  id,
  ramp_id: 1,
  load_id: 100 + id,
  status_id: 1,
  eta_in: iso(NOW + 3_600_000),
  eta_out: iso(NOW + 7_200_000),
  arrived_at: null,
  started_at: null,
  completed_at: null,
  departed_at: null,
  called_at: null,
  version,
  created_by: null,
  updated_by: null,
  created_at: iso(NOW),
  updated_at: iso(NOW),
  ramp: { id: 1, code: 'R1', description: '', kind: 'BOTH' },
  load: { id: 100 + id, reference: `L-${id}`, direction: 'IB', planned_arrival: null, planned_departure: null, notes: null, carrier: null },
  status: { id: 1, code: status, label: status, color: 'blue' },
  creator: null,
  updater: null,
});
const board = (seq: number, assignments: Assignment[]): TvBoard => ({
  seq,
  display: { name: 'Hall A', direction: null },
  paging: { page_seconds: 10, hide_free_ramps: false },
  time_zone: 'UTC',
  now: iso(Date.now()),
  ramps: [{ id: 1, code: 'R1', description: '', kind: 'BOTH', is_active: true, sort_order: 1, created_at: '', updated_at: '' }],
  statuses: [],
  assignments,
});
const event = (seq: number, a: Assignment, type = 'assignment_updated') => ({
  type,
  seq,
  timestamp: iso(NOW),
  action: 'UPDATE',
  user_id: 1,
  user_email: 'x',
  entity: 'assignment',
  entity_id: a.id,
  assignment_id: a.id,
  data: a,
});

describe('TvFeed', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    sockets.length = 0;
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  const started = (initial: TvBoard) => {
    const feed = new TvFeed('tok_abcdefghijklmnopqrstuvwxyz', initial);
    feed.start();
    return { feed, socket: sockets.at(-1)!, flush: () => vi.advanceTimersByTime(100) };
  };

  it('applies newer versions only and always sends the latest seq on (re)connect', () => {
    const { feed, socket, flush } = started(board(10, [assignment(1, 2)]));
    expect(socket.auth()).toEqual({ display: 'tok_abcdefghijklmnopqrstuvwxyz', since: 10 });
    socket.emit('connect');
    socket.emit('caught_up', { seq: 12 });
    expect(feed.getSnapshot().connection).toBe('live');
    socket.emit('assignment_updated', event(13, assignment(1, 2, 'ARRIVED')));
    flush();
    expect(feed.getSnapshot().assignments[0]!.status.code).toBe('PLANNED');
    socket.emit('assignment_updated', event(14, assignment(1, 3, 'ARRIVED')));
    socket.emit('assignment_created', event(15, assignment(2, 1), 'assignment_created'));
    flush();
    expect(feed.getSnapshot().assignments.map((a) => [a.id, a.status.code])).toEqual([
      [1, 'ARRIVED'],
      [2, 'PLANNED'],
    ]);
    socket.emit('assignment_deleted', event(16, assignment(2, 1), 'assignment_deleted'));
    flush();
    expect(feed.getSnapshot().assignments.map((a) => a.id)).toEqual([1]);
    expect(socket.auth()).toEqual({ display: 'tok_abcdefghijklmnopqrstuvwxyz', since: 16 });
    feed.stop();
  });

  it('refetches on resync and replays what arrived during the fetch', async () => {
    let answer!: (r: Response) => void;
    vi.stubGlobal(
      'fetch',
      vi.fn(() => new Promise<Response>((r) => (answer = r))),
    );
    const { feed, socket, flush } = started(board(10, [assignment(1, 1)]));
    socket.emit('resync', { seq: 50_000 });
    socket.emit('caught_up', { seq: 50_000 });
    expect(fetch).toHaveBeenCalledWith('/api/tv/tok_abcdefghijklmnopqrstuvwxyz', expect.anything());
    socket.emit('assignment_updated', event(50_001, assignment(1, 5, 'IN_PROGRESS')));
    answer(new Response(JSON.stringify(board(50_000, [assignment(1, 4, 'ARRIVED'), assignment(3, 1)])), { status: 200 }));
    await vi.waitFor(() => expect(feed.getSnapshot().assignments.length).toBe(2));
    flush();
    expect(feed.getSnapshot().assignments.find((a) => a.id === 1)!.status.code).toBe('IN_PROGRESS');
    expect(socket.auth()).toMatchObject({ since: 50_001 });
    feed.stop();
  });

  it('clears everything when the link is revoked, by event, by refused connect or by 404', async () => {
    const a = started(board(10, [assignment(1, 1)]));
    a.socket.emit('display_revoked', { id: 1 });
    expect(a.feed.getSnapshot()).toMatchObject({ phase: 'revoked', assignments: [], ramps: [] });
    expect(a.socket.disconnected).toBe(true);
    a.feed.stop();

    const b = started(board(10, [assignment(1, 1)]));
    b.socket.active = false;
    b.socket.emit('connect_error', new Error('display_link_revoked'));
    expect(b.feed.getSnapshot().phase).toBe('revoked');
    b.feed.stop();

    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response('{"detail":"Display link not found"}', { status: 404 })),
    );
    const c = started(board(10, [assignment(1, 1)]));
    c.socket.emit('resync', { seq: 99 });
    await vi.waitFor(() => expect(c.feed.getSnapshot().phase).toBe('revoked'));
    c.feed.stop();
  });

  it('without a server-rendered board, fetches it first and only then connects', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(JSON.stringify(board(7, [assignment(1, 1)])), { status: 200 })),
    );
    const feed = new TvFeed('tok_abcdefghijklmnopqrstuvwxyz', null);
    expect(feed.getSnapshot().phase).toBe('loading');
    feed.start();
    expect(sockets.length).toBe(0);
    await vi.waitFor(() => expect(feed.getSnapshot().phase).toBe('ready'));
    expect(sockets.length).toBe(1);
    expect(sockets[0]!.auth()).toMatchObject({ since: 7 });
    feed.stop();
  });

  it('reconnects by itself after a server-side disconnect or a refused connect, and leaves no timer behind', () => {
    const { feed, socket } = started(board(10, []));
    socket.emit('connect');
    socket.emit('caught_up', { seq: 10 });
    socket.active = false;
    socket.emit('disconnect', 'io server disconnect');
    expect(feed.getSnapshot().connection).toBe('reconnecting');
    vi.advanceTimersByTime(2000);
    expect(socket.connects).toBe(1);
    socket.active = false;
    socket.emit('connect_error', new Error('database unavailable'));
    vi.advanceTimersByTime(4000);
    expect(socket.connects).toBe(2);
    // kicked while a retry is pending, connected before it fires, kicked again: a retry still follows
    socket.emit('connect');
    socket.active = false;
    socket.emit('disconnect', 'io server disconnect');
    socket.emit('connect');
    socket.active = false;
    socket.emit('disconnect', 'io server disconnect');
    vi.advanceTimersByTime(2000);
    expect(socket.connects).toBe(3);
    feed.stop();
    expect(vi.getTimerCount()).toBe(0);
  });
});
