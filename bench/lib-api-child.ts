/**
 * The DCDock API server as bench/writes.ts runs it, in its own process so the
 * load generator does not share its event loop: createApp + startRealtime (no
 * Next.js) on 127.0.0.1, port 0, against DATABASE_URL. Tells the parent its
 * port over IPC ({ready, port}); {cmd: 'stop'} or a lost parent shut it down.
 */
import type { AddressInfo } from 'node:net';
import { createLoginGuard } from '@/server/auth/login';
import { loadConfig } from '@/server/config';
import { createDb } from '@/server/db/client';
import { createApp } from '@/server/http/app';
import type { AppDeps } from '@/server/http/route';
import { createLogger } from '@/server/logger';
import { startRealtime } from '@/server/realtime/start-realtime';

if (!process.send) throw new Error('bench/lib-api-child.ts runs under bench/writes.ts (needs an IPC channel)');

const env = process.env;
const config = loadConfig({
  NODE_ENV: 'production',
  DATABASE_URL: env.DATABASE_URL,
  AUTH_SECRET: env.AUTH_SECRET,
  DATABASE_POOL_SIZE: env.DATABASE_POOL_SIZE ?? '10',
  LOG_LEVEL: env.LOG_LEVEL ?? 'warn',
  // The benchmark logs its operators in once each; keep the login limiter out of the way.
  LOGIN_MAX_PER_IP_PER_MINUTE: '1000',
  HOST: '127.0.0.1',
  PORT: '0',
});
const db = createDb(config.databaseUrl!, config.poolSize);
const deps: AppDeps = { config, db, logger: createLogger(config.logLevel), loginGuard: createLoginGuard(config) };
const { server } = createApp(deps);
const realtime = await startRealtime(server, deps);
deps.realtime = realtime;
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address() as AddressInfo;

let closing: Promise<void> | undefined;
function shutdown(): Promise<void> {
  closing ??= (async () => {
    await realtime.close().catch(() => {});
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await db.$client.end({ timeout: 5 }).catch(() => {});
  })();
  return closing;
}

process.on('message', (m: { cmd?: string }) => {
  if (m?.cmd === 'stop') void shutdown().finally(() => process.exit(0));
});
process.on('disconnect', () => {
  setTimeout(() => process.exit(0), 3_000).unref();
  void shutdown().finally(() => process.exit(0));
});
process.send({ ready: true, port });
