'use client';

import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { apiFetch } from '@/lib/api-client';
import type { SearchAnswer, SearchResult } from '@/lib/schemas/search';
import type { BoardKey } from '@/components/board/board-model';
import { SearchResults } from '@/components/board/search-results';

/** Typing pauses this long before the server is asked. */
const DEBOUNCE_MS = 250;
/** The API refuses shorter texts. */
const MIN_CHARS = 2;

function useDebounced(value: string, ms: number): string {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return debounced;
}

type Props = {
  boardKey: BoardKey;
  today: string;
  /** Today's board also lists the unassigned loads planned from this instant on (board.backlog_from). */
  backlogFrom: string | null;
  search: string;
  onSearch: (s: string) => void;
  /** How many blocks of the day shown match; null without a search. */
  matchCount: number | null;
  timeZone: string;
  onJump: (r: SearchResult) => void;
};

/**
 * The board's search box: the day shown highlights its matches (the board
 * dims the others), and the loads of other days that match, from
 * GET /api/search, are listed under the box with a way to go there.
 */
export function SearchBox({ boardKey, today, backlogFrom, search, onSearch, matchCount, timeZone, onJump }: Props) {
  const q = useDebounced(search.trim(), DEBOUNCE_MS);
  const [open, setOpen] = useState(true);
  const box = useRef<HTMLDivElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const jump = (r: SearchResult) => {
    setOpen(false);
    onJump(r);
    // The result's button goes with the list: keep the focus in the box rather than lose it to the page.
    input.current?.focus();
  };
  const direction = boardKey.direction === 'all' ? '' : `&direction=${boardKey.direction}`;
  const { data } = useQuery({
    queryKey: ['search', q, boardKey.direction],
    queryFn: ({ signal }) => apiFetch<SearchAnswer>(`/api/search?q=${encodeURIComponent(q)}&limit=20${direction}`, { signal }),
    enabled: q.length >= MIN_CHARS,
    staleTime: 10_000,
  });
  // The day shown already shows its own matches; today's list also holds the loads without a planned time and the carried-over ones.
  const carriedOver = (r: SearchResult) =>
    !!backlogFrom && !r.assignment && !!r.load.planned_arrival && Date.parse(r.load.planned_arrival) >= Date.parse(backlogFrom);
  const elsewhere = (data?.results ?? []).filter((r) => (r.date ?? today) !== boardKey.date && !(boardKey.date === today && carriedOver(r)));
  const shown = open && q.length >= MIN_CHARS && q === search.trim() && elsewhere.length > 0;

  useEffect(() => {
    if (!shown) return;
    const close = (e: PointerEvent) => {
      if (!box.current?.contains(e.target as Node)) setOpen(false);
    };
    const onEscape = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setOpen(false);
    };
    document.addEventListener('pointerdown', close);
    document.addEventListener('keydown', onEscape);
    return () => {
      document.removeEventListener('pointerdown', close);
      document.removeEventListener('keydown', onEscape);
    };
  }, [shown]);

  return (
    <div ref={box} className="relative">
      <label htmlFor="board-search" className="sr-only">
        Search load reference, carrier or notes
      </label>
      <input
        ref={input}
        id="board-search"
        type="search"
        placeholder="Search reference, carrier, notes…"
        value={search}
        onChange={(e) => {
          onSearch(e.target.value);
          setOpen(true);
        }}
        onClick={() => setOpen(true)}
        aria-describedby={shown ? 'board-search-elsewhere' : undefined}
        className="w-72 rounded-md border border-slate-300 px-3 py-1.5 text-sm"
      />
      {matchCount !== null ? (
        <span className="absolute -bottom-4 left-1 text-[11px] text-slate-600" data-testid="search-count">
          {matchCount} on this day
        </span>
      ) : null}
      {shown ? (
        <section
          aria-labelledby="board-search-elsewhere"
          data-testid="search-elsewhere"
          className="absolute left-0 top-full z-40 mt-5 w-96 rounded-md border border-slate-200 bg-white shadow-lg"
        >
          <h2 id="board-search-elsewhere" className="border-b border-slate-100 px-3 py-1.5 text-xs font-semibold text-slate-700">
            {elsewhere.length === 1 ? '1 match on other days' : `${elsewhere.length} matches on other days`}
          </h2>
          <SearchResults results={elsewhere} more={data?.more ?? false} timeZone={timeZone} onJump={jump} />
        </section>
      ) : null}
    </div>
  );
}
