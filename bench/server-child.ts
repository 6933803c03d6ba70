/**
 * The DCDock server as the benchmark runs it, in its own process: the REST API
 * and both socket kinds (createApp + startRealtime, no Next.js) on 127.0.0.1,
 * port 0, against DATABASE_URL. Prints "BENCH_SERVER_READY port=… database=…"
 * and answers the parent over IPC (see child-protocol.ts).
 */
import type { AddressInfo } from 'node:net';
import { announceReady, serveParent, type EventRecord } from '@/bench/child-protocol';
import { createLoginGuard } from '@/server/auth/login';
import { loadConfig } from '@/server/config';
import { createDb } from '@/server/db/client';
import { createApp } from '@/server/http/app';
import type { AppDeps } from '@/server/http/route';
import { createLogger } from '@/server/logger';
import { startRealtime } from '@/server/realtime/start-realtime';

const env = process.env;
const config = loadConfig({
  NODE_ENV: 'production',
  DATABASE_URL: env.DATABASE_URL,
  AUTH_SECRET: env.AUTH_SECRET,
  DATABASE_POOL_SIZE: env.DATABASE_POOL_SIZE ?? '10',
  LOG_LEVEL: env.LOG_LEVEL ?? 'warn',
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

let closed = false;
async function shutdown(): Promise<void> {
  if (closed) return;
  closed = true;
  await realtime.close().catch(() => {});
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await db.$client.end({ timeout: 5 });
}

serveParent(
  {
    head: async () => Number((await db.$client`SELECT seq FROM event_counter WHERE id = 1`)[0]?.seq ?? 0),
    events: async (args: { since: number }): Promise<EventRecord[]> => {
      const rows = await db.$client`
        SELECT seq, type, entity_id, direction, (payload->>'version')::int AS version
        FROM board_events WHERE seq > ${args.since} AND entity = 'assignment' ORDER BY seq`;
      return rows.map((r) => ({
        seq: Number(r.seq),
        type: r.type as string,
        id: Number(r.entity_id),
        version: Number(r.version),
        direction: r.direction === 'IB' || r.direction === 'OB' ? r.direction : null,
      }));
    },
    connections: () => realtime.stats().then((s) => s.active_connections),
  },
  shutdown,
);
announceReady(port, { database: config.databaseUrl!.replace(/\/\/([^:@/]+):[^@]*@/, '//$1:***@') });
