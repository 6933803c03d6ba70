'use client';

import { useEffect, useState, type RefObject } from 'react';
import { inScope } from '@/lib/board-rules';
import type { Board } from '@/lib/schemas/board';
import type { SearchResult } from '@/lib/schemas/search';
import type { BoardKey } from '@/components/board/board-model';
import type { TimelineHandle } from '@/components/board/timeline';

type Input = {
  board: Board;
  boardKey: BoardKey;
  today: string;
  navigate: (k: BoardKey) => void;
  setSearch: (s: string) => void;
  timeline: RefObject<TimelineHandle | null>;
  flash: (ids: number[]) => void;
};

/** Where to go: a day, and the block to bring into view there (focused too, when asked). */
export type JumpTarget = { date: string; direction: 'IB' | 'OB'; assignmentId: number | null; focus?: boolean };

/** Frames to wait for a block to render once scrolled to (the timeline virtualizes its rows). */
const FOCUS_TRIES = 30;

function focusBlock(id: number, tries = 0) {
  const el = document.querySelector<HTMLElement>(`[data-block-id="${id}"]`);
  if (el) el.focus();
  else if (tries < FOCUS_TRIES) requestAnimationFrame(() => focusBlock(id, tries + 1));
}

/**
 * A search result from another day, opened: the board goes to its day with
 * the reference in the search box (so it is the match there), and once that
 * day is loaded the block is brought into view and flashes. `to` does the
 * same for a block from elsewhere (the Requests list), without the search.
 */
export function useSearchJump({ board, boardKey, today, navigate, setSearch, timeline, flash }: Input) {
  const [pending, setPending] = useState<{ date: string; assignmentId: number | null; focus: boolean } | null>(null);

  useEffect(() => {
    if (!pending || board.date !== pending.date) return;
    const a = pending.assignmentId === null ? undefined : board.assignments.find((x) => x.id === pending.assignmentId);
    // The day may come from the cache first and its block with the refetch; wait for it while this day is shown.
    if (!a && pending.assignmentId !== null && pending.focus) return;
    setPending(null);
    if (!a) return;
    timeline.current?.scrollToRamp(a.ramp_id);
    timeline.current?.scrollToTime(Date.parse(a.eta_in));
    flash([a.id]);
    if (pending.focus) requestAnimationFrame(() => focusBlock(a.id));
  }, [pending, board, timeline, flash]);

  const to = (t: JumpTarget) => {
    setPending({ date: t.date, assignmentId: t.assignmentId, focus: t.focus ?? false });
    const direction = inScope(boardKey.direction, t.direction) ? boardKey.direction : 'all';
    if (t.date !== boardKey.date || direction !== boardKey.direction) navigate({ date: t.date, direction });
  };
  const fromSearch = (r: SearchResult) => {
    // No planned time: the load waits in today's unassigned list.
    const date = r.date ?? today;
    setSearch(r.load.reference);
    setPending({ date, assignmentId: r.assignment?.id ?? null, focus: false });
    if (date !== boardKey.date) navigate({ ...boardKey, date });
  };
  return { fromSearch, to };
}
