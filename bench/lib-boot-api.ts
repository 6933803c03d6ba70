/**
 * The DCDock API server as the benchmark children run it: createApp +
 * startRealtime (no Next.js) on 127.0.0.1, port 0, against DATABASE_URL from
 * the environment, so the load generator does not share its event loop.
 */
import type { AddressInfo } from 'node:net';
import { createLoginGuard } from '@/server/auth/login';
import { loadConfig, type Config } from '@/server/config';
import { createDb, type Db } from '@/server/db/client';
import { createApp } from '@/server/http/app';
import type { AppDeps } from '@/server/http/route';
import { createLogger } from '@/server/logger';
import { startRealtime, type Realtime } from '@/server/realtime/start-realtime';

export type BootedApi = { port: number; config: Config; db: Db; realtime: Realtime; shutdown: () => Promise<void> };

export async function bootApi(overrides: Record<string, string> = {}): Promise<BootedApi> {
  const env = process.env;
  const config = loadConfig({
    NODE_ENV: 'production',
    DATABASE_URL: env.DATABASE_URL,
    AUTH_SECRET: env.AUTH_SECRET,
    DATABASE_POOL_SIZE: env.DATABASE_POOL_SIZE ?? '10',
    LOG_LEVEL: env.LOG_LEVEL ?? 'warn',
    // Benchmarks open thousands of sockets as one user from one address.
    ...(env.WS_MAX_PER_USER ? { WS_MAX_PER_USER: env.WS_MAX_PER_USER } : {}),
    ...(env.WS_MAX_PER_ADDRESS ? { WS_MAX_PER_ADDRESS: env.WS_MAX_PER_ADDRESS } : {}),
    HOST: '127.0.0.1',
    PORT: '0',
    ...overrides,
  });
  const db = createDb(config.databaseUrl!, config.poolSize);
  const deps: AppDeps = { config, db, logger: createLogger(config.logLevel), loginGuard: createLoginGuard(config, db) };
  const { server } = createApp(deps);
  const realtime = await startRealtime(server, deps);
  deps.realtime = realtime;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  let closing: Promise<void> | undefined;
  const shutdown = () =>
    (closing ??= (async () => {
      await realtime.close().catch(() => {});
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.$client.end({ timeout: 5 }).catch(() => {});
    })());
  return { port, config, db, realtime, shutdown };
}
