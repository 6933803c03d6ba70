import type { Db } from '@/server/db/client';

/**
 * True when the pool runs a query within `deadlineMs`. A query that misses the
 * deadline is cancelled (or left to the pool's own deadlines if it never got
 * a connection), so a readiness probe never piles up behind a hung database.
 */
export async function databaseAnswers(db: Db, deadlineMs: number): Promise<boolean> {
  const query = db.$client`SELECT 1`;
  let settled = false;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), deadlineMs);
  });
  try {
    const answered = query
      .then(
        () => true,
        () => false,
      )
      .finally(() => {
        settled = true;
      });
    return await Promise.race([answered, late]);
  } finally {
    clearTimeout(timer);
    if (!settled) void Promise.resolve(query.cancel()).catch(() => {});
  }
}
