import type { Server as HttpServer } from 'node:http';
import { Server, type Namespace, type Socket } from 'socket.io';
import { BOARD_NAMESPACE, CAUGHT_UP_EVENT, RESYNC_EVENT, type Direction } from '@/lib/realtime';
import type { Actor } from '@/server/auth/actor';
import { loadActiveActor } from '@/server/auth/resolve-actor';
import { findActiveDisplay } from '@/server/displays/displays';
import { eventWithoutPeople } from '@/server/displays/without-people';
import { sessionFromCookie } from '@/server/auth/session-cookie';
import { verifyAccessToken } from '@/server/auth/tokens';
import type { AppDeps } from '@/server/http/route';
import type { OutboundEvent } from '@/server/realtime/event-log';
import { clientAddress } from '@/server/auth/client-ip';
import { MessageBucket, originAllowed, runAt, withDeadline, type SocketLimits } from '@/server/realtime/guards';
import type { CatchUpResult, RealtimeHub, Sink } from '@/server/realtime/hub';
import type { Presence } from '@/server/realtime/presence';

/** A signed-in user, or a wall TV on a display link (read-only, no user). */
type SocketData = {
  actor: Actor | null;
  displayId: number | null;
  clientId: string;
  direction: Direction | undefined;
  bucket: MessageBucket;
  expiry?: { cancel: () => void };
  release: () => void;
};

/** A socket replaying `auth.since`: live events wait here until the replay is sent. */
type Replaying = { held: OutboundEvent[] };

/**
 * Why a connection is refused, as the client's connect_error message:
 * `unavailable` and `too_many_connections` mean "try again later", the
 * others mean the credentials will not do. Never a driver's text.
 */
type Refusal = 'unauthorized' | 'display_link_revoked' | 'too_many_connections';
const UNAVAILABLE = 'unavailable';

const AUTH_DEADLINE_MS = 5_000;
const CATCH_UP_DEADLINE_MS = 15_000;
const MAX_HELD = 10_000;

const ALL_ROOMS = ['all', 'direction:IB', 'direction:OB'];
const roomOf = (direction: Direction | undefined) => (direction ? `direction:${direction}` : 'all');
// Display links get their own rooms: what they receive is a copy of each event without people in it.
const TV_ROOMS = ['tv:all', 'tv:direction:IB', 'tv:direction:OB'];
const tvRoomOf = (direction: Direction | undefined) => (direction ? `tv:direction:${direction}` : 'tv:all');
const userRoom = (id: number) => `user:${id}`;
const displayRoom = (id: number) => `display:${id}`;
const asDirection = (v: unknown): Direction | undefined => (v === 'IB' || v === 'OB' ? v : undefined);

/**
 * Socket.IO namespace /board for the web app: signed in with the browser's
 * session cookie (or an API token in `auth.token`), one room per direction,
 * `auth.since` catch-up on every (re)connect, `resync` when too far behind.
 */
export class BoardSocketServer implements Sink {
  readonly io: Server;
  private readonly nsp: Namespace;
  private readonly replaying = new Map<Socket, Replaying>();
  private closing = false;

  constructor(
    httpServer: HttpServer,
    private readonly deps: AppDeps,
    private readonly hub: RealtimeHub,
    private readonly presence: Presence,
    private readonly limits: SocketLimits,
  ) {
    this.io = new Server(httpServer, {
      path: '/socket.io',
      serveClient: false,
      perMessageDeflate: false,
      httpCompression: false,
      maxHttpBufferSize: deps.config.wsMaxMessageBytes,
      destroyUpgrade: false,
      allowRequest: (req, callback) => callback(null, !this.closing && originAllowed(req, deps.config.allowedOrigins)),
      cors: deps.config.allowedOrigins.length ? { origin: deps.config.allowedOrigins, credentials: true } : undefined,
    });
    this.nsp = this.io.of(BOARD_NAMESPACE);
    this.nsp.use((socket, next) => {
      this.authenticate(socket).then(
        (refusal) => next(refusal ? new Error(refusal) : undefined),
        (error: unknown) => {
          deps.logger.warn({ err: error }, 'Socket.IO authentication failed; refused as unavailable');
          next(new Error(UNAVAILABLE));
        },
      );
    });
    this.nsp.on('connection', (socket) => void this.onConnection(socket));
    hub.addSink(this);
  }

