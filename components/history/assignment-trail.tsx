'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useSite } from '@/components/providers';
import { dayOf } from '@/lib/zoned-time';
import { AssignmentHistory } from './assignment-history';
import { assignmentHistoryQuery } from './queries';

/** /history?assignment=<id>: one assignment's whole trail, with a way back to its day. */
export function AssignmentTrail({ assignmentId }: { assignmentId: number }) {
  const { timeZone } = useSite();
  // The same query as the trail below: one request, and the reference for the heading.
  const { data } = useQuery(assignmentHistoryQuery(assignmentId));
  const last = data?.at(-1);
  const subject = last?.after ?? last?.before ?? null;
  const day = last ? dayOf(new Date(last.at), timeZone) : null;
  const direction = subject ? (subject.load.direction === 'IB' ? 'Inbound' : 'Outbound') : null;

  return (
    <div className="mx-auto w-full max-w-3xl px-4 py-8 sm:px-6">
      <nav aria-label="Breadcrumb" className="mb-3 text-sm">
        <Link href={day ? `/history?date=${day}` : '/history'} className="font-medium text-blue-700 hover:underline">
          <span aria-hidden>← </span>Back to the day’s history
        </Link>
      </nav>
      <div className="mb-6">
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">
          {subject ? (
            <>
              History of <span className="font-mono">{subject.load.reference}</span>
            </>
          ) : (
            `Assignment #${assignmentId}`
          )}
        </h1>
        <p className="mt-1 h-5 text-sm text-slate-600">
          {subject
            ? `Assignment #${assignmentId} · ${direction} · ramp ${subject.ramp.code} · ${subject.status.label}${last?.action === 'DELETE' ? ' (deleted)' : ''} · times in ${timeZone}`
            : ''}
        </p>
      </div>
      <AssignmentHistory assignmentId={assignmentId} />
    </div>
  );
}
