import type { Server as HttpServer } from 'node:http';
import { Server } from 'node:net';
import type { Lifecycle } from '@/server/http/lifecycle';
import type { Logger } from '@/server/logger';

/** Stops the instance in order, then exits with `exitCode`; later calls join the first (the highest code wins). */
export type Shutdown = (reason: string, exitCode?: number) => Promise<void>;

export type ShutdownParts = {
  server: HttpServer;
  lifecycle: Lifecycle;
  logger: Logger;
  /** Both socket kinds: clients reconnect to another instance with `since`. */
  closeSockets: () => Promise<void>;
  /** After the last request: the realtime listener, the pool, embedded PostgreSQL. */
  closeRest: () => Promise<void>;
  /** Connections still open this long after the signal are destroyed, and the exit code is 1. */
  deadlineMs?: number;
};

const CLOSE_REST_MS = 8_000;
const IDLE_GRACE_MS = 250;

/**
 * SIGTERM/SIGINT, in the order DESIGN "When things fail" gives: readiness 503,
 * stop accepting, `Connection: close` on every response still to go out (idle
 * keep-alive connections close after a short grace), close the sockets, let
 * requests in flight finish, then the listener, the pool and the database. Returns the
 * shutdown for other callers (a crash handler exits non-zero through it).
 */
export function installShutdown(parts: ShutdownParts): Shutdown {
  const { server, lifecycle, logger, deadlineMs = 10_000 } = parts;
  let stopping: Promise<void> | undefined;
  let exitCode = 0;
  const run = async (reason: string) => {
    const started = performance.now();
    logger.info({ reason }, 'shutting down');
    lifecycle.drain();
    // net's close stops accepting; http's would also close idle keep-alive
    // connections at once, and a client that is just reusing one would see a reset.
    const closed = new Promise<void>((resolve) => Server.prototype.close.call(server, () => resolve()));
    let forced = false;
    const deadline = setTimeout(() => {
      forced = true;
      logger.warn({ ms: deadlineMs }, 'connections still open at the shutdown deadline: closing them');
      lifecycle.destroyAll();
    }, deadlineMs);
    // A connection in use gets its next answer with `Connection: close` within
    // the grace; what is still idle after it is not in use, and is closed.
    await new Promise((resolve) => setTimeout(resolve, IDLE_GRACE_MS));
    server.closeIdleConnections();
    const sweep = setInterval(() => server.closeIdleConnections(), 100);
    await parts.closeSockets().catch((error: unknown) => logger.error({ err: error }, 'error closing sockets'));
    lifecycle.destroyUpgraded();
    await closed;
    clearTimeout(deadline);
    clearInterval(sweep);
    // A pool or cluster that does not stop must not keep a half-stopped process around.
    setTimeout(() => {
      logger.error('shutdown did not finish: exiting');
      process.exit(1);
    }, CLOSE_REST_MS).unref();
    try {
      await parts.closeRest();
    } catch (error) {
      logger.error({ err: error }, 'error during shutdown');
    }
    logger.info({ ms: Math.round(performance.now() - started), forced }, 'stopped');
    process.exit(forced && exitCode === 0 ? 1 : exitCode);
  };

  const shutdown: Shutdown = (reason, code = 0) => {
    exitCode = Math.max(exitCode, code);
    stopping ??= run(reason);
    return stopping;
  };
  // npm forwards a terminal's Ctrl+C, so a second signal is the same request, not a harder one.
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  return shutdown;
}
