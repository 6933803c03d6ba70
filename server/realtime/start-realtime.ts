import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { AppDeps } from '@/server/http/route';
import { pathOf } from '@/server/realtime/guards';
import { RealtimeHub } from '@/server/realtime/hub';
import { Presence } from '@/server/realtime/presence';
import { RawWebSocketServer } from '@/server/realtime/raw-ws';
import { BoardSocketServer } from '@/server/realtime/socket-io';

export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

export type Realtime = {
  hub: RealtimeHub;
  stats: Presence['stats'];
  close: () => Promise<void>;
};

/** The fan-out and both socket kinds on the app's HTTP server. */
export async function startRealtime(server: Server, deps: AppDeps, otherUpgrades?: UpgradeHandler): Promise<Realtime> {
  const hub = new RealtimeHub(deps.db, deps.logger);
  const presence = new Presence(deps.db, deps.config.instanceId, deps.logger);
  const raw = new RawWebSocketServer(deps, hub, presence);
  const board = new BoardSocketServer(server, deps, hub, presence);

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = pathOf(req);
    if (path === '/api/ws') raw.handleUpgrade(req, socket, head);
    else if (path.startsWith('/socket.io')) return; // Socket.IO's own upgrade listener takes it
    else if (otherUpgrades) otherUpgrades(req, socket, head);
    else socket.destroy();
  });

  await hub.start();
  presence.start();
  return {
    hub,
    stats: () => presence.stats(),
    close: async () => {
      raw.close();
      await board.close();
      await hub.stop();
      await presence.stop();
    },
  };
}
