import type { Server } from 'node:http';
import { createLoginGuard } from '@/server/auth/login';
import { openDatabase } from '@/server/boot';
import { ConfigError, exportForNext, loadConfig, type Config } from '@/server/config';
import { DEMO_ACCOUNTS } from '@/server/db/seed';
import { createApp } from '@/server/http/app';
import type { AppDeps } from '@/server/http/route';
import { createLogger, type Logger } from '@/server/logger';
import { startRealtime } from '@/server/realtime/start-realtime';
import { setRuntime } from '@/server/runtime';

async function createNextHandler(config: Config) {
  const { default: next } = await import('next');
  const app = next({ dev: config.env === 'development', dir: process.cwd(), hostname: 'localhost', port: config.port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const upgrade = config.env === 'development' ? app.getUpgradeHandler() : undefined;
  return { handle, upgrade, close: () => app.close?.() };
}

/** Boots: config → database (embedded or DATABASE_URL) → migrations → Next → HTTP → Socket.IO → raw WS → listener. */
export async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  const started = performance.now();
  exportForNext(config);

  const database = await openDatabase(config, logger);
  const deps: AppDeps = { config, db: database.db, logger, loginGuard: createLoginGuard(config) };
  setRuntime(deps);
  const nextApp = await createNextHandler(config);
  const { server } = createApp(deps, nextApp.handle);
  const realtime = await startRealtime(server, deps, nextApp.upgrade);
  deps.realtime = realtime;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  logger.info({ port, ms: Math.round(performance.now() - started), database: database.embedded ? 'embedded' : 'external' }, 'DCDock is listening');
  printWelcome(port, database.embedded !== undefined);

  installShutdown(server, logger, () => realtime.close(), async () => {
    await nextApp.close();
    await database.db.$client.end({ timeout: 5 });
    await database.embedded?.stop();
  });
}

function printWelcome(port: number, embedded: boolean): void {
  const lines = [`\n  DCDock is running at http://localhost:${port}`, `  API docs: http://localhost:${port}/api/docs`];
  if (embedded) {
    lines.push('  Demo accounts:');
    for (const a of DEMO_ACCOUNTS) lines.push(`    ${a.role.padEnd(10)} ${a.email.padEnd(24)} ${a.password}`);
  }
  console.log(lines.join('\n') + '\n');
}

/**
 * SIGTERM/SIGINT: stop accepting, close the sockets (clients reconnect to
 * another instance with `since`), let requests in flight finish (10 s at
 * most), then close the pool and the database.
 */
function installShutdown(server: Server, logger: Logger, closeSockets: () => Promise<void>, closeRest: () => Promise<void>): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => server.closeAllConnections(), 10_000);
    force.unref();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    await closeSockets().catch((error: unknown) => logger.error({ err: error }, 'error closing sockets'));
    await closed;
    clearTimeout(force);
    try {
      await closeRest();
    } catch (error) {
      logger.error({ err: error }, 'error during shutdown');
    }
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
