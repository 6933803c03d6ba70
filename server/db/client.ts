import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import type postgres from 'postgres';
import * as schema from '@/drizzle/schema';
import { openPostgres } from '@/server/db/connect';

export type Db = PostgresJsDatabase<typeof schema> & { $client: postgres.Sql };
/** A transaction or the database: data functions accept either. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0] | Db;

export function createDb(url: string, poolSize: number): Db {
  const client = openPostgres(url, {
    max: poolSize,
    onnotice: () => {},
    // Timestamps come back as Date objects; numerics stay strings unless cast.
    connection: { application_name: 'dcdock' },
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
