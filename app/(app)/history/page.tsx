import type { Metadata } from 'next';
import { AssignmentTrail } from '@/components/history/assignment-trail';
import { DayHistory } from '@/components/history/day-history';

export const metadata: Metadata = { title: 'History' };

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** /history?date=YYYY-MM-DD: one day's changes; /history?assignment=<id>: one assignment's trail. */
export default async function HistoryPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const assignment = one(params.assignment);
  if (assignment !== undefined) {
    const id = Number(assignment);
    if (Number.isInteger(id) && id > 0 && id <= 2147483647) return <AssignmentTrail key={id} assignmentId={id} />;
  }
  const date = one(params.date);
  return <DayHistory key={date ?? 'today'} initialDate={date} />;
}
