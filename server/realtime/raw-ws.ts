import { randomInt } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { z } from 'zod';
import { RESYNC_EVENT, type RawServerMessage, type SubscribeAnswer } from '@/lib/realtime';
import { directionSchema } from '@/lib/schemas/common';
import type { Actor } from '@/server/auth/actor';
import { carrierScope, withoutPeople } from '@/server/carriers/carrier-scope';
import { clientAddress } from '@/server/auth/client-ip';
import type { BoardOutbound, ControlOutbound } from '@/server/events/outbound-event';
import type { ConflictNotice } from '@/server/events/publish-conflict';
import type { AppDeps } from '@/server/http/route';
import { originAllowed, runAt, TRY_AGAIN_LATER, withDeadline, type SocketLimits } from '@/server/realtime/guards';
import type { CatchUpResult, RealtimeHub, Sink } from '@/server/realtime/hub';
import type { Presence } from '@/server/realtime/presence';
import {
  admitUser,
  CATCH_UP_DEADLINE_MS,
  carrierSeedJson,
  eventCarrier,
  matchesDirection,
  MAX_HELD,
  MessageRateLimit,
  sessionEndedBy,
  type UserRefusal,
} from '@/server/realtime/socket-policy';

type Filters = SubscribeAnswer['filters'];
type Client = {
  id: string;
  ws: WebSocket;
  actor: Actor;
  /** A carrier user's carrier: only its loads' events, without people (SPEC §9); null for staff. */
  carrierId: number | null;
  filters: Filters;
  /** False while replaying `since`: live events wait in `held` for the replay. */
  live: boolean;
  held: BoardOutbound[];
  /** The last seq sent while replaying, so a held event is sent once. */
  sentSeq: number;
  release: () => void;
  rate: MessageRateLimit;
  alive: boolean;
  /** Whether the client has sent anything yet, and who waits for that. */
  messaged?: boolean;
  onFirstMessage?: () => void;
  expiry: { cancel: () => void };
};

const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
const HEARTBEAT_MS = 30_000;
const REPLAY_FILTER_GRACE_MS = 500;
const CLOSE_GRACE_MS = 1_000;
/** The seed's later releases: the token as the subprotocol `Bearer.<token>`, out of URLs and logs. */
const BEARER_PROTOCOL = 'Bearer.';

const bearerProtocol = (protocols: Iterable<string>) => [...protocols].find((p) => p.startsWith(BEARER_PROTOCOL) && p.length > BEARER_PROTOCOL.length);

const subscribeSchema = z.strictObject({
  type: z.literal('subscribe'),
  filters: z.strictObject({ direction: directionSchema.optional() }, { message: 'filters must be an object such as {"direction": "IB"}' }).optional(),
});

const now = () => new Date().toISOString();
/** The seed's words for a refused token (close code 1008). */
const REFUSED: Record<UserRefusal, string> = { missing_token: 'Missing token', unauthorized: 'Invalid or expired token' };
const text = (message: RawServerMessage) => JSON.stringify(message);
const errorOf = (message: string, details: string): RawServerMessage => ({ type: 'error', timestamp: now(), message, details });

/** The original API's WebSocket protocol at /api/ws, to the letter, plus `seq` and `&since=`. */
export class RawWebSocketServer implements Sink {
  private readonly wss: WebSocketServer;
  private readonly clients = new Set<Client>();
  /** Every accepted socket, also those still being authenticated or replayed to. */
  private readonly sockets = new Set<WebSocket>();
  private closing = false;
  private heartbeat: NodeJS.Timeout;

