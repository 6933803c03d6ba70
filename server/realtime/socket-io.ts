import type { Server as HttpServer } from 'node:http';
import { Server, type Namespace, type Socket } from 'socket.io';
import { BOARD_NAMESPACE, CAUGHT_UP_EVENT, RESYNC_EVENT, type Direction } from '@/lib/realtime';
import type { Actor } from '@/server/auth/actor';
import { loadActiveActor } from '@/server/auth/resolve-actor';
import { findActiveDisplay } from '@/server/displays/displays';
import { sessionFromCookie } from '@/server/auth/session-cookie';
import { verifyAccessToken } from '@/server/auth/tokens';
import type { AppDeps } from '@/server/http/route';
import type { OutboundEvent } from '@/server/realtime/event-log';
import { MessageBucket, originAllowed, runAt } from '@/server/realtime/guards';
import type { RealtimeHub, Sink } from '@/server/realtime/hub';
import type { Presence } from '@/server/realtime/presence';

/** A signed-in user, or a wall TV on a display link (read-only, no user). */
type SocketData = {
  actor: Actor | null;
  displayId: number | null;
  clientId: string;
  direction: Direction | undefined;
  bucket: MessageBucket;
  expiry?: { cancel: () => void };
};

const ALL_ROOMS = ['all', 'direction:IB', 'direction:OB'];
const roomOf = (direction: Direction | undefined) => (direction ? `direction:${direction}` : 'all');
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

  constructor(
    httpServer: HttpServer,
    private readonly deps: AppDeps,
    private readonly hub: RealtimeHub,
    private readonly presence: Presence,
  ) {
    this.io = new Server(httpServer, {
      path: '/socket.io',
      serveClient: false,
      perMessageDeflate: false,
      httpCompression: false,
      maxHttpBufferSize: deps.config.wsMaxMessageBytes,
      destroyUpgrade: false,
      allowRequest: (req, callback) => callback(null, originAllowed(req, deps.config.allowedOrigins)),
      cors: deps.config.allowedOrigins.length ? { origin: deps.config.allowedOrigins, credentials: true } : undefined,
    });
    this.nsp = this.io.of(BOARD_NAMESPACE);
    this.nsp.use((socket, next) => {
      this.authenticate(socket).then(
        () => next(),
        (error: Error) => next(error),
      );
    });
    this.nsp.on('connection', (socket) => void this.onConnection(socket));
    hub.addSink(this);
  }

  get size(): number {
    return this.nsp.sockets.size;
  }

  private async authenticate(socket: Socket): Promise<void> {
    const { config, db } = this.deps;
    const auth = (socket.handshake.auth ?? {}) as Record<string, unknown>;
    const bucket = new MessageBucket(config.wsMessagesPerSecond, config.wsMessageBurst);
    if (typeof auth.display === 'string') {
      const display = await findActiveDisplay(db, auth.display);
      if (!display) throw new Error('display_link_revoked');
      socket.data = { actor: null, displayId: display.id, clientId: `display_${display.id}_${socket.id}`, direction: display.direction ?? undefined, bucket } satisfies SocketData;
      return;
    }
    let userId: number | undefined;
    let exp: number | undefined;
    if (typeof auth.token === 'string') {
      const claims = await verifyAccessToken(auth.token, config.authSecret);
      userId = claims?.user_id;
      exp = claims?.exp;
    } else {
      const session = await sessionFromCookie(socket.handshake.headers.cookie, config.authSecret);
      userId = session?.userId;
      exp = session?.exp;
    }
    const actor = userId === undefined ? null : await loadActiveActor(db, userId);
    if (!actor || exp === undefined) throw new Error('unauthorized');
    socket.data = {
      actor,
      displayId: null,
      clientId: `user_${actor.id}_${socket.id}`,
      direction: asDirection(auth.direction),
      bucket,
      expiry: runAt(exp * 1000, () => socket.disconnect(true)),
    } satisfies SocketData;
  }

  private async onConnection(socket: Socket): Promise<void> {
    const data = socket.data as SocketData;
    this.presence.set({ client_id: data.clientId, filters: data.direction ? { direction: data.direction } : {} });
    socket.on('disconnect', () => {
      data.expiry?.cancel();
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
    if (typeof since === 'number' && Number.isSafeInteger(since) && since >= 0) {
      const result = await this.hub.catchUp(since, (e) => this.matches(data.direction, e), (e) => socket.emit(e.type, e.message));
      if (result === 'resync') socket.emit(RESYNC_EVENT, { seq: this.hub.lastSeq });
    }
    if (!socket.connected) return;
    void socket.join(roomOf(data.direction));
    socket.emit(CAUGHT_UP_EVENT, { seq: this.hub.lastSeq });
  }

  private matches(direction: Direction | undefined, e: OutboundEvent): boolean {
    return !direction || !e.direction || e.direction === direction;
  }

  deliver(event: OutboundEvent): void {
    const rooms = event.direction ? ['all', `direction:${event.direction}`] : ALL_ROOMS;
    this.nsp.to(rooms).emit(event.type, event.message);
  }

  conflict(userId: number, _json: string, message: unknown): void {
    this.nsp.to(userRoom(userId)).emit('conflict_detected', message);
  }

  control(event: OutboundEvent): void {
    if (event.userState && !event.userState.is_active) this.nsp.in(userRoom(event.userState.id)).disconnectSockets(true);
    const display = event.displayState;
    if (display) {
      // Revoked: gone. Rescoped: reconnect, which re-reads the link's direction.
      this.nsp.in(displayRoom(display.id)).emit(display.revoked ? 'display_revoked' : 'display_changed', { id: display.id });
      this.nsp.in(displayRoom(display.id)).disconnectSockets(true);
    }
  }

  async close(): Promise<void> {
    this.nsp.disconnectSockets(true);
    await new Promise<void>((resolve) => this.io.close(() => resolve()));
  }
}
