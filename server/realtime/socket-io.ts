import type { Server as HttpServer } from 'node:http';
import { Server, type Namespace, type Socket } from 'socket.io';
import {
  AVAILABILITY_CHANGED_EVENT,
  BOARD_NAMESPACE,
  CAUGHT_UP_EVENT,
  CONFLICT_EVENT,
  RATE_LIMITED_EVENT,
  RESYNC_EVENT,
  SUBSCRIBE_EVENT,
  type BoardEventMessage,
  type BoardHandshakeAuth,
  type ClientEvents,
  type Direction,
  type ServerEvents,
} from '@/lib/realtime';
import type { Actor } from '@/server/auth/actor';
import { clientAddress } from '@/server/auth/client-ip';
import { carrierScope, withoutPeople } from '@/server/carriers/carrier-scope';
import { eventWithoutPeople } from '@/server/displays/without-people';
import type { BoardOutbound, ControlOutbound } from '@/server/events/outbound-event';
import type { ConflictNotice } from '@/server/events/publish-conflict';
import type { AppDeps } from '@/server/http/route';
import { originAllowed, runAt, withDeadline, type SocketLimits } from '@/server/realtime/guards';
import type { CatchUpResult, RealtimeHub, Sink } from '@/server/realtime/hub';
import { CARRIERS_ROOM, carrierRoom, carrierRoomOf, carrierRoomsFor } from '@/server/realtime/carrier-rooms';
import type { Presence } from '@/server/realtime/presence';
import {
  admitDisplay,
  admitUser,
  CATCH_UP_DEADLINE_MS,
  carrierView,
  displayNoticeOf,
  eventCarrier,
  matchesDirection,
  MAX_HELD,
  MessageRateLimit,
  sessionEndedBy,
  userOf,
  type Refusal,
} from '@/server/realtime/socket-policy';

/** A signed-in user, or a wall TV on a display link (read-only, no user). */
type SocketData = {
  actor: Actor | null;
  /** A carrier user's carrier (SPEC §9): its own rooms, people-free events, availability_changed for the rest. Null for staff and TVs. */
  carrierId: number | null;
  displayId: number | null;
  clientId: string;
  direction: Direction | undefined;
  rate: MessageRateLimit;
  expiry?: { cancel: () => void };
  release: () => void;
};

type BoardServer = Server<ClientEvents, ServerEvents, Record<string, never>, SocketData>;
type BoardNamespace = Namespace<ClientEvents, ServerEvents, Record<string, never>, SocketData>;
type BoardSocket = Socket<ClientEvents, ServerEvents, Record<string, never>, SocketData>;

/** A socket replaying `auth.since`: live events wait here until the replay is sent. */
type Replaying = { held: BoardOutbound[] };

/**
 * Why a connection is refused, as the client's connect_error message:
 * `unavailable` and `too_many_connections` mean "try again later", the
 * others mean the credentials will not do. Never a driver's text.
 */
type RefusalMessage = 'unauthorized' | 'display_link_revoked' | 'too_many_connections';
const REFUSED: Record<Refusal, RefusalMessage> = { missing_token: 'unauthorized', unauthorized: 'unauthorized', display_link_revoked: 'display_link_revoked' };
const UNAVAILABLE = 'unavailable';

const ALL_ROOMS = ['all', 'direction:IB', 'direction:OB'];
const roomOf = (direction: Direction | undefined) => (direction ? `direction:${direction}` : 'all');
// Display links get their own rooms: what they receive is a copy of each event without people in it.
const TV_ROOMS = ['tv:all', 'tv:direction:IB', 'tv:direction:OB'];
const tvRoomOf = (direction: Direction | undefined) => (direction ? `tv:direction:${direction}` : 'tv:all');
/** The room a socket gets live events in: by its kind (staff, TV, carrier) and direction. */
const liveRoomOf = (data: Pick<SocketData, 'actor' | 'carrierId' | 'direction'>) =>
  data.carrierId !== null ? carrierRoomOf(data.carrierId, data.direction) : data.actor ? roomOf(data.direction) : tvRoomOf(data.direction);
const userRoom = (id: number) => `user:${id}`;
const displayRoom = (id: number) => `display:${id}`;
const asDirection = (v: unknown): Direction | undefined => (v === 'IB' || v === 'OB' ? v : undefined);

/** Anything that emits ServerEvents: a socket, or a room of the namespace. */
type Emitter = { emit: BoardSocket['emit'] };

/**
 * A board event under its own name. TypeScript cannot pair a union's event name with its payload in one call, so
 * the pairing is stated here once: `type` names the event and the message is that event's payload.
 */
function emitBoardEvent(to: Emitter, message: BoardEventMessage): void {
  (to.emit as (event: BoardEventMessage['type'], m: BoardEventMessage) => boolean)(message.type, message);
}

/**
 * Socket.IO namespace /board for the web app: signed in with the browser's
 * session cookie (or an API token in `auth.token`), one room per direction,
 * `auth.since` catch-up on every (re)connect, `resync` when too far behind.
 */
