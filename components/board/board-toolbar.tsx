'use client';

import type { ReactNode } from 'react';
import { useSite } from '@/components/providers';
import { Button } from '@/components/ui/controls';
import { DateInput } from '@/components/ui/date-input';
import { byOrder } from '@/lib/board-rules';
import type { SearchResult } from '@/lib/schemas/search';
import type { Status } from '@/lib/schemas/statuses';
import { formatDay, formatZone, shiftDay } from '@/lib/zoned-time';
import type { BoardKey } from '@/components/board/board-model';
import { SearchBox } from '@/components/board/search-box';
import type { BoardFilters } from '@/components/board/use-board-filters';
import type { ConnectionState } from '@/components/board/use-board-socket';

const CONNECTION = {
  connecting: { label: 'Connecting', dot: 'bg-slate-400' },
  live: { label: 'Live', dot: 'bg-emerald-500' },
  reconnecting: { label: 'Reconnecting…', dot: 'bg-amber-500 animate-pulse' },
  offline: { label: 'Offline', dot: 'bg-red-500' },
} as const;

type Props = {
  boardKey: BoardKey;
  today: string;
  onNavigate: (k: BoardKey) => void;
  search: string;
  onSearch: (s: string) => void;
  matchCount: number | null;
  connection: ConnectionState;
  loading: boolean;
  counts: { assignments: number; ramps: number };
  timeZone: string;
  backlogFrom: string | null;
  onJump: (r: SearchResult) => void;
  editable: boolean;
  statuses: Status[];
  filters: BoardFilters;
  /** The Requests button (components/board/board-screen.tsx). */
  requests?: ReactNode;
};

const selectClass = 'rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm text-slate-800';

export function BoardToolbar(props: Props) {
  const { boardKey, today, onNavigate, search, onSearch, matchCount, connection, loading, counts, timeZone, backlogFrom, onJump, editable, statuses, filters } =
    props;
  const { requests } = props;
  const c = CONNECTION[connection];
  const { locale } = useSite();
  const label = formatDay(boardKey.date, locale);
  return (
    <div className="flex flex-wrap items-center gap-3 border-b border-slate-200 bg-white px-4 py-2.5">
      <fieldset className="flex items-center gap-1" aria-label="Day">
        <Button aria-label="Previous day" onClick={() => onNavigate({ ...boardKey, date: shiftDay(boardKey.date, -1) })}>
          ‹
        </Button>
        <Button onClick={() => onNavigate({ ...boardKey, date: today })} disabled={boardKey.date === today}>
          Today
        </Button>
        <Button aria-label="Next day" onClick={() => onNavigate({ ...boardKey, date: shiftDay(boardKey.date, 1) })}>
          ›
        </Button>
        <label className="sr-only" htmlFor="board-date">
          Date
        </label>
        <DateInput id="board-date" value={boardKey.date} onChange={(d) => d && onNavigate({ ...boardKey, date: d })} className="ml-1 w-36" />
      </fieldset>
      <h1 className="text-base font-semibold text-slate-900" data-testid="board-day">
        {label}
      </h1>
      {editable ? null : (
        <span
          className="rounded bg-slate-100 px-2 py-1 text-xs font-semibold uppercase tracking-wide text-slate-700"
          title="Your role can read the board but not change it"
          data-testid="view-only"
        >
          View only
        </span>
      )}
      <span className="text-xs text-slate-600" data-testid="board-zone" title="Times on the board are in this time zone">
        {formatZone(timeZone, locale, new Date(`${boardKey.date}T12:00:00Z`))}
      </span>
      <div className="flex rounded-md border border-slate-300 p-0.5 text-sm" role="radiogroup" aria-label="Direction">
        {(['all', 'IB', 'OB'] as const).map((d) => (
          // biome-ignore lint/a11y/useSemanticElements: a segmented control: buttons that say which one is on, no form field to submit
          <button
            key={d}
            type="button"
            role="radio"
            aria-checked={boardKey.direction === d}
            onClick={() => onNavigate({ ...boardKey, direction: d })}
            className={`rounded px-3 py-1 font-medium ${boardKey.direction === d ? 'bg-blue-700 text-white' : 'text-slate-600 hover:bg-slate-100'}`}
          >
            {d === 'all' ? 'All' : d === 'IB' ? 'Inbound' : 'Outbound'}
          </button>
        ))}
      </div>
      <SearchBox
        boardKey={boardKey}
        today={today}
        backlogFrom={backlogFrom}
        search={search}
        onSearch={onSearch}
        matchCount={matchCount}
        timeZone={timeZone}
        onJump={onJump}
      />
      <fieldset className="flex items-center gap-2" aria-label="Filters">
        <label className="sr-only" htmlFor="board-filter-status">
          {/* Not "Status": that is the edit dialog's field. */}
          Show blocks in
        </label>
        <select id="board-filter-status" value={filters.status} onChange={(e) => filters.setStatus(e.target.value)} className={selectClass}>
          <option value="">All statuses</option>
          {[...statuses].sort(byOrder).map((st) => (
            <option key={st.id} value={st.code}>
              {st.label}
            </option>
          ))}
        </select>
        <label className="sr-only" htmlFor="board-filter-carrier">
          Filter by carrier
        </label>
        <select id="board-filter-carrier" value={filters.carrier} onChange={(e) => filters.setCarrier(e.target.value)} className={`${selectClass} max-w-48`}>
          <option value="">All carriers</option>
          {filters.carriers.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
        {filters.active ? (
          <>
            <span className="text-xs font-medium text-blue-800" role="status" data-testid="filter-summary">
              {filters.matches?.size ?? filters.total} of {filters.total} blocks match · others dimmed
            </span>
            <Button className="px-2 py-1 text-xs" onClick={filters.clear}>
              Clear filters
            </Button>
          </>
        ) : null}
      </fieldset>
      {requests}
      <span className="text-xs text-slate-600">
        {counts.assignments} assignments · {counts.ramps} ramps{loading ? ' · loading…' : ''}
      </span>
      <span
        className="ml-auto flex items-center gap-2 rounded-full border border-slate-200 px-3 py-1 text-xs font-medium text-slate-700"
        data-testid="connection"
        data-state={connection}
        role="status"
      >
        <span className={`h-2 w-2 rounded-full ${c.dot}`} aria-hidden />
        {c.label}
      </span>
    </div>
  );
}
