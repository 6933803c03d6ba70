import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type postgres from 'postgres';
import { openPostgres } from '@/server/db/connect';
import { inPipelinedTransaction } from '@/server/db/pipelined';
import { createTestDatabase } from '@/tests/support/test-server';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let sql: postgres.Sql;
beforeAll(async () => {
  database = await createTestDatabase();
  sql = openPostgres(database.url, { max: 2, onnotice: () => {} });
  await sql`CREATE TABLE pipelined_probe (id int PRIMARY KEY, note text NOT NULL)`;
});
afterAll(async () => {
  await sql.end();
  await database.drop();
});

const rows = async () => (await sql`SELECT id FROM pipelined_probe ORDER BY id`).map((r) => r.id as number);

describe('inPipelinedTransaction', () => {
  it('commits every statement, including the one sent with COMMIT', async () => {
    const result = await inPipelinedTransaction(sql, async (tx, commitWith) => {
      await tx`INSERT INTO pipelined_probe VALUES (1, 'first')`;
      return commitWith(tx`INSERT INTO pipelined_probe VALUES (2, 'last') RETURNING id`);
    });
    expect(result.map((r) => r.id)).toEqual([2]);
    expect(await rows()).toEqual([1, 2]);
  });

  it('keeps nothing when the statement sent with COMMIT fails', async () => {
    await expect(
      inPipelinedTransaction(sql, async (tx, commitWith) => {
        await tx`INSERT INTO pipelined_probe VALUES (3, 'kept?')`;
        return commitWith(tx`INSERT INTO pipelined_probe VALUES (4, NULL)`);
      }),
    ).rejects.toMatchObject({ code: '23502' });
    expect(await rows()).toEqual([1, 2]);
  });

  it('rolls back when the work throws before committing, or returns without committing', async () => {
    await expect(
      inPipelinedTransaction(sql, async (tx) => {
        await tx`INSERT INTO pipelined_probe VALUES (5, 'thrown')`;
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    await expect(
      inPipelinedTransaction(sql, async (tx) => {
        await tx`INSERT INTO pipelined_probe VALUES (6, 'forgotten')`;
      }),
    ).rejects.toThrow(/without commitWith/);
    expect(await rows()).toEqual([1, 2]);
  });

  it('gives every connection back: 40 transactions, half failing, through a pool of two', async () => {
    const outcomes = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) =>
        inPipelinedTransaction(sql, async (tx, commitWith) => {
          await tx`INSERT INTO pipelined_probe VALUES (${100 + i}, 'bulk')`;
          return commitWith(i % 2 ? tx`SELECT 1 / 0` : tx`SELECT 1`);
        }),
      ),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(20);
    expect((await rows()).filter((id) => id >= 100)).toEqual(Array.from({ length: 20 }, (_, i) => 100 + 2 * i));
    const [stuck] = await sql<
      { open: number }[]
    >`SELECT count(*)::int AS open FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'`;
    expect(stuck?.open).toBe(0);
  });
});