  get size(): number {
    return this.nsp.sockets.size;
  }

  /** Fills `socket.data`, or says why not; throws when the database cannot say. */
  private async authenticate(socket: Socket): Promise<Refusal | null> {
    const { config, db } = this.deps;
    const auth = (socket.handshake.auth ?? {}) as Record<string, unknown>;
    const bucket = new MessageBucket(config.wsMessagesPerSecond, config.wsMessageBurst);
    if (typeof auth.display === 'string') {
      const display = await withDeadline(findActiveDisplay(db, auth.display), AUTH_DEADLINE_MS);
      if (!display) return 'display_link_revoked';
      const release = this.takePlace(socket, null);
      if (!release) return 'too_many_connections';
      socket.data = { actor: null, displayId: display.id, clientId: `display_${display.id}_${socket.id}`, direction: display.direction ?? undefined, bucket, release } satisfies SocketData;
      return null;
    }
    let userId: number | undefined;
    let tokenVersion: number | undefined;
    let exp: number | undefined;
    if (typeof auth.token === 'string') {
      const claims = await verifyAccessToken(auth.token, config.authSecret);
      userId = claims?.user_id;
      tokenVersion = claims?.tv;
      exp = claims?.exp;
    } else {
      const session = await sessionFromCookie(socket.handshake.headers.cookie, config.authSecret, config.sessionMaxSeconds);
      userId = session?.userId;
      tokenVersion = session?.tokenVersion;
      // A browser session also ends at its absolute lifetime.
      exp = session ? Math.min(session.exp, session.authTime + config.sessionMaxSeconds) : undefined;
    }
    const actor = userId === undefined || tokenVersion === undefined ? null : await withDeadline(loadActiveActor(db, userId, tokenVersion), AUTH_DEADLINE_MS);
    if (!actor || exp === undefined) return 'unauthorized';
    const release = this.takePlace(socket, actor.id);
    if (!release) return 'too_many_connections';
    socket.data = {
      actor,
      displayId: null,
      clientId: `user_${actor.id}_${socket.id}`,
      direction: asDirection(auth.direction),
      bucket,
      expiry: runAt(exp * 1000, () => socket.disconnect(true)),
      release,
    } satisfies SocketData;
    return null;
  }

  /** A place under the per-user and per-address caps, given back when the connection ends however it ends. */
  private takePlace(socket: Socket, userId: number | null): (() => void) | null {
    const release = this.limits.take(clientAddress(socket.request, this.deps.config), userId);
    if (!release) return null;
    // The client may have gone while it was being authenticated: then no disconnect event follows.
    if (socket.conn.readyState !== 'open') release();
    else socket.conn.once('close', release);
    return release;
  }

  private async onConnection(socket: Socket): Promise<void> {
    const data = socket.data as SocketData;
    this.presence.set({ client_id: data.clientId, filters: data.direction ? { direction: data.direction } : {} });
    socket.on('disconnect', () => {
      data.expiry?.cancel();
      data.release();
      this.replaying.delete(socket);
      this.presence.remove(data.clientId);
    });
    socket.use((_packet, next) => {
      if (data.bucket.take()) return next();
      if (data.bucket.refused > 200) socket.disconnect(true);
      else socket.emit('rate_limited', { message: 'Rate limit exceeded' });
    });
    socket.on('subscribe', (payload: unknown, ack?: unknown) => {
      if (data.displayId !== null) return; // a display link's scope is set by its admin
      const direction = asDirection((payload as { direction?: unknown } | null)?.direction);
      void socket.leave(roomOf(data.direction));
      data.direction = direction;
      void socket.join(roomOf(direction));
      const filters = direction ? { direction } : {};
      this.presence.set({ client_id: data.clientId, filters });
      if (typeof ack === 'function') ack({ filters });
    });
    void socket.join(data.actor ? userRoom(data.actor.id) : displayRoom(data.displayId!));

    const since = socket.handshake.auth?.since;
    if (typeof since === 'number' && Number.isSafeInteger(since) && since >= 0) await this.replay(socket, data, since);
    else this.goLive(socket, data);
  }

