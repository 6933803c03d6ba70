import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import postgres from 'postgres';
import { inject } from 'vitest';
import type { Role } from '@/lib/schemas/users';
import { createLoginGuard } from '@/server/auth/login';
import { signAccessToken } from '@/server/auth/tokens';
import { loadConfig, type Config } from '@/server/config';
import { createDb, type Db } from '@/server/db/client';
import { createApp } from '@/server/http/app';
import type { AppDeps } from '@/server/http/route';
import { createLogger, type Logger } from '@/server/logger';
import { startRealtime, type Realtime } from '@/server/realtime/start-realtime';

export const TEST_SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789';

/** A fresh copy of the demo database for one test file. */
export async function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const base = inject('pgBase');
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = postgres(`${base}/postgres`, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name} TEMPLATE ${inject('templateDb')}`);
  await admin.end();
  return {
    url: `${base}/${name}`,
    drop: async () => {
      const a = postgres(`${base}/postgres`, { max: 1, onnotice: () => {} });
      await a.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

export type TestServer = {
  url: string;
  databaseUrl: string;
  db: Db;
  config: Config;
  /** Bearer tokens of demo users, by role and by email. */
  tokenFor: (email: string) => Promise<string>;
  tokens: Record<Role, string>;
  realtime: Realtime;
  /** The HTTP server, for tests that count its connections. */
  server: Server;
  close: () => Promise<void>;
};

export const DEMO = {
  ADMIN: 'admin@dcdock.com',
  OPERATOR: 'operator1@dcdock.com',
  SUPERVISOR: 'supervisor@dcdock.com',
  /** A user of the first demo carrier (server/db/seed-carriers.ts). */
  CARRIER: 'carrier1@dcdock.com',
} as const;

/** The real HTTP server (API only, no Next.js) on port 0 against its own database. */
export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const database = await createTestDatabase();
  const instance = await startInstance(database.url, env);
  return {
    ...instance,
    close: async () => {
      await instance.close();
      await database.drop();
    },
  };
}

/** One app instance (HTTP, both socket kinds, the fan-out) on an existing database; several may share one. */
export async function startInstance(databaseUrl: string, env: Record<string, string> = {}, logger?: Logger): Promise<TestServer> {
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: databaseUrl, AUTH_SECRET: TEST_SECRET, LOG_LEVEL: 'silent', DATABASE_POOL_SIZE: '20', ...env });
  const db = createDb(databaseUrl, config.poolSize);
  const deps: AppDeps = { config, db, logger: logger ?? createLogger(config.logLevel), loginGuard: createLoginGuard(config, db) };
  const { server } = createApp(deps);
  const realtime = await startRealtime(server, deps);
  deps.realtime = realtime;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const tokenFor = async (email: string) => {
    const [u] = await db.$client<{ id: number; email: string; role: Role }[]>`SELECT id, email, role FROM users WHERE lower(email) = lower(${email})`;
    if (!u) throw new Error(`no user ${email}`);
    return signAccessToken({ user_id: u.id, email: u.email, role: u.role }, TEST_SECRET, 3600);
  };
  const tokens = {
    ADMIN: await tokenFor(DEMO.ADMIN),
    OPERATOR: await tokenFor(DEMO.OPERATOR),
    SUPERVISOR: await tokenFor(DEMO.SUPERVISOR),
    CARRIER: await tokenFor(DEMO.CARRIER),
  };
  return {
    url: `http://127.0.0.1:${port}`,
    databaseUrl,
    db,
    config,
    tokenFor,
    tokens,
    realtime,
    server,
    close: async () => {
      await realtime.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.$client.end({ timeout: 5 });
    },
  };
}

export type ApiResponse<T = any> = { status: number; body: T; headers: Headers };

/** fetch with JSON in and out. */
export async function api<T = any>(
  server: { url: string },
  method: string,
  path: string,
  options: { token?: string; body?: unknown; rawBody?: string | Buffer; headers?: Record<string, string> } = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  let body: string | Buffer | undefined;
  if (options.rawBody !== undefined) body = options.rawBody;
  else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['Content-Type'] ??= 'application/json';
  }
  const res = await fetch(`${server.url}${path}`, { method, headers, body: body as BodyInit | undefined });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON: keep the text */
  }
  return { status: res.status, body: parsed as T, headers: res.headers };
}

/** A fingerprint of everything the API can change: row counts, versions and the last event. */
export async function dbFingerprint(db: Db): Promise<string> {
  const [row] = await db.$client`
    SELECT (SELECT seq FROM event_counter) AS seq,
           (SELECT count(*) FROM board_events) AS events,
           (SELECT coalesce(sum(version), 0) FROM assignments) AS versions,
           (SELECT count(*) FROM assignments) AS assignments,
           (SELECT count(*) FROM loads) AS loads,
           (SELECT count(*) FROM ramps) AS ramps,
           (SELECT count(*) FROM statuses) AS statuses,
           (SELECT count(*) FROM users) AS users,
           (SELECT md5(string_agg(l::text, ',' ORDER BY l.id)) FROM loads l) AS loads_hash,
           (SELECT md5(string_agg(r::text, ',' ORDER BY r.id)) FROM ramps r) AS ramps_hash,
           (SELECT md5(string_agg(u::text, ',' ORDER BY u.id)) FROM users u) AS users_hash,
           (SELECT md5(string_agg(w::text, ',' ORDER BY w.id)) FROM webhook_endpoints w) AS webhooks_hash,
           (SELECT count(*) FROM webhook_deliveries) AS webhook_deliveries,
           (SELECT md5(string_agg(t::text, ',' ORDER BY t.id)) FROM load_types t) AS load_types_hash,
           (SELECT md5(string_agg(c::text, ',' ORDER BY c.id)) FROM carriers c) AS carriers_hash`;
  return JSON.stringify(row);
}
