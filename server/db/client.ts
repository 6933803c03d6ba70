import { createTableRelationsHelpers, extractTablesRelationalConfig, type ExtractTablesWithRelations } from 'drizzle-orm';
import { PgDialect, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle, PostgresJsSession, type PostgresJsDatabase, type PostgresJsQueryResultHKT } from 'drizzle-orm/postgres-js';
import type postgres from 'postgres';
import * as schema from '@/drizzle/schema';
import { openPostgres } from '@/server/db/connect';
import { assertDriverPatched } from '@/server/db/driver-patch';

type Schema = typeof schema;
type Relations = ExtractTablesWithRelations<Schema>;

/** The drizzle database; `$client` is its postgres.js pool (drizzle's public API). */
export type Db = PostgresJsDatabase<Schema> & { $client: postgres.Sql };
/** A drizzle transaction, as inWriteTransaction (server/db/write.ts) hands it to its work. */
export type DrizzleTx = PgTransaction<PostgresJsQueryResultHKT, Schema, Relations>;
/** Where a drizzle query may run: the database or a transaction. */
export type DbOrTx = Db | DrizzleTx;

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

// Built once per process, as drizzle() builds them for the database.
const dialect = new PgDialect();
const tables = extractTablesRelationalConfig<Relations>(schema, createTableRelationsHelpers);
const relational = { fullSchema: schema, schema: tables.tables, tableNamesMap: tables.tableNamesMap };

/** A drizzle transaction over a connection whose transaction the caller opened (BEGIN) and will end. */
class OpenTransaction extends PgTransaction<PostgresJsQueryResultHKT, Schema, Relations> {
  override transaction<T>(): Promise<T> {
    return Promise.reject(new Error('Nested transactions (savepoints) are not supported here'));
  }
}

/**
 * drizzle over `sql`, a reserved connection inside a transaction: drizzle's
 * queries and the raw postgres.js statements sent on `sql` are one
 * transaction, with no reach into drizzle's internals to find the client.
 */
export function drizzleOver(sql: postgres.Sql): DrizzleTx {
  return new OpenTransaction(dialect, new PostgresJsSession(sql, dialect, relational), relational);
}
