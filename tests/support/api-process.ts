/**
 * The API server (REST, both socket kinds, the fan-out; no Next.js) with the
 * production shutdown, in a process of its own for tests that signal it:
 * DATABASE_URL and AUTH_SECRET from the environment, 127.0.0.1, a free port.
 * Prints `LISTENING <port>` once it accepts connections; logs go to stdout as
 * JSON lines (LOG_LEVEL, default info). SHUTDOWN_DEADLINE_MS shortens the forced close.
 */
import type { AddressInfo } from 'node:net';
import { createLoginGuard } from '@/server/auth/login';
import { loadConfig } from '@/server/config';
import { createDb } from '@/server/db/client';
import { createApp } from '@/server/http/app';
import type { AppDeps } from '@/server/http/route';
import { createLogger } from '@/server/logger';
import { startRealtime } from '@/server/realtime/start-realtime';
import { installShutdown } from '@/server/shutdown';

const config = loadConfig({ LOG_LEVEL: 'info', ...process.env, HOST: '127.0.0.1', PORT: '0' });
const logger = createLogger(config.logLevel);
const db = createDb(config.databaseUrl!, config.poolSize);
const deps: AppDeps = { config, db, logger, loginGuard: createLoginGuard(config, db) };
const { server, lifecycle } = createApp(deps);
const realtime = await startRealtime(server, deps);
deps.realtime = realtime;
await new Promise<void>((resolve) => server.listen(0, config.host, resolve));
installShutdown({
  server,
  lifecycle,
  logger,
  closeSockets: () => realtime.close(),
  closeRest: () => db.$client.end({ timeout: 5 }),
  // Tests of the forced close shorten the 10 s.
  deadlineMs: process.env.SHUTDOWN_DEADLINE_MS ? Number(process.env.SHUTDOWN_DEADLINE_MS) : undefined,
});
console.log(`LISTENING ${(server.address() as AddressInfo).port}`);