  constructor(
    private readonly deps: AppDeps,
    private readonly hub: RealtimeHub,
    private readonly presence: Presence,
    private readonly limits: SocketLimits,
  ) {
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: deps.config.wsMaxMessageBytes,
      perMessageDeflate: false,
      clientTracking: false,
      handleProtocols: (protocols) => bearerProtocol(protocols) ?? false,
    });
    hub.addSink(this);
    this.heartbeat = setInterval(() => this.sweep(), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (!originAllowed(req, this.deps.config.allowedOrigins)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      this.sockets.add(ws);
      ws.once('close', () => this.sockets.delete(ws));
      if (this.closing) ws.close(1001, 'Server shutting down');
      else void this.accept(ws, req);
    });
  }

  /** Database trouble is not the client's fault: 1013, and it reconnects with `since`. */
  private tryAgainLater(ws: WebSocket, error: unknown, what: string): void {
    this.deps.logger.warn({ err: error }, `raw WebSocket ${what} failed; closing with 1013`);
    ws.close(TRY_AGAIN_LATER, 'Try again later');
  }

  private async accept(ws: WebSocket, req: IncomingMessage): Promise<void> {
    // Listen at once: messages may arrive while the token is being checked.
    const early: { data: Buffer; isBinary: boolean }[] = [];
    let client: Client | undefined;
    ws.on('message', (data, isBinary) => (client ? this.onMessage(client, data as Buffer, isBinary) : early.push({ data: data as Buffer, isBinary })));
    ws.on('close', () => client && this.drop(client));
    ws.on('error', () => (client ? this.drop(client) : ws.terminate()));

    const url = new URL(req.url ?? '/', 'http://localhost');
    const token = ws.protocol.startsWith(BEARER_PROTOCOL) ? ws.protocol.slice(BEARER_PROTOCOL.length) : url.searchParams.get('token');
    let admission: Awaited<ReturnType<typeof admitUser>>;
    try {
      admission = await admitUser(this.deps, { token });
    } catch (error) {
      return this.tryAgainLater(ws, error, 'authentication');
    }
    if ('refused' in admission) {
      ws.close(1008, REFUSED[admission.refused]);
      return;
    }
    const { actor, expiresAtMs } = admission;
    const sinceText = url.searchParams.get('since');
    const since = sinceText === null ? undefined : Number(sinceText);
    if (since !== undefined && (!Number.isSafeInteger(since) || since < 0)) {
      ws.close(1008, 'since must be a non-negative integer');
      return;
    }
    const directionText = url.searchParams.get('direction');
    if (directionText !== null && directionText !== 'IB' && directionText !== 'OB') {
      ws.close(1008, 'direction must be IB or OB');
      return;
    }
    if (ws.readyState !== ws.OPEN) return;
    const release = this.limits.take(clientAddress(req, this.deps.config), actor.id);
    if (!release) {
      ws.close(TRY_AGAIN_LATER, 'Too many connections');
      return;
    }
    client = {
      id: `user_${actor.id}_${randomInt(10_000, 100_000_000)}`,
      ws,
      actor,
      carrierId: carrierScope(actor),
      filters: directionText ? { direction: directionText } : {},
      live: since === undefined,
      held: [],
      sentSeq: since ?? 0,
      release,
      rate: new MessageRateLimit(this.deps.config),
      alive: true,
      expiry: runAt(expiresAtMs, () => ws.close(1008, 'Token expired')),
    };
    const c = client;
    this.clients.add(c);
    this.presence.set({ client_id: c.id, filters: c.filters });
    ws.on('pong', () => (c.alive = true));
    this.send(c, text({ type: 'connection_ack', timestamp: now(), client_id: c.id, message: 'Connected to DCDock real-time updates', seq: this.hub.lastSeq }));
    for (const m of early.splice(0)) this.onMessage(c, m.data, m.isBinary);

    if (since !== undefined) await this.replay(c, since, !directionText);
  }

  /**
   * Sends what happened after `since`, then goes live. Events the hub delivers
   * meanwhile are held and sent after the replay, each once, in order; if the
   * replay cannot finish the socket closes with 1013 rather than stay open
   * and silent.
   */
  private async replay(c: Client, since: number, awaitFilter: boolean): Promise<void> {
    // The replay is filtered: a client that did not give `&direction=` usually
    // subscribes right after the ack, so give that message a moment to arrive.
    if (awaitFilter && !c.messaged) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, REPLAY_FILTER_GRACE_MS);
        c.onFirstMessage = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    if (c.ws.readyState !== c.ws.OPEN) return;
    const sendReplayed = (e: BoardOutbound) => {
      c.sentSeq = e.seq;
      this.send(c, c.carrierId === null ? e.seedJson! : carrierSeedJson(e));
    };
    let result: CatchUpResult;
    try {
      result = await withDeadline(
        this.hub.catchUp(since, (e) => this.matches(c, e), sendReplayed),
        CATCH_UP_DEADLINE_MS,
      );
    } catch (error) {
      return this.tryAgainLater(c.ws, error, 'catch-up');
    }
    if (result === 'resync') {
      c.held = [];
      this.send(c, text({ type: RESYNC_EVENT, timestamp: now(), seq: this.hub.lastSeq, message: 'Too far behind to replay; refetch the board' }));
    }
    for (const e of c.held) if (e.seq > c.sentSeq && this.matches(c, e)) sendReplayed(e);
    c.held = [];
    c.live = true;
  }

  private drop(client: Client): void {
    if (!this.clients.delete(client)) return;
    client.expiry.cancel();
    client.release();
    this.presence.remove(client.id);
  }

  private send(client: Client, json: string): void {
    const { ws } = client;
    if (ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      // A client this far behind reconnects with `since` instead of holding memory here.
      ws.terminate();
      return;
    }
    ws.send(json);
  }

  private error(client: Client, message: string, details: string): void {
    this.send(client, text(errorOf(message, details)));
  }

  private onMessage(client: Client, data: Buffer, isBinary: boolean): void {
    if (!client.messaged) {
      client.messaged = true;
      // After this message is handled: a subscribe sets the filter the replay uses.
      queueMicrotask(() => client.onFirstMessage?.());
    }
    const verdict = client.rate.take();
    if (verdict === 'accept') this.send(client, text(this.answer(client, data, isBinary)));
    else if (verdict === 'disconnect') client.ws.close(1008, 'Message rate limit exceeded');
    else if (verdict === 'refuse_and_tell') this.error(client, 'Rate limit exceeded', `At most ${this.deps.config.wsMessagesPerSecond} messages per second`);
  }

  /** What a client's message is answered with: its acknowledgment, or an error (the socket stays open). */
  private answer(client: Client, data: Buffer, isBinary: boolean): RawServerMessage {
    if (isBinary) return errorOf('Invalid message format', 'Expected a JSON text message');
    let msg: unknown;
    try {
      msg = JSON.parse(data.toString('utf8'));
    } catch {
      return errorOf('Invalid JSON', 'Message must be valid JSON');
    }
    if (!msg || typeof msg !== 'object' || Array.isArray(msg) || typeof (msg as { type?: unknown }).type !== 'string') {
      return errorOf('Invalid message format', "Expected JSON object with 'type' field");
    }
    const type = (msg as { type: string }).type;
    switch (type) {
      case 'ping':
        return { type: 'pong', timestamp: now() };
      case 'subscribe': {
        const parsed = subscribeSchema.safeParse(msg);
        if (!parsed.success) {
          return errorOf('Invalid subscribe message', parsed.error.issues.map((i) => `${i.path.join('.') || 'message'}: ${i.message}`).join('; '));
        }
        client.filters = parsed.data.filters?.direction ? { direction: parsed.data.filters.direction } : {};
        this.presence.set({ client_id: client.id, filters: client.filters });
        return { type: 'subscribe_ack', timestamp: now(), filters: client.filters };
      }
      case 'unsubscribe':
        client.filters = {};
        this.presence.set({ client_id: client.id, filters: client.filters });
        return { type: 'unsubscribe_ack', timestamp: now() };
      default:
        return errorOf('Unknown message type', `Unknown message type '${type.slice(0, 50)}'; expected subscribe, unsubscribe or ping`);
    }
  }

  /** Raw sockets get assignment events only (the seed's protocol), in their direction; a carrier user's, its own loads' only. */
  private matches(client: Client, event: BoardOutbound): boolean {
    return (
      event.seedJson !== null &&
      matchesDirection(client.filters.direction, event.direction) &&
      (client.carrierId === null || eventCarrier(event) === client.carrierId)
    );
  }

  deliver(event: BoardOutbound): void {
    const json = event.seedJson;
    if (json === null) return;
    // Read once per event; the people-free text is built at most once, when a carrier socket gets it.
    const carrierId = eventCarrier(event);
    for (const client of this.clients) {
      if (client.live) {
        if (!matchesDirection(client.filters.direction, event.direction)) continue;
        if (client.carrierId === null) this.send(client, json);
        else if (client.carrierId === carrierId) this.send(client, carrierSeedJson(event));
      } else if (client.held.push(event) > MAX_HELD) {
        client.held = [];
        client.ws.close(TRY_AGAIN_LATER, 'Try again later');
      }
    }
  }

  conflict(notice: ConflictNotice): void {
    for (const client of this.clients) {
      if (client.actor.id !== notice.userId) continue;
      // A carrier user's own conflict, without who last changed the assignment.
      const json = client.carrierId === null ? notice.json : JSON.stringify({ ...notice.message, current_data: withoutPeople(notice.message.current_data) });
      this.send(client, json);
    }
  }

  control(event: ControlOutbound): void {
    const effect = event.effect;
    if (!effect) return;
    for (const client of this.clients) {
      const reason = sessionEndedBy(effect, client.actor);
      if (reason) client.ws.close(1008, reason);
    }
  }

  private sweep(): void {
    for (const client of this.clients) {
      if (!client.alive) {
        client.ws.terminate();
        continue;
      }
      client.alive = false;
      client.ws.ping();
    }
  }

  /** Closes every socket with 1001 (clients move on with `since`); one that does not finish the close handshake at once is cut. */
  async close(): Promise<void> {
    this.closing = true;
    clearInterval(this.heartbeat);
    for (const ws of this.sockets) ws.close(1001, 'Server shutting down');
    const deadline = Date.now() + CLOSE_GRACE_MS;
    while (this.sockets.size && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    for (const ws of this.sockets) ws.terminate();
    this.wss.close();
  }
}
