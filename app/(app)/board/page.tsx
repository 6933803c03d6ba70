import type { Metadata } from 'next';
import { BoardScreen } from '@/components/board/board-screen';
import { packBoard } from '@/lib/board-wire';
import { boardQuerySchema, type BoardQuery } from '@/lib/schemas/board';
import { getBoard } from '@/server/board/get-board';
import { dayKpis } from '@/server/kpis/day-kpis';
import { getRuntime } from '@/server/runtime';

export const metadata: Metadata = { title: 'Board' };
export const dynamic = 'force-dynamic';

type SearchParams = Record<string, string | string[] | undefined>;

/** The API's board query, field by field: a value it refuses falls back to the default (today, both directions). */
function boardQueryOf(params: SearchParams): BoardQuery {
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const date = boardQuerySchema.shape.date.safeParse(one(params.date));
  const direction = boardQuerySchema.shape.direction.safeParse(one(params.direction));
  return { date: date.success ? date.data : undefined, direction: direction.success ? direction.data : undefined };
}

export default async function BoardPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const query = boardQueryOf(await searchParams);
  const { db, config } = getRuntime();
  const [board, kpis] = await Promise.all([getBoard(db, config.timeZone, query), dayKpis(db, config.timeZone, query).catch(() => null)]);
  return <BoardScreen packed={packBoard(board)} direction={query.direction ?? 'all'} kpis={kpis} />;
}
