import type { Metadata } from 'next';
import { DayPlan } from '@/components/print/day-plan';
import { boardQuerySchema } from '@/lib/schemas/board';
import { getBoard } from '@/server/board/get-board';
import { getRuntime } from '@/server/runtime';

export const metadata: Metadata = { title: 'Day plan' };
export const dynamic = 'force-dynamic';

/** /board/print?date=YYYY-MM-DD: the board's snapshot of that day (today when missing or refused), as a plan per ramp to print. */
export default async function BoardPrintPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const raw = (await searchParams).date;
  const date = boardQuerySchema.shape.date.safeParse(Array.isArray(raw) ? raw[0] : raw);
  const { db, config } = getRuntime();
  const board = await getBoard(db, config.timeZone, { date: date.success ? date.data : undefined });
  return <DayPlan board={board} printedAt={new Date()} locale={config.locale} />;
}
