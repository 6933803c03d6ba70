'use client';

import { useQuery } from '@tanstack/react-query';
import { useSite } from '@/components/providers';
import { formatShortDate, formatTimeSeconds } from '@/components/admin/format';
import { ApiError } from '@/lib/api-client';
import { dayOf } from '@/lib/zoned-time';
import { ActionBadge, ChangeList, describeEntry } from './describe';
import { assignmentHistoryQuery } from './queries';

/**
 * The trail of one assignment, newest first: who changed what, when (site
 * time zone). Embeddable: the board's edit dialog shows it in a tab.
 */
export function AssignmentHistory({ assignmentId }: { assignmentId: number }) {
  const { timeZone, locale } = useSite();
  const query = useQuery(assignmentHistoryQuery(assignmentId));

  if (query.isPending) {
    return (
      <ol aria-busy className="space-y-3" aria-label="Loading the history">
        {[0, 1, 2].map((i) => (
          <li key={i} aria-hidden className="rounded-lg border border-slate-200 p-3">
            <div className="h-4 w-40 animate-pulse rounded bg-slate-100" />
            <div className="mt-2 h-4 w-3/4 animate-pulse rounded bg-slate-100" />
          </li>
        ))}
      </ol>
    );
  }
  if (query.isError) {
    const missing = query.error instanceof ApiError && query.error.status === 404;
    return (
      <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
        {missing ? `Assignment #${assignmentId} does not exist.` : `Could not load the history: ${query.error.message}`}
      </p>
    );
  }
  const entries = [...query.data].reverse();
  if (entries.length === 0) return <p className="py-6 text-center text-sm text-slate-500">No changes recorded for this assignment.</p>;

  return (
    <ol
      className="relative space-y-3 border-l-2 border-slate-200 pl-5"
      aria-label={`History of assignment ${assignmentId}, newest first`}
      data-testid="assignment-history"
    >
      {entries.map((e) => {
        const day = dayOf(new Date(e.at), timeZone);
        return (
          <li key={e.seq} className="relative">
            <span
              aria-hidden
              className={`absolute -left-[27px] top-3.5 h-3 w-3 rounded-full border-2 border-white ${e.action === 'CREATE' ? 'bg-emerald-500' : e.action === 'DELETE' ? 'bg-red-500' : 'bg-blue-500'}`}
            />
            <div className="rounded-lg border border-slate-200 bg-white px-3 py-2.5 text-sm">
              <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
                <ActionBadge action={e.action} />
                <time dateTime={e.at} className="font-medium tabular-nums text-slate-900">
                  {formatShortDate(e.at, timeZone, locale)} {formatTimeSeconds(e.at, timeZone, locale)}
                </time>
                <span className="text-slate-500" title={e.user_email ?? undefined}>
                  by {e.user_name ?? e.user_email ?? 'the system'}
                </span>
              </div>
              <div className="mt-1.5">
                <ChangeList parts={describeEntry(e, timeZone, day, locale)} action={e.action} />
              </div>
            </div>
          </li>
        );
      })}
    </ol>
  );
}
