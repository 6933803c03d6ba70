import { createLoginGuard } from '@/server/auth/login';
import { openDatabase } from '@/server/boot';
import { ConfigError, exportForNext, loadConfig, type Config } from '@/server/config';
import { installCrashHandlers } from '@/server/crash';
import { DEMO_ACCOUNTS } from '@/server/db/seed';
import { createApp, LISTEN_BACKLOG } from '@/server/http/app';
import type { AppDeps } from '@/server/http/route';
import { createLogger } from '@/server/logger';
import { startMail } from '@/server/mail/start-mail';
import { startRealtime } from '@/server/realtime/start-realtime';
import { setRuntime } from '@/server/runtime';
import { installShutdown, type Shutdown } from '@/server/shutdown';

async function createNextHandler(config: Config) {
  const { default: next } = await import('next');
  const app = next({ dev: config.env === 'development', dir: process.cwd(), hostname: 'localhost', port: config.port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const upgrade = config.env === 'development' ? app.getUpgradeHandler() : undefined;
  return { handle, upgrade, close: () => app.close?.() };
}

/** Boots: config → database (embedded or DATABASE_URL) → migrations → Next → HTTP → Socket.IO → raw WS → listener. */
export async function main(): Promise<Shutdown> {
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
  // A signal before the server listens: exit at once; the exit hook stops embedded PostgreSQL.
  const abortStart = (signal: NodeJS.Signals) => {
    logger.info({ signal }, 'stopped while starting');
    process.exit(1);
  };
  process.once('SIGTERM', abortStart).once('SIGINT', abortStart);

  const database = await openDatabase(config, logger);
  const deps: AppDeps = { config, db: database.db, logger, loginGuard: createLoginGuard(config, database.db) };
  setRuntime(deps);
  const nextApp = await createNextHandler(config);
  const { server, lifecycle } = createApp(deps, nextApp.handle);
  const realtime = await startRealtime(server, deps, nextApp.upgrade);
  deps.realtime = realtime;
  // E-mail is another consumer of the event log, only with SMTP_URL set.
  const mail = startMail(deps, realtime.hub);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: config.port, host: config.host, backlog: LISTEN_BACKLOG }, resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  logger.info({ port, ms: Math.round(performance.now() - started), database: database.embedded ? 'embedded' : 'external' }, 'DCDock is listening');
  printWelcome(port, config.host, database.embedded !== undefined);

  process.off('SIGTERM', abortStart).off('SIGINT', abortStart);
  const shutdown = installShutdown({
    server,
    lifecycle,
    logger,
    closeSockets: () => realtime.close(),
    closeRest: async () => {
      await mail?.stop();
      await nextApp.close();
      await database.db.$client.end({ timeout: 5 });
      await database.embedded?.stop();
    },
  });
  installCrashHandlers(logger, (reason) => shutdown(reason, 1));
  return shutdown;
}

function printWelcome(port: number, host: string, embedded: boolean): void {
  const lines = [`\n  DCDock is running at http://localhost:${port}`, `  API docs: http://localhost:${port}/api/docs`];
  if (host === '127.0.0.1' || host === 'localhost' || host === '::1') {
    lines.push(`  Listening on ${host} only: this machine can reach it, the network cannot${embedded ? ' (demo mode; set HOST=0.0.0.0 to open it)' : ''}.`);
  } else {
    lines.push(`  Listening on ${host}: reachable from the network.`);
  }
  if (embedded) {
    lines.push('  Demo accounts:');
    for (const a of DEMO_ACCOUNTS) lines.push(`    ${a.role.padEnd(10)} ${a.email.padEnd(24)} ${a.password}`);
  }
  console.log(`${lines.join('\n')}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
