import { createDb } from '@/server/db/client';
import { migrateDatabase } from '@/server/db/migrate';
import { seedDemoData } from '@/server/db/seed';
import { startOwnPostgres, type OwnPostgres } from './own-postgres';
import { startInstance, type TestServer } from './test-server';

/** SEED_NOW of the shared template: the demo day's assignments exist around it. */
const SEED_NOW = new Date('2030-06-12T10:07:00Z');

export type DbFaultSetup = { pg: OwnPostgres; app: TestServer; close: () => Promise<void> };

/** An own PostgreSQL cluster with the migrated demo database and one in-process app instance on it (or on `appUrl`, e.g. a proxy). */
export async function startDbFaultSetup(options: { appUrl?: (pg: OwnPostgres) => Promise<string> } = {}): Promise<DbFaultSetup> {
  const pg = await startOwnPostgres('dcdock');
  await migrateDatabase(pg.url);
  const seeder = createDb(pg.url, 2);
  await seedDemoData(seeder, SEED_NOW);
  await seeder.$client.end();
  const app = await startInstance(
    options.appUrl ? await options.appUrl(pg) : pg.url,
    process.env.FAULT_LOG_LEVEL ? { LOG_LEVEL: process.env.FAULT_LOG_LEVEL } : {},
  );
  return {
    pg,
    app,
    close: async () => {
      await app.close().catch(() => {});
      await pg.destroy();
    },
  };
}

export type Outcome = { kind: string; status: number; ms: number; at: number; retryAfter: string | null; body: any; error?: string };

/**
 * Writes at about `perSecond` (or as fast as `workers` concurrent clients can) while it runs, half creating loads (a drizzle
 * transaction), half changing an assignment's status (a pipelined one), plus
 * a read each time. Every answer is recorded; nothing is retried.
 */
export function startWriteLoad(app: TestServer, pace: { perSecond: number } | { workers: number }, timeoutMs = 10_000) {
  const outcomes: Outcome[] = [];
  const inFlight = new Set<Promise<void>>();
  const started = performance.now();
  let n = 0;
  let assignments: { id: number; version: number; status_id: number }[] = [];
  let statuses: number[] = [];
  const headers = { Authorization: `Bearer ${app.tokens.OPERATOR}`, 'Content-Type': 'application/json' };

  const call = async (kind: string, method: string, path: string, body?: unknown) => {
    const at = performance.now() - started;
    try {
      const res = await fetch(`${app.url}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await res.text();
      const parsed = text ? (JSON.parse(text) as unknown) : undefined;
      outcomes.push({ kind, status: res.status, ms: performance.now() - started - at, at, retryAfter: res.headers.get('retry-after'), body: parsed });
      return { status: res.status, body: parsed as any };
    } catch (error) {
      outcomes.push({ kind, status: 0, ms: performance.now() - started - at, at, retryAfter: null, body: undefined, error: String(error) });
      return { status: 0, body: undefined };
    }
  };

  const one = async () => {
    const i = n++;
    if (i % 2 === 0) {
      await call('create-load', 'POST', '/api/loads', { reference: `FAULT-${process.pid}-${i}`, direction: i % 4 === 0 ? 'IB' : 'OB' });
    } else if (assignments.length && statuses.length) {
      const a = assignments[(i >> 1) % assignments.length]!;
      const status_id = statuses.find((s) => s !== a.status_id) ?? statuses[0]!;
      const res = await call('update-assignment', 'PATCH', `/api/assignments/${a.id}`, { version: a.version, status_id });
      if (res.status === 200) Object.assign(a, { version: res.body.version, status_id: res.body.status.id });
      if (res.status === 409 && res.body?.current_version) a.version = res.body.current_version;
    }
    await call('read', 'GET', '/api/ramps');
  };

  const ready = (async () => {
    const list = await fetch(`${app.url}/api/assignments?limit=20`, { headers }).then((r) => r.json() as Promise<any[]>);
    assignments = list.map((a) => ({ id: a.id, version: a.version, status_id: a.status.id }));
    const st = await fetch(`${app.url}/api/statuses`, { headers }).then((r) => r.json() as Promise<any[]>);
    statuses = st.filter((s) => s.code !== 'CANCELLED').map((s) => s.id as number);
  })();

  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  if ('perSecond' in pace) {
    timer = setInterval(() => {
      const p = one().finally(() => inFlight.delete(p));
      inFlight.add(p);
    }, 1000 / pace.perSecond);
  } else {
    void ready.then(() => {
      for (let w = 0; w < pace.workers; w++) {
        const p = (async () => {
          while (!stopped) await one();
        })();
        inFlight.add(p);
      }
    });
  }

  return {
    ready,
    outcomes,
    /** performance.now() when the load started: outcomes' `at` counts from here. */
    startedAt: started,
    /** Stops sending and waits for the answers still out. */
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await Promise.all([...inFlight]);
    },
  };
}

/** The 2xx writes of `outcomes` that have no event in board_events (should be none). */
export async function writesMissingFromLog(app: TestServer, outcomes: Outcome[]): Promise<string[]> {
  const rows = await app.db.$client<{ entity: string; entity_id: number; version: number | null; type: string }[]>`
    SELECT entity, entity_id, type, (payload->>'version')::int AS version FROM board_events`;
  const have = new Set(rows.map((r) => (r.entity === 'assignment' ? `assignment:${r.entity_id}:${r.version}` : `${r.type}:${r.entity_id}`)));
  const missing: string[] = [];
  for (const o of outcomes) {
    if (o.status < 200 || o.status > 299) continue;
    if (o.kind === 'create-load' && !have.has(`load_created:${o.body.id}`)) missing.push(`load ${o.body.id}`);
    if (o.kind === 'update-assignment' && !have.has(`assignment:${o.body.id}:${o.body.version}`)) missing.push(`assignment ${o.body.id} v${o.body.version}`);
  }
  return missing;
}

export function percentile(values: number[], p: number): number {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
