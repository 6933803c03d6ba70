import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { AppDeps } from '@/server/http/route';
import { pathOf, SocketLimits } from '@/server/realtime/guards';
import { RealtimeHub } from '@/server/realtime/hub';
import { Presence } from '@/server/realtime/presence';
import { RawWebSocketServer } from '@/server/realtime/raw-ws';
import { BoardSocketServer } from '@/server/realtime/socket-io';
import { WebhookWorker } from '@/server/webhooks/delivery-worker';

type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

export type Realtime = {
  /** The fan-out's position and a way to watch what it delivers (the fault suite checks every event reached it). */
  hub: Pick<RealtimeHub, 'lastSeq' | 'addSink'>;
  stats: Presence['stats'];
  close: () => Promise<void>;
};

/** Next's development server's hot-reload socket (`/_next/hmr` since Next 15, `/_next/webpack-hmr` before): the only other upgrade passed on. */
const HMR_PATH = /^\/_next\/(webpack-)?hmr$/;
const CLOSE_GRACE_MS = 1_000;

/** Answers an upgrade no handler takes with a plain HTTP error and lets go of the connection. */
function refuse(socket: Duplex, status: string): void {
  socket.on('error', () => {});
  if (!socket.writable) return void socket.destroy();
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`, () => socket.destroy());
  setTimeout(() => socket.destroy(), CLOSE_GRACE_MS).unref();
}

/** engine.io takes upgrades at exactly `/socket.io/?…&transport=websocket`; it would accept others and leave them hanging. */
function isEngineWebSocket(req: IncomingMessage): boolean {
  const [path, query = ''] = (req.url ?? '').split('?', 2);
  return path === '/socket.io/' && new URLSearchParams(query).get('transport') === 'websocket';
}

/**
 * The fan-out and both socket kinds on the app's HTTP server. Upgrades are
 * taken at `/api/ws` (raw) and `/socket.io/` (engine.io's own listener, which
 * matches exactly that prefix); any other is refused at once, so no
 * connection waits on a handler that does not exist.
 */
export async function startRealtime(server: Server, deps: AppDeps, otherUpgrades?: UpgradeHandler): Promise<Realtime> {
  const hub = new RealtimeHub(deps.db, deps.logger, deps.config.realtimeRingEvents);
  const presence = new Presence(deps.db, deps.config.instanceId, deps.logger);
  const limits = new SocketLimits(deps.config.wsMaxPerUser, deps.config.wsMaxPerAddress);
  const raw = new RawWebSocketServer(deps, hub, presence, limits);
  const board = new BoardSocketServer(server, deps, hub, presence, limits);
  /** The connections of both socket kinds, so closing can cut the ones that do not end by themselves. */
  const upgraded = new Set<Duplex>();
  let closing = false;

  // First in line, so that what is refused here never reaches engine.io's own listener
  // (which would upgrade anything under /socket.io/ and then close it slowly).
  server.prependListener('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = pathOf(req);
    if (path === '/api/ws' || path === '/socket.io') {
      if (closing) return refuse(socket, '503 Service Unavailable');
      if (path === '/socket.io' && !isEngineWebSocket(req)) return refuse(socket, '400 Bad Request');
      upgraded.add(socket);
      socket.once('close', () => upgraded.delete(socket));
      // Socket.IO's listener, next in line, takes /socket.io/ itself.
      if (path === '/api/ws') raw.handleUpgrade(req, socket, head);
    } else if (otherUpgrades && HMR_PATH.test(path)) otherUpgrades(req, socket, head);
    else refuse(socket, '404 Not Found');
  });

  // Webhook delivery is another consumer of the event log: the fan-out wakes it on every commit.
  const webhooks = new WebhookWorker(deps.db, deps.logger, deps.config.instanceId, deps.config.webhooks);
  hub.addSink(webhooks.sink);
  await hub.start();
  presence.start();
  webhooks.start();
  return {
    hub,
    stats: () => presence.stats(),
    close: async () => {
      closing = true;
      const deadline = Date.now() + CLOSE_GRACE_MS;
      await Promise.all([raw.close(), board.close()]);
      while (upgraded.size && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      for (const socket of upgraded) socket.destroy();
      await webhooks.stop();
      await hub.stop();
      await presence.stop();
    },
  };
}
