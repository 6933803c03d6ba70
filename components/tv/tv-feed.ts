// The wall TV's live connection: one Socket.IO socket on /board authenticated
// by the display link token, catch-up by seq on every (re)connect, a refetch of
// GET /api/tv/<token> on `resync`, and a hard stop when the link is revoked.
import { io, type Socket } from 'socket.io-client';
import { BOARD_EVENT_TYPES, isBoardEntity } from '@/lib/board-merge';
import { backoffDelay, retryRefusedConnects, SOCKET_RECONNECTION } from '@/lib/board-reconnect';
import {
  BOARD_NAMESPACE,
  CAUGHT_UP_EVENT,
  DISPLAY_CHANGED_EVENT,
  DISPLAY_REVOKED_EVENT,
  RESYNC_EVENT,
  type BoardEventMessage,
  type ClientEvents,
  type ServerEvents,
} from '@/lib/realtime';
import type { Assignment } from '@/lib/schemas/assignments';
import type { TvBoard } from '@/lib/schemas/board';
import type { Ramp } from '@/lib/schemas/ramps';
import { applyTvEvent, dataFromBoard, prune, visibleRamps, type TvData, type TvDisplay, type TvPaging } from '@/components/tv/tv-model';

export type Connection = 'live' | 'reconnecting';

export type TvSnapshot = {
  /** loading: no board yet (the first fetch failed on the server); revoked: the link is gone, no data is held. */
  phase: 'loading' | 'ready' | 'revoked';
  connection: Connection;
  /** Local time (ms) the socket was lost, null while live. */
  offlineSince: number | null;
  display: TvDisplay | null;
  paging: TvPaging | null;
  timeZone: string;
  ramps: Ramp[];
  assignments: Assignment[];
  /** Add to Date.now() for the server's clock (0 unless this screen's clock is off by more than a minute). */
  clockOffset: number;
};

const SECOND = 1000;
/** Board events buffered while a refetch is in flight, to replay on top of it. */
const MAX_PENDING = 5000;
const NOTIFY_DELAY_MS = 60;
const PRUNE_EVERY_MS = 5 * 60 * SECOND;
/** A full refetch now and then slides the server's 24-hour window forward and heals anything missed. */
const REFRESH_EVERY_MS = 30 * 60 * SECOND;
const FETCH_TIMEOUT_MS = 20 * SECOND;
const CLOCK_SKEW_TOLERANCE_MS = 60 * SECOND;
const FETCH_RETRY_BASE_MS = 2 * SECOND;
const FETCH_RETRY_MAX_MS = 60 * SECOND;

type BoardSocket = Socket<ServerEvents, ClientEvents>;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const looksLikeAssignment = (v: Record<string, unknown>) =>
  typeof v.id === 'number' &&
  typeof v.version === 'number' &&
  isObject(v.load) &&
  isObject(v.status) &&
  typeof v.eta_in === 'string' &&
  typeof v.eta_out === 'string';

/** A screen runs for weeks unattended: a malformed event is dropped, never thrown on. */
function isBoardEvent(v: unknown): v is BoardEventMessage {
  if (!isObject(v) || typeof v.type !== 'string' || typeof v.seq !== 'number' || !isBoardEntity(v.entity) || typeof v.entity_id !== 'number') return false;
  if (!isObject(v.data) || typeof v.data.id !== 'number') return false;
  // Deletions carry the assignment as it was, so every assignment event has the full shape.
  return v.entity !== 'assignment' || looksLikeAssignment(v.data);
}

function isTvBoard(v: unknown): v is TvBoard {
  const b = v as TvBoard;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof b.seq === 'number' &&
    Array.isArray(b.ramps) &&
    Array.isArray(b.statuses) &&
    Array.isArray(b.assignments) &&
    typeof b.display === 'object'
  );
}

export class TvFeed {
  private data: TvData | null;
  /** The last event reflected in `data`; sent as auth.since on every (re)connect. */
  private seq: number;
  private snapshot: TvSnapshot;
  /** The held data changed since the last snapshot. */
  private dirty = true;
  private readonly listeners = new Set<() => void>();

  private socket: BoardSocket | null = null;
  private stopRetry: (() => void) | null = null;
  private running = false;
  private revoked = false;
  private connection: Connection = 'reconnecting';
  private offlineSince: number | null = null;
  private clockOffset = 0;

  private fetching = false;
  private fetchAgain = false;
  private fetchFailures = 0;
  private abort: AbortController | null = null;
  private pending: BoardEventMessage[] = [];
  private pendingOverflow = false;
  /** Set by resync/display_changed: the held data is not to be trusted until a refetch lands. */
  private stale = false;
  private refetchOnConnect = false;

  private notifyTimer: ReturnType<typeof setTimeout> | undefined;
  private fetchTimer: ReturnType<typeof setTimeout> | undefined;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private pruneTimer: ReturnType<typeof setInterval> | undefined;

