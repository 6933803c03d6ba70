import { randomBytes, randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { createDb } from '@/server/db/client';
import { migrateDatabase } from '@/server/db/migrate';
import { seedDemoData } from '@/server/db/seed';
import { instanceEnv, spawnInstance, type Instance } from '@/tests/faults/support/instance';
import { rawListener, socketIoListener, type Listener } from '@/tests/faults/support/listeners';
import { startNginx, type Nginx, type Upstream } from '@/tests/faults/support/nginx';
import { startWriter, type Writer, type WriterOptions } from '@/tests/faults/support/writer';
import { startOwnPostgres, type OwnPostgres } from '@/tests/support/own-postgres';

/**
 * What the fault scenarios run against: a PostgreSQL cluster of their own
 * (migrated, demo data), two app instances A and B as separate processes,
 * and nginx in front with deploy/nginx.conf. Clients go through nginx.
 */
export type Cluster = {
  pg: OwnPostgres;
  /** A connection of the test's own to the database (fails while it is down). */
  sql: postgres.Sql;
  instances: Instance[];
  nginx: Nginx;
  /** nginx's address. */
  url: string;
  tokens: { writer: string; listener: string };
  fixtures: Pick<WriterOptions, 'loads' | 'ramps' | 'statuses'>;
  authSecret: string;
  /** The newest seq in the event log. */
  head: () => Promise<number>;
  /** `raw` raw-WS and `sio` Socket.IO listeners through nginx, all starting at `since`. */
  listen: (counts: { raw: number; sio: number }, since: number) => Listener[];
  write: (rate: number, options?: Partial<WriterOptions>) => Writer;
  spawn: (name: string) => Promise<Instance>;
  close: () => Promise<void>;
};

const LOADS = 80;

export type ClusterOptions = {
  instances?: string[];
  /** nginx's upstream; default: every instance, as deploy/nginx.conf lists them. */
  upstreams?: (instances: Instance[]) => Upstream[];
  workerConnections?: number;
};

export async function startCluster(options: ClusterOptions = {}): Promise<Cluster> {
  const pg = await startOwnPostgres();
  const listeners: Listener[] = [];
  const instances: Instance[] = [];
  let nginx: Nginx | undefined;
  let sql: postgres.Sql | undefined;
  const close = async () => {
    for (const l of listeners) l.close();
    await nginx?.stop();
    await Promise.all(instances.map((i) => i.stop()));
    await sql?.end({ timeout: 1 }).catch(() => {});
    await pg.destroy();
  };
  try {
    await migrateDatabase(pg.url);
    const db = createDb(pg.url, 2);
    await seedDemoData(db);
    await db.$client.end();
    sql = postgres(pg.url, { max: 2, onnotice: () => {}, connect_timeout: 2 });

    const authSecret = randomBytes(48).toString('base64url');
    const spawn = (name: string) => spawnInstance(name, instanceEnv(pg.url, authSecret));
    instances.push(...(await Promise.all((options.instances ?? ['A', 'B']).map(spawn))));
    nginx = await startNginx(options.upstreams ? options.upstreams(instances) : instances.map((i) => ({ port: i.port })), {
      workerConnections: options.workerConnections,
    });
    const url = nginx.url;

    const call = async (method: string, path: string, token: string | undefined, body?: unknown) => {
      const res = await fetch(`${url}${path}`, {
        method,
        headers: { 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID(), ...(token ? { Authorization: `Bearer ${token}` } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      });
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
      return res.json() as Promise<any>;
    };
    const login = async (email: string, password: string) => (await call('POST', '/api/auth/login', undefined, { email, password })).access_token as string;
    const tokens = { writer: await login('operator1@dcdock.com', 'operator123'), listener: await login('supervisor@dcdock.com', 'supervisor123') };
    const ramps = (await call('GET', '/api/ramps', tokens.writer)) as { id: number; kind: 'IB' | 'OB' | 'BOTH' }[];
    const statuses = (await call('GET', '/api/statuses', tokens.writer)) as { id: number; code: string }[];
    const loads: WriterOptions['loads'] = [];
    for (let i = 0; i < LOADS; i++) {
      const direction = i % 2 === 0 ? 'IB' : 'OB';
      const load = await call('POST', '/api/loads', tokens.writer, { reference: `FAULT-${direction}-${String(i).padStart(3, '0')}`, direction });
      loads.push({ id: load.id, direction });
    }
    const fixtures = {
      loads,
      ramps: ramps.map((r) => ({ id: r.id, kind: r.kind })),
      // Not CANCELLED: that would free the load behind the writer's back.
      statuses: statuses.filter((s) => s.code !== 'CANCELLED').map((s) => s.id),
    };
    const head = async () => Number((await sql!`SELECT seq FROM event_counter`)[0]?.seq ?? 0);

    return {
      pg,
      sql,
      instances,
      nginx,
      url,
      tokens,
      fixtures,
      authSecret,
      head,
      listen: (counts, since) => {
        const made = [
          ...Array.from({ length: counts.raw }, (_, i) => rawListener(url, tokens.listener, since, `raw-${i}`)),
          ...Array.from({ length: counts.sio }, (_, i) => socketIoListener(url, tokens.listener, since, `sio-${i}`)),
        ];
        listeners.push(...made);
        return made;
      },
      write: (rate, o = {}) => startWriter({ url, token: tokens.writer, rate, ...fixtures, ...o }),
      spawn: async (name) => {
        const instance = await spawn(name);
        instances.push(instance);
        return instance;
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
