'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { BoardKey } from '@/components/board/board-model';
import { apiFetch } from '@/lib/api-client';
import type { DayKpis } from '@/lib/schemas/kpis';

/** Events come in bursts; the figures are read once the burst is over. */
const REFRESH_AFTER_EVENTS_MS = 1_000;
/** Late and overdue move with the clock, without any event. */
const REFRESH_EVERY_MS = 60_000;

export const kpisQueryKey = (k: BoardKey) => ['kpis', k.date, k.direction] as const;
const kpisUrl = (k: BoardKey) => `/api/kpis?date=${k.date}${k.direction === 'all' ? '' : `&direction=${k.direction}`}`;

type Figure = { key: keyof DayKpis & string; label: string; tone: (n: number) => string };

const FIGURES: Figure[] = [
  { key: 'on_dock', label: 'On dock', tone: () => 'text-sky-700' },
  { key: 'waiting', label: 'Waiting', tone: () => 'text-cyan-700' },
  { key: 'late', label: 'Late', tone: (n) => (n ? 'text-amber-700' : 'text-slate-400') },
  { key: 'overdue', label: 'Overdue', tone: (n) => (n ? 'text-red-700' : 'text-slate-400') },
];

/**
 * The day's key figures in the board's header, from GET /api/kpis (the same
 * function as the TV and the reports): read again shortly after the board's
 * cache takes in events, and every minute.
 */
export function BoardKpis({ boardKey, initial }: { boardKey: BoardKey; initial?: DayKpis | null }) {
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

  return (
    <section aria-label="Key figures of the day" className="flex items-center gap-4 text-sm" data-testid="board-kpis">
      {FIGURES.map((f) => {
        const value = data ? (data[f.key] as number) : null;
        return (
          <div key={f.key} className="flex items-baseline gap-1.5" data-testid={`board-kpi-${f.key.replace('_', '-')}`}>
            <span className="text-slate-500">{f.label}</span>
            <span className={`font-semibold tabular-nums ${value === null ? 'text-slate-400' : f.tone(value)}`}>{value ?? '–'}</span>
          </div>
        );
      })}
      {data && data.on_time_arrival_pct !== null && (
        <div className="flex items-baseline gap-1.5" data-testid="board-kpi-on-time" title="Arrived within 15 minutes of the planned time, of those due">
          <span className="text-slate-500">On time</span>
          <span className="font-semibold tabular-nums text-slate-700">{data.on_time_arrival_pct} %</span>
        </div>
      )}
    </section>
  );
}
