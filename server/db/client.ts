import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import type postgres from 'postgres';
import * as schema from '@/drizzle/schema';
import { openPostgres } from '@/server/db/connect';
import { assertDriverPatched } from '@/server/db/driver-patch';

export type Db = PostgresJsDatabase<typeof schema> & { $client: postgres.Sql };
/** A transaction or the database: data functions accept either. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0] | Db;

/**
 * Deadlines, so that nothing waits on the database longer than a client
 * would: a connection attempt gives up after 2 s, a failed one is retried
 * after at most half a second (postgres.js would back off up to 20 s and
 * hold every query meanwhile), a statement is cancelled after 5 s, and a
 * session that sits in an open transaction for 10 s is ended by the server.
 */
export const DB_DEADLINES = {
  connectTimeoutSeconds: 2,
  maxBackoffSeconds: 0.5,
  statementTimeoutMs: 5_000,
  idleInTransactionMs: 10_000,
} as const;

export function createDb(url: string, poolSize: number): Db {
  assertDriverPatched();
  const client = openPostgres(url, {
    max: poolSize,
    onnotice: () => {},
    connect_timeout: DB_DEADLINES.connectTimeoutSeconds,
    backoff: (retries: number) => Math.min(0.05 * 2 ** retries, DB_DEADLINES.maxBackoffSeconds),
    // Timestamps come back as Date objects; numerics stay strings unless cast.
    connection: {
      application_name: 'dcdock',
      statement_timeout: DB_DEADLINES.statementTimeoutMs,
      idle_in_transaction_session_timeout: DB_DEADLINES.idleInTransactionMs,
    },
  });
  return drizzle({ client, schema }) as Db;
}

/** Where a data function may run: drizzle's database or transaction, or a raw postgres.js client (a pipelined transaction). */
export type Queryable = Tx | postgres.Sql;

/**
 * The postgres.js client under a drizzle database or transaction (or the raw
 * client itself). Its tagged templates are prepared statements (planned once
 * per connection), which the hot write path uses for its multi-table reads.
 */
export function sqlOf(db: Queryable): postgres.Sql {
  if (typeof db === 'function') return db;
  return (db as unknown as { _: { session: { client: postgres.Sql } } })._.session.client;
}
