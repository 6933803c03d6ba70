import type { Metadata } from 'next';
import { BoardScreen } from '@/components/board/board-screen';
import { getBoard } from '@/server/board/get-board';
import { getRuntime } from '@/server/runtime';

export const metadata: Metadata = { title: 'Board' };
export const dynamic = 'force-dynamic';

export default async function BoardPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const date = one(params.date);
  const dir = one(params.direction);
  const direction = dir === 'IB' || dir === 'OB' ? dir : 'all';
  const { db, config } = getRuntime();
  const board = await getBoard(db, config.timeZone, {
    ...(date && /^\d{4}-\d{2}-\d{2}$/.test(date) ? { date } : {}),
    ...(direction !== 'all' ? { direction } : {}),
  });
  return <BoardScreen initial={board} direction={direction} />;
}