  /**
   * Sends what happened after `since`, then joins the socket's room. Events the
   * hub delivers meanwhile are held and sent after the replay, each once, in
   * order. If the replay cannot finish, the socket is disconnected (the client
   * reconnects with `since`) rather than left open and silent.
   */
  private async replay(socket: Socket, data: SocketData, since: number): Promise<void> {
    const state: Replaying = { held: [] };
    this.replaying.set(socket, state);
    let sentSeq = since;
    const send = (e: OutboundEvent) => {
      sentSeq = e.seq;
      socket.emit(e.type, data.actor ? e.message : eventWithoutPeople(e.message));
    };
    let result: CatchUpResult;
    try {
      result = await withDeadline(this.hub.catchUp(since, (e) => this.matches(data.direction, e), send), CATCH_UP_DEADLINE_MS);
    } catch (error) {
      this.deps.logger.warn({ err: error }, 'Socket.IO catch-up failed; disconnecting');
      this.replaying.delete(socket);
      socket.disconnect(true);
      return;
    }
    this.replaying.delete(socket);
    if (!socket.connected) return;
    if (result === 'resync') socket.emit(RESYNC_EVENT, { seq: this.hub.lastSeq });
    else for (const e of state.held) if (e.seq > sentSeq && this.matches(data.direction, e)) send(e);
    this.goLive(socket, data);
  }

  private goLive(socket: Socket, data: SocketData): void {
    if (!socket.connected) return;
    void socket.join(data.actor ? roomOf(data.direction) : tvRoomOf(data.direction));
    socket.emit(CAUGHT_UP_EVENT, { seq: this.hub.lastSeq });
  }

  private matches(direction: Direction | undefined, e: OutboundEvent): boolean {
    return !direction || !e.direction || e.direction === direction;
  }

  deliver(event: OutboundEvent): void {
    const rooms = event.direction ? ['all', `direction:${event.direction}`] : ALL_ROOMS;
    this.nsp.to(rooms).emit(event.type, event.message);
    const tvRooms = event.direction ? ['tv:all', `tv:direction:${event.direction}`] : TV_ROOMS;
    // The people-free copy is built only when a TV is there to receive it.
    const present = this.nsp.adapter.rooms;
    if (tvRooms.some((room) => present.has(room))) this.nsp.to(tvRooms).emit(event.type, eventWithoutPeople(event.message));
    for (const [socket, state] of this.replaying) {
      if (state.held.push(event) <= MAX_HELD) continue;
      this.replaying.delete(socket);
      socket.disconnect(true);
    }
  }

  conflict(userId: number, _json: string, message: unknown): void {
    this.nsp.to(userRoom(userId)).emit('conflict_detected', message);
  }

  control(event: OutboundEvent): void {
    const user = event.userState;
    if (user && !user.is_active) this.nsp.in(userRoom(user.id)).disconnectSockets(true);
    else if (user?.tokenVersion !== undefined) {
      // Revoked: the user's sockets of an older token version go; newer sessions stay.
      for (const socket of this.nsp.sockets.values()) {
        const actor = (socket.data as SocketData).actor;
        if (actor?.id === user.id && (actor.tokenVersion ?? 1) < user.tokenVersion) socket.disconnect(true);
      }
    }
    const display = event.displayState;
    if (display) {
      // Revoked: gone. Rescoped: reconnect, which re-reads the link's direction.
      this.nsp.in(displayRoom(display.id)).emit(display.revoked ? 'display_revoked' : 'display_changed', { id: display.id });
      this.nsp.in(displayRoom(display.id)).disconnectSockets(true);
    }
  }

  /**
   * Disconnects every socket, also those still being authenticated, and takes
   * no new ones. Not io.close(): that would also wait for the HTTP server to
   * close, which is the caller's to order.
   */
  async close(): Promise<void> {
    this.closing = true;
    this.nsp.disconnectSockets(true);
    this.io.engine.close();
  }
}