export class BoardSocketServer implements Sink {
  private readonly io: BoardServer;
  private readonly nsp: BoardNamespace;
  private readonly replaying = new Map<BoardSocket, Replaying>();
  private closing = false;

  constructor(
    httpServer: HttpServer,
    private readonly deps: AppDeps,
    private readonly hub: RealtimeHub,
    private readonly presence: Presence,
    private readonly limits: SocketLimits,
  ) {
    this.io = new Server<ClientEvents, ServerEvents, Record<string, never>, SocketData>(httpServer, {
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

  /** Fills `socket.data`, or says why not; throws when the database cannot say. */
  private async authenticate(socket: BoardSocket): Promise<RefusalMessage | null> {
    const auth = (socket.handshake.auth ?? {}) as BoardHandshakeAuth & { direction?: unknown };
    const rate = new MessageRateLimit(this.deps.config);
    if (typeof auth.display === 'string') {
      const admission = await admitDisplay(this.deps, auth.display);
      if ('refused' in admission) return REFUSED[admission.refused];
      const { display } = admission;
      const release = this.takePlace(socket, null);
      if (!release) return 'too_many_connections';
      socket.data = {
        actor: null,
        carrierId: null,
        displayId: display.id,
        clientId: `display_${display.id}_${socket.id}`,
        direction: display.direction ?? undefined,
        rate,
        release,
      };
      return null;
    }
    const credentials = typeof auth.token === 'string' ? { token: auth.token } : { cookie: socket.handshake.headers.cookie };
    const admission = await admitUser(this.deps, credentials);
    if ('refused' in admission) return REFUSED[admission.refused];
    const { actor, expiresAtMs } = admission;
    const release = this.takePlace(socket, actor.id);
    if (!release) return 'too_many_connections';
    socket.data = {
      actor,
      carrierId: carrierScope(actor),
      displayId: null,
      clientId: `user_${actor.id}_${socket.id}`,
      direction: asDirection(auth.direction),
      rate,
      expiry: runAt(expiresAtMs, () => socket.disconnect(true)),
      release,
    };
    return null;
  }

  /** A place under the per-user and per-address caps, given back when the connection ends however it ends. */
  private takePlace(socket: BoardSocket, userId: number | null): (() => void) | null {
    const release = this.limits.take(clientAddress(socket.request, this.deps.config), userId);
    if (!release) return null;
    // The client may have gone while it was being authenticated: then no disconnect event follows.
    if (socket.conn.readyState !== 'open') release();
    else socket.conn.once('close', release);
    return release;
  }

  private async onConnection(socket: BoardSocket): Promise<void> {
    const data = socket.data;
    this.presence.set({ client_id: data.clientId, filters: data.direction ? { direction: data.direction } : {} });
    socket.on('disconnect', () => {
      data.expiry?.cancel();
      data.release();
      this.replaying.delete(socket);
      this.presence.remove(data.clientId);
    });
    socket.use((_packet, next) => {
      const verdict = data.rate.take();
      if (verdict === 'accept') return next();
      if (verdict === 'disconnect') socket.disconnect(true);
      else if (verdict === 'refuse_and_tell') socket.emit(RATE_LIMITED_EVENT, { message: 'Rate limit exceeded' });
    });
    socket.on(SUBSCRIBE_EVENT, (request: unknown, ack?: unknown) => {
      if (data.displayId !== null) return; // a display link's scope is set by its admin
      const direction = asDirection((request as { direction?: unknown } | null)?.direction);
      // Still replaying: the live room is joined with the new direction when the replay ends.
      const live = !this.replaying.has(socket);
      if (live) void socket.leave(liveRoomOf(data));
      data.direction = direction;
      if (live) void socket.join(liveRoomOf(data));
      const filters = direction ? { direction } : {};
      this.presence.set({ client_id: data.clientId, filters });
      if (typeof ack === 'function') ack({ filters });
    });
    void socket.join(data.actor ? userRoom(data.actor.id) : displayRoom(data.displayId!));
    if (data.carrierId !== null) void socket.join([CARRIERS_ROOM, carrierRoom(data.carrierId)]);

    const since = (socket.handshake.auth as BoardHandshakeAuth | undefined)?.since;
    if (typeof since === 'number' && Number.isSafeInteger(since) && since >= 0) await this.replay(socket, data, since);
    else this.goLive(socket, data);
  }

  /**
   * Sends what happened after `since`, then joins the socket's room. Events the
   * hub delivers meanwhile are held and sent after the replay, each once, in
   * order. If the replay cannot finish, the socket is disconnected (the client
   * reconnects with `since`) rather than left open and silent.
   */
  private async replay(socket: BoardSocket, data: SocketData, since: number): Promise<void> {
    const state: Replaying = { held: [] };
    this.replaying.set(socket, state);
    let sentSeq = since;
    const send = (e: BoardOutbound) => {
      sentSeq = e.seq;
      if (data.carrierId !== null && carrierView(e, data.carrierId) === 'availability') socket.emit(AVAILABILITY_CHANGED_EVENT, { seq: e.seq });
      else emitBoardEvent(socket, data.actor && data.carrierId === null ? e.message : eventWithoutPeople(e.message));
    };
    // What a live socket of this kind would have been sent (deliver): the same filter for the replay.
    const wanted = (e: BoardOutbound) => {
      if (data.carrierId === null) return matchesDirection(data.direction, e.direction);
      const view = carrierView(e, data.carrierId);
      return view === 'availability' || view === 'status' || (view === 'own' && matchesDirection(data.direction, e.direction));
    };
    let result: CatchUpResult;
    try {
      result = await withDeadline(this.hub.catchUp(since, wanted, send), CATCH_UP_DEADLINE_MS);
    } catch (error) {
      this.deps.logger.warn({ err: error }, 'Socket.IO catch-up failed; disconnecting');
      this.replaying.delete(socket);
      socket.disconnect(true);
      return;
    }
    this.replaying.delete(socket);
    if (!socket.connected) return;
    if (result === 'resync') socket.emit(RESYNC_EVENT, { seq: this.hub.lastSeq });
    else for (const e of state.held) if (e.seq > sentSeq && wanted(e)) send(e);
    this.goLive(socket, data);
  }

  private goLive(socket: BoardSocket, data: SocketData): void {
    if (!socket.connected) return;
    void socket.join(liveRoomOf(data));
    socket.emit(CAUGHT_UP_EVENT, { seq: this.hub.lastSeq });
  }

  deliver(event: BoardOutbound): void {
    const rooms = event.direction ? ['all', `direction:${event.direction}`] : ALL_ROOMS;
    emitBoardEvent(this.nsp.to(rooms), event.message);
    const tvRooms = event.direction ? ['tv:all', `tv:direction:${event.direction}`] : TV_ROOMS;
    // The people-free copy is built only when a TV is there to receive it.
    const present = this.nsp.adapter.rooms;
    if (tvRooms.some((room) => present.has(room))) emitBoardEvent(this.nsp.to(tvRooms), eventWithoutPeople(event.message));
    if (present.has(CARRIERS_ROOM)) this.deliverToCarriers(event);
    for (const [socket, state] of this.replaying) {
      if (state.held.push(event) <= MAX_HELD) continue;
      this.replaying.delete(socket);
      socket.disconnect(true);
    }
  }

  /**
   * Carrier users' sockets (SPEC §9): their own carrier's events people-free (the TVs' copy, built once per event),
   * statuses as they are, and for every other assignment or ramp change only `availability_changed` with its seq.
   */
  private deliverToCarriers(event: BoardOutbound): void {
    const entity = event.message.entity;
    if (entity === 'status') {
      emitBoardEvent(this.nsp.to(CARRIERS_ROOM), eventWithoutPeople(event.message));
      return;
    }
    const owner = eventCarrier(event);
    if (owner !== null) emitBoardEvent(this.nsp.to(carrierRoomsFor(owner, event.direction)), eventWithoutPeople(event.message));
    if (entity === 'assignment' || entity === 'ramp') {
      const others = owner === null ? this.nsp.to(CARRIERS_ROOM) : this.nsp.to(CARRIERS_ROOM).except(carrierRoom(owner));
      others.emit(AVAILABILITY_CHANGED_EVENT, { seq: event.seq });
    }
  }

  conflict(notice: ConflictNotice): void {
    const sockets = this.socketsIn(userRoom(notice.userId));
    // A carrier user's own conflict, without who last changed the assignment.
    const message = sockets[0]?.data.carrierId != null ? { ...notice.message, current_data: withoutPeople(notice.message.current_data) } : notice.message;
    this.nsp.to(userRoom(notice.userId)).emit(CONFLICT_EVENT, message);
  }

  control(event: ControlOutbound): void {
    const effect = event.effect;
    if (!effect) return;
    const userId = userOf(effect);
    if (userId !== null) {
      for (const socket of this.socketsIn(userRoom(userId))) if (socket.data.actor && sessionEndedBy(effect, socket.data.actor)) socket.disconnect(true);
    }
    const display = displayNoticeOf(effect);
    if (display) {
      // Revoked: gone. Rescoped: reconnect, which re-reads the link's direction.
      this.nsp.in(displayRoom(display.displayId)).emit(display.event, { id: display.displayId });
      this.nsp.in(displayRoom(display.displayId)).disconnectSockets(true);
    }
  }

  /** This instance's sockets in a room (the namespace's in-memory adapter: no other instance is asked). */
  private socketsIn(room: string): BoardSocket[] {
    const ids = this.nsp.adapter.rooms.get(room);
    if (!ids) return [];
    const sockets: BoardSocket[] = [];
    for (const id of ids) {
      const socket = this.nsp.sockets.get(id);
      if (socket) sockets.push(socket);
    }
    return sockets;
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
