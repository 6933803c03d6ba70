'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { BoardKey } from '@/components/board/board-model';
import type { Exception } from '@/components/board/use-board-filters';
import { apiFetch } from '@/lib/api-client';
import type { DayKpis } from '@/lib/schemas/kpis';

/** Events come in bursts; the figures are read once the burst is over. */
const REFRESH_AFTER_EVENTS_MS = 1_000;
/** Late and overdue move with the clock, without any event. */
const REFRESH_EVERY_MS = 60_000;

export const kpisQueryKey = (k: BoardKey) => ['kpis', k.date, k.direction] as const;
const kpisUrl = (k: BoardKey) => `/api/kpis?date=${k.date}${k.direction === 'all' ? '' : `&direction=${k.direction}`}`;

const EXCEPTIONS: { key: Exception; label: string; tone: string; pressed: string }[] = [
  { key: 'late', label: 'Late', tone: 'text-amber-800', pressed: 'border-amber-600 bg-amber-50' },
  { key: 'overdue', label: 'Overdue', tone: 'text-red-700', pressed: 'border-red-600 bg-red-50' },
  { key: 'waiting', label: 'Waiting', tone: 'text-cyan-800', pressed: 'border-cyan-600 bg-cyan-50' },
];

type Props = {
  boardKey: BoardKey;
  initial?: DayKpis | null;
  /** Counted on the board itself (its blocks and yard panel), so a figure is what its filter shows. */
  counts: Record<Exception, number>;
  active: Exception | null;
  onToggle: (e: Exception) => void;
};

/**
 * The board's summary bar: "Late N · Overdue N · Waiting N", each a toggle
 * that filters the board to those trucks, counted from the board's own blocks
 * and yard with the board's rules (SPEC §8); then on dock and on time from
 * GET /api/kpis (the same function as the TV and the reports), read again
 * shortly after the board's cache takes in events, and every minute.
 */
export function BoardKpis({ boardKey, initial, counts, active, onToggle }: Props) {
  const queryClient = useQueryClient();
  const { data } = useQuery({
    queryKey: kpisQueryKey(boardKey),
    queryFn: ({ signal }) => apiFetch<DayKpis>(kpisUrl(boardKey), { signal }),
    initialData: initial && initial.date === boardKey.date ? initial : undefined,
    refetchInterval: REFRESH_EVERY_MS,
    placeholderData: (previous) => previous,
  });

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe = queryClient.getQueryCache().subscribe((e) => {
      // The socket merges events into the cached boards with setQueryData: a 'success' update of a board query.
      if (e.type !== 'updated' || e.action.type !== 'success' || e.query.queryKey[0] !== 'board') return;
      clearTimeout(timer);
      timer = setTimeout(() => void queryClient.invalidateQueries({ queryKey: ['kpis'] }), REFRESH_AFTER_EVENTS_MS);
    });
    return () => {
      clearTimeout(timer);
      unsubscribe();
    };
  }, [queryClient]);

  const onDock = data?.on_dock ?? null;
  return (
    <section aria-label="Key figures of the day" className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm" data-testid="board-kpis">
      <ul className="flex items-center gap-1" aria-label="Exceptions: choose one to show only those trucks">
        {EXCEPTIONS.map((f, i) => {
          const n = counts[f.key];
          const pressed = active === f.key;
          return (
            <li key={f.key} className="flex items-center gap-1">
              {i > 0 ? (
                <span aria-hidden className="text-slate-400">
                  ·
                </span>
              ) : null}
              <button
                type="button"
                aria-pressed={pressed}
                onClick={() => onToggle(f.key)}
                data-testid={`board-kpi-${f.key}`}
                title={pressed ? 'Show every block again' : `Show only the ${f.label.toLowerCase()} trucks`}
                className={`rounded-md border px-2 py-0.5 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-700 ${
                  pressed ? `${f.pressed} font-semibold` : 'border-transparent hover:border-slate-300 hover:bg-slate-50'
                }`}
              >
                <span className="text-slate-700">{f.label}</span> <span className={`font-semibold tabular-nums ${n ? f.tone : 'text-slate-600'}`}>{n}</span>
              </button>
            </li>
          );
        })}
      </ul>
      <div className="flex items-baseline gap-1.5" data-testid="board-kpi-on-dock">
        <span className="text-slate-600">On dock</span>
        <span className="font-semibold tabular-nums text-sky-700">{onDock ?? '–'}</span>
      </div>
      {data && data.on_time_arrival_pct !== null && (
        <div className="flex items-baseline gap-1.5" data-testid="board-kpi-on-time" title="Arrived within 15 minutes of the planned time, of those due">
          <span className="text-slate-600">On time</span>
          <span className="font-semibold tabular-nums text-slate-700">{data.on_time_arrival_pct} %</span>
        </div>
      )}
    </section>
  );
}
