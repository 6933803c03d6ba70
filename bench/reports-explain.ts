/**
 * The statements a domain function sends, captured through postgres.js's
 * `debug` hook, so bench/reports.ts can run the very same SQL under EXPLAIN
 * ANALYZE and time it bare.
 */
import { drizzle } from 'drizzle-orm/postgres-js';
import type postgres from 'postgres';
import * as schema from '@/drizzle/schema';
import { openPostgres } from '@/server/db/connect';
import type { Db } from '@/server/db/client';

export type Captured = { query: string; params: unknown[] };

/** A Db whose every statement lands in `captured` (the last one last). */
export function capturingDb(url: string): { db: Db; captured: Captured[]; end: () => Promise<void> } {
  const captured: Captured[] = [];
  const client = openPostgres(url, {
    max: 1,
    onnotice: () => {},
    debug: (_connection: number, query: string, params: unknown[]) => {
      captured.push({ query, params });
    },
  });
  const db = drizzle({ client, schema }) as unknown as Db;
  return { db, captured, end: () => client.end({ timeout: 5 }) };
}

/** EXPLAIN (ANALYZE, BUFFERS) of one captured statement, as text lines. */
export async function explain(sql: postgres.Sql, c: Captured): Promise<string[]> {
  const rows = await sql.unsafe<{ 'QUERY PLAN': string }[]>(`EXPLAIN (ANALYZE, BUFFERS) ${c.query}`, c.params as postgres.ParameterOrJSON<never>[]);
  return rows.map((r) => r['QUERY PLAN']);
}

/** The plan's last line: "Execution Time: 3.210 ms". */
export const executionMs = (plan: string[]): number => Number(/Execution Time: ([\d.]+)/.exec(plan.join('\n'))?.[1] ?? NaN);