  /** The server's clock when it rendered the initial board. */
  private readonly initialNow: number | null;

  constructor(
    private readonly token: string,
    initial: TvBoard | null,
  ) {
    this.initialNow = initial ? Date.parse(initial.now) : null;
    this.data = initial ? dataFromBoard(initial, Date.parse(initial.now)) : null;
    this.seq = initial?.seq ?? 0;
    this.snapshot = this.build();
  }

  // ------------------------------------------------------------ store interface (useSyncExternalStore)

  readonly subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };

  readonly getSnapshot = () => this.snapshot;

  private build(): TvSnapshot {
    const d = this.data;
    const prev = this.snapshot as TvSnapshot | undefined;
    // Connection-only changes keep the same arrays, so the view does not recompute rows.
    const reuse = prev !== undefined && !this.dirty;
    this.dirty = false;
    return {
      phase: this.revoked ? 'revoked' : d ? 'ready' : 'loading',
      connection: this.connection,
      offlineSince: this.offlineSince,
      display: d?.display ?? null,
      paging: d?.paging ?? null,
      timeZone: d?.timeZone ?? 'UTC',
      ramps: reuse ? prev.ramps : d ? visibleRamps(d) : [],
      assignments: reuse ? prev.assignments : d ? [...d.assignments.values()] : [],
      clockOffset: this.clockOffset,
    };
  }

  /** Coalesces bursts (a catch-up replays many events) into one render. */
  private changed(now = false, data = true): void {
    if (data) this.dirty = true;
    if (!this.running) return;
    const publish = () => {
      this.notifyTimer = undefined;
      this.snapshot = this.build();
      for (const l of this.listeners) l();
    };
    if (now) {
      clearTimeout(this.notifyTimer);
      publish();
    } else if (this.notifyTimer === undefined) {
      this.notifyTimer = setTimeout(publish, NOTIFY_DELAY_MS);
    }
  }

  private now(): number {
    return Date.now() + this.clockOffset;
  }

  // ------------------------------------------------------------ lifecycle

  start(): void {
    if (this.running || this.revoked) return;
    this.running = true;
    if (this.data) {
      this.scheduleRefresh();
      // The server rendered the page moments ago; its clock says what time it is.
      if (this.initialNow !== null) this.adoptServerClock(this.initialNow, Date.now());
      this.connect();
    } else {
      // No board yet (the server could not read it): the socket follows the first successful fetch.
      void this.refetch();
    }
    this.pruneTimer = setInterval(() => {
      if (this.data && prune(this.data, this.now())) this.changed();
    }, PRUNE_EVERY_MS);
  }

  stop(): void {
    this.running = false;
    clearTimeout(this.notifyTimer);
    clearTimeout(this.fetchTimer);
    clearTimeout(this.refreshTimer);
    clearInterval(this.pruneTimer);
    this.notifyTimer = this.fetchTimer = this.refreshTimer = this.pruneTimer = undefined;
    this.abort?.abort();
    this.abort = null;
    this.pending = [];
    this.closeSocket();
  }

  private closeSocket(): void {
    const socket = this.socket;
    if (!socket) return;
    this.socket = null;
    this.stopRetry?.();
    this.stopRetry = null;
    socket.removeAllListeners();
    socket.disconnect();
  }

  // ------------------------------------------------------------ socket

  private connect(): void {
    const socket: BoardSocket = io(BOARD_NAMESPACE, {
      path: '/socket.io',
      transports: ['websocket'],
      forceNew: true,
      reconnection: true,
      reconnectionAttempts: Infinity,
      ...SOCKET_RECONNECTION,
      timeout: 15 * SECOND,
      // A callback, so every reconnect sends the seq held at that moment.
      auth: (cb) => cb({ display: this.token, since: this.seq }),
    });
    this.socket = socket;
    // Refusals and server-side disconnects (a rescoped link, a restart): Socket.IO does not retry those by itself.
    this.stopRetry = retryRefusedConnects(socket, () => this.running && !this.revoked);

    socket.on('connect', () => {
      if (this.refetchOnConnect) {
        this.refetchOnConnect = false;
        void this.refetch();
      }
    });
    socket.on(CAUGHT_UP_EVENT, (p) => {
      // Everything up to this seq that concerns this display has been sent; skip the rest next time.
      if (!this.stale && typeof p?.seq === 'number' && p.seq > this.seq) this.seq = p.seq;
      this.setConnection('live');
    });
    socket.on(RESYNC_EVENT, () => {
      this.stale = true;
      void this.refetch();
    });
    socket.on(DISPLAY_CHANGED_EVENT, () => {
      // The link was rescoped; the server disconnects us. Reconnect and refetch in the new scope.
      this.stale = true;
      this.refetchOnConnect = true;
    });
    socket.on(DISPLAY_REVOKED_EVENT, () => this.revoke());
    socket.on('connect_error', (err) => {
      if (err?.message === 'display_link_revoked') return this.revoke();
      this.setConnection('reconnecting');
    });
    socket.on('disconnect', () => {
      if (this.revoked || !this.running) return;
      this.setConnection('reconnecting');
    });
    const onBoardEvent = (e: unknown) => {
      if (isBoardEvent(e)) this.onEvent(e);
    };
    for (const type of BOARD_EVENT_TYPES) socket.on(type, onBoardEvent);
  }

  private setConnection(c: Connection): void {
    if (c === this.connection) return;
    this.connection = c;
    this.offlineSince = c === 'live' ? null : Date.now();
    this.changed(true, false);
  }

  private onEvent(e: BoardEventMessage): void {
    if (this.revoked) return;
    if (this.fetching) {
      this.pending.push(e);
      if (this.pending.length > MAX_PENDING) {
        this.pending = [];
        this.pendingOverflow = true;
      }
    }
    if (e.seq <= this.seq) return; // a replay of something already held
    this.seq = e.seq;
    if (this.data && applyTvEvent(this.data, e, this.now())) this.changed();
  }

  // ------------------------------------------------------------ revocation

  private revoke(): void {
    if (this.revoked) return;
    this.revoked = true;
    this.data = null;
    this.pending = [];
    this.abort?.abort();
    clearTimeout(this.fetchTimer);
    clearTimeout(this.refreshTimer);
    clearInterval(this.pruneTimer);
    this.closeSocket();
    this.changed(true);
  }

  // ------------------------------------------------------------ refetch

  private scheduleRefresh(): void {
    clearTimeout(this.refreshTimer);
    // Spread over a few minutes so a hall of TVs does not ask at once.
    this.refreshTimer = setTimeout(() => void this.refetch(), REFRESH_EVERY_MS + Math.random() * 5 * 60 * SECOND);
  }

  private adoptServerClock(serverNow: number, localNow: number): void {
    if (!Number.isFinite(serverNow)) return;
    const offset = serverNow - localNow;
    const next = Math.abs(offset) > CLOCK_SKEW_TOLERANCE_MS ? offset : 0;
    if (next !== this.clockOffset) {
      this.clockOffset = next;
      this.changed(false, false);
    }
  }

  /**
   * GET /api/tv/<token>: replaces the held data, then replays the events that
   * arrived meanwhile and are newer than the fetched board. 404: revoked.
   */
  private async refetch(): Promise<void> {
    if (!this.running || this.revoked) return;
    if (this.fetching) {
      this.fetchAgain = true;
      return;
    }
    clearTimeout(this.fetchTimer);
    this.fetchTimer = undefined;
    this.fetching = true;
    this.fetchAgain = false;
    this.pending = [];
    this.pendingOverflow = false;
    const abort = new AbortController();
    this.abort = abort;
    const timeout = setTimeout(() => abort.abort(), FETCH_TIMEOUT_MS);
    const sentAt = Date.now();
    try {
      const res = await fetch(`/api/tv/${encodeURIComponent(this.token)}`, {
        cache: 'no-store',
        headers: { Accept: 'application/json' },
        signal: abort.signal,
      });
      if (res.status === 404) {
        this.fetching = false;
        this.revoke();
        return;
      }
      if (!res.ok) throw new Error(`GET /api/tv answered ${res.status}`);
      const board: unknown = await res.json();
      if (!isTvBoard(board)) throw new Error('GET /api/tv answered an unexpected shape');
      if (!this.running || this.revoked) return;
      this.adoptServerClock(Date.parse(board.now), (sentAt + Date.now()) / 2);
      const data = dataFromBoard(board, this.now());
      for (const e of this.pending) if (e.seq > board.seq) applyTvEvent(data, e, this.now());
      this.data = data;
      this.seq = Math.max(this.seq, board.seq);
      this.stale = false;
      this.fetchFailures = 0;
      if (this.pendingOverflow) this.fetchAgain = true;
      this.scheduleRefresh();
      this.changed(true);
      if (!this.socket) this.connect();
    } catch {
      if (!this.running || this.revoked) return;
      // Keep showing what is held; try again with backoff, forever.
      this.fetchTimer = setTimeout(() => void this.refetch(), backoffDelay(this.fetchFailures++, FETCH_RETRY_BASE_MS, FETCH_RETRY_MAX_MS));
    } finally {
      clearTimeout(timeout);
      if (this.abort === abort) this.abort = null;
      this.fetching = false;
      this.pending = [];
      if (this.fetchAgain && this.running && !this.revoked && this.fetchTimer === undefined) {
        this.fetchAgain = false;
        void this.refetch();
      }
    }
  }
}
