import type { Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/**
 * Whether an instance still takes work. Draining starts with shutdown:
 * `/api/ready` answers 503 (a load balancer's check takes the instance out),
 * and every response from then on says `Connection: close`, so each client's
 * or proxy's pooled connection ends after its current answer instead of
 * holding the process until a forced close.
 */
export type Lifecycle = {
  readonly draining: boolean;
  /** Call for every request, before it is handled. */
  track: (res: ServerResponse) => void;
  drain: () => void;
  /** After the sockets were closed: cuts upgraded connections no one closed (Next's dev HMR). */
  destroyUpgraded: () => void;
  /** The shutdown deadline: destroys every connection still open, upgraded sockets included. */
  destroyAll: () => void;
};

export function createLifecycle(server: Server): Lifecycle {
  let draining = false;
  const inFlight = new Set<ServerResponse>();
  const sockets = new Set<Socket>();
  const upgraded = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => {
      sockets.delete(socket);
      upgraded.delete(socket);
    });
  });
  server.on('upgrade', (_req, socket: Socket) => {
    if (sockets.has(socket)) upgraded.add(socket);
  });
  return {
    get draining() {
      return draining;
    },
    track(res) {
      if (draining) {
        res.shouldKeepAlive = false;
        return;
      }
      inFlight.add(res);
      res.once('close', () => inFlight.delete(res));
    },
    drain() {
      draining = true;
      for (const res of inFlight) if (!res.headersSent) res.shouldKeepAlive = false;
      inFlight.clear();
    },
    destroyUpgraded() {
      for (const socket of upgraded) socket.destroy();
    },
    destroyAll() {
      for (const socket of sockets) socket.destroy();
    },
  };
}
