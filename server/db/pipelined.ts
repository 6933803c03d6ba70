import type postgres from 'postgres';

/** Sends `last` and COMMIT together; resolves with `last`'s result once both are done. */
export type CommitWith = <R>(last: PromiseLike<R>) => Promise<R>;

/**
 * One transaction on one reserved connection, in two round trips fewer than
 * sending BEGIN, the statements and COMMIT one after another: BEGIN leaves in
 * the same packet as the first statement `work` sends (postgres.js pipelines
 * what is issued in one tick), and `commitWith(last)` puts COMMIT right behind
 * the last statement. If that statement fails, PostgreSQL has already aborted
 * the transaction and answers the COMMIT with a rollback, so nothing of it
 * remains either way. An error before `commitWith` rolls back explicitly.
 */
export async function inPipelinedTransaction<T>(client: postgres.Sql, work: (sql: postgres.Sql, commitWith: CommitWith) => Promise<T>): Promise<T> {
  const sql = await client.reserve();
  let open = true;
  const commitWith: CommitWith = async <R>(last: PromiseLike<R>) => {
    // `then` sends a postgres.js query; calling it before COMMIT is created keeps the order.
    const lastDone = new Promise<R>((resolve, reject) => last.then(resolve, reject));
    const committed = sql`COMMIT`.execute();
    open = false;
    try {
      return await lastDone;
    } finally {
      // Awaited either way: the connection is reused only once the transaction is over.
      await committed;
    }
  };
  try {
    const begun = sql`BEGIN`.execute();
    begun.catch(() => {});
    const result = await work(sql, commitWith);
    await begun;
    if (open) throw new Error('inPipelinedTransaction: work returned without commitWith');
    return result;
  } catch (error) {
    if (open) await sql`ROLLBACK`.catch(() => {});
    throw error;
  } finally {
    sql.release();
  }
}
