'use client';

import { useEffect, useState, type RefObject } from 'react';
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

/**
 * A search result from another day, opened: the board goes to its day with
 * the reference in the search box (so it is the match there), and once that
 * day is loaded the block is brought into view and flashes.
 */
export function useSearchJump({ board, boardKey, today, navigate, setSearch, timeline, flash }: Input) {
  const [pending, setPending] = useState<{ date: string; assignmentId: number | null } | null>(null);

  useEffect(() => {
    if (!pending || board.date !== pending.date) return;
    setPending(null);
    const a = pending.assignmentId === null ? undefined : board.assignments.find((x) => x.id === pending.assignmentId);
    if (!a) return;
    timeline.current?.scrollToRamp(a.ramp_id);
    timeline.current?.scrollToTime(Date.parse(a.eta_in));
    flash([a.id]);
  }, [pending, board, timeline, flash]);

  return (r: SearchResult) => {
    // No planned time: the load waits in today's unassigned list.
    const date = r.date ?? today;
    setSearch(r.load.reference);
    setPending({ date, assignmentId: r.assignment?.id ?? null });
    if (date !== boardKey.date) navigate({ ...boardKey, date });
  };
}
