'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useEffect, useMemo, useState } from 'react';
import { formatDay, formatTimeSeconds } from '@/components/admin/format';
import { ResourceTable, type Column } from '@/components/admin/resource-table';
import { useSite } from '@/components/providers';
import { Button, Field, TextInput } from '@/components/ui/controls';
import { DateInput } from '@/components/ui/date-input';
import type { DayHistoryEntry } from '@/lib/schemas/board';
import { DATE_RE, dayOf, shiftDay } from '@/lib/zoned-time';
import { ActionBadge, ChangeList, describeEntry } from './describe';
import { dayHistoryQuery } from './queries';

/** /history: every assignment change of one day, newest first, with day navigation and a reference filter. */
export function DayHistory({ initialDate }: { initialDate?: string }) {
  const { timeZone, locale } = useSite();
  const today = dayOf(new Date(), timeZone);
  const [date, setDate] = useState(initialDate && DATE_RE.test(initialDate) ? initialDate : today);
  const [search, setSearch] = useState('');
  const query = useQuery(dayHistoryQuery(date, date === today));

  // Keep the day in the address (shareable, survives a reload) without a server round trip.
  useEffect(() => {
    const url = date === today ? '/history' : `/history?date=${date}`;
    if (window.location.pathname + window.location.search !== url) window.history.replaceState(null, '', url);
  }, [date, today]);

  const needle = search.trim().toLowerCase();
  const rows = useMemo(() => (query.data && needle ? query.data.filter((e) => e.reference?.toLowerCase().includes(needle)) : query.data), [query.data, needle]);

  const columns: Column<DayHistoryEntry>[] = [
    {
      key: 'time',
      header: 'Time',
      className: 'w-24 whitespace-nowrap tabular-nums',
      cell: (e) => (
        <time dateTime={e.at} className="font-medium text-slate-900">
          {formatTimeSeconds(e.at, timeZone, locale)}
        </time>
      ),
    },
    {
      key: 'who',
      header: 'Who',
      className: 'w-48',
      cell: (e) => (
        <span className="block text-slate-700" title={e.user_email ?? undefined}>
          {e.user_name ?? e.user_email ?? 'System'}
        </span>
      ),
    },
    { key: 'what', header: 'What', className: 'w-28', cell: (e) => <ActionBadge action={e.action} /> },
    {
      key: 'load',
      header: 'Load',
      className: 'w-36 whitespace-nowrap',
      cell: (e) => (
        <Link
          href={`/history?assignment=${e.assignment_id}`}
          className="font-mono font-semibold text-blue-700 hover:underline focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600/40"
          title="The whole history of this assignment"
        >
          {e.reference ?? `#${e.assignment_id}`}
          <span className="sr-only"> — whole history</span>
        </Link>
      ),
    },
    { key: 'ramp', header: 'Ramp', className: 'w-20', cell: (e) => <span className="font-mono">{e.ramp_code ?? '—'}</span> },
    { key: 'changes', header: 'Changes', cell: (e) => <ChangeList parts={describeEntry(e, timeZone, date, locale)} action={e.action} /> },
  ];

  const total = query.data?.length ?? 0;
  const summary = !query.data ? '' : needle ? `${rows?.length ?? 0} of ${total} changes` : `${total} ${total === 1 ? 'change' : 'changes'}`;

  return (
    <div className="mx-auto w-full max-w-6xl px-4 py-8 sm:px-6">
      <div className="mb-6">
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">History</h1>
        <p className="mt-1 text-sm text-slate-600">
          Every change to the board on <span className="font-medium text-slate-800">{formatDay(date, locale)}</span>, newest first. Times in {timeZone}.
          {date === today ? ' Updates every 30 seconds.' : ''}
        </p>
      </div>

      <div className="mb-4 flex flex-wrap items-end gap-3 [&_input]:h-9">
        <fieldset aria-label="Day navigation" className="flex items-end gap-2">
          <Button aria-label="Previous day" onClick={() => setDate((d) => shiftDay(d, -1))} className="h-9 w-9 text-base">
            <span aria-hidden>‹</span>
          </Button>
          <div className="w-44">
            <Field label="Day" id="history-date">
              <DateInput id="history-date" value={date} max={today} onChange={(d) => DATE_RE.test(d) && setDate(d)} />
            </Field>
          </div>
          <Button aria-label="Next day" disabled={date >= today} onClick={() => setDate((d) => shiftDay(d, 1))} className="h-9 w-9 text-base">
            <span aria-hidden>›</span>
          </Button>
          <Button disabled={date === today} onClick={() => setDate(today)} className="h-9">
            Today
          </Button>
        </fieldset>
        <search className="ml-auto w-64" aria-label="Filter the history">
          <Field label="Load reference" id="history-search">
            <TextInput
              id="history-search"
              type="search"
              placeholder="e.g. IB-1001"
              autoComplete="off"
              value={search}
              onChange={(e) => setSearch(e.target.value)}
            />
          </Field>
        </search>
      </div>

      <ResourceTable
        label={`Changes on ${formatDay(date, locale)}`}
        columns={columns}
        rows={rows}
        rowKey={(e) => e.seq}
        rowTestId={(e) => `history-row-${e.seq}`}
        isLoading={query.isPending}
        error={query.error}
        onRetry={() => void query.refetch()}
        empty={
          total > 0 ? (
            `No changes of a load matching “${search.trim()}” on this day.`
          ) : (
            <span>
              No changes on this day.{' '}
              {date !== today ? (
                <button type="button" className="font-medium text-blue-700 hover:underline" onClick={() => setDate(today)}>
                  Go to today
                </button>
              ) : null}
            </span>
          )
        }
      />
      <p className="mt-3 h-4 text-xs text-slate-500" aria-live="polite">
        {summary}
      </p>
    </div>
  );
}
