'use client';

import { useEffect, useRef, useState } from 'react';
import { u } from '@/components/tv/tv-units';
import type { DayKpis } from '@/lib/schemas/kpis';

type Tile = { key: string; label: string; value: string; tone: string; hint?: string };

/** Events come in bursts; the figures are read once the burst is over. */
const REFRESH_AFTER_CHANGE_MS = 1_500;
/** Late and overdue move with the clock, without any event. */
const REFRESH_EVERY_MS = 60_000;

function onTimeTone(pct: number | null): string {
  if (pct === null) return 'text-slate-500';
  if (pct >= 90) return 'text-emerald-400';
  if (pct >= 75) return 'text-amber-300';
  return 'text-red-400';
}

/**
 * Today's figures of this display's direction from GET /api/tv/:token/kpis (the
 * function behind the board header and the reports), read again shortly after
 * the screen's data changes and every minute; the last figures stay up while
 * the server is out of reach.
 */
function useTvKpis(token: string, changes: unknown): DayKpis | null {
  const [kpis, setKpis] = useState<DayKpis | null>(null);
  const loaded = useRef(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `changes` is only the signal to read again
  useEffect(() => {
    const abort = new AbortController();
    const read = () =>
      fetch(`/api/tv/${encodeURIComponent(token)}/kpis`, { signal: abort.signal, cache: 'no-store' })
        .then((res) => (res.ok ? (res.json() as Promise<DayKpis>) : null))
        .then((k) => {
          if (!k) return;
          loaded.current = true;
          setKpis(k);
        })
        .catch(() => {});
    const soon = setTimeout(read, loaded.current ? REFRESH_AFTER_CHANGE_MS : 0);
    const every = setInterval(read, REFRESH_EVERY_MS);
    return () => {
      abort.abort();
      clearTimeout(soon);
      clearInterval(every);
    };
  }, [token, changes]);
  return kpis;
}

/** The headline figures across the top of the board. */
export function TvFigures({ token, changes }: { token: string; changes: unknown }) {
  const f = useTvKpis(token, changes);
  const n = (v: number | undefined) => (v === undefined ? '—' : String(v));
  const late = f?.late ?? 0;
  const overdue = f?.overdue ?? 0;
  const onTime = f?.on_time_arrival_pct ?? null;
  const tiles: Tile[] = [
    { key: 'on-dock', label: 'On dock now', value: n(f?.on_dock), tone: 'text-sky-300' },
    { key: 'waiting', label: 'Waiting', value: n(f?.waiting), tone: 'text-cyan-300', hint: 'arrived' },
    { key: 'completed', label: 'Completed today', value: n(f?.completed), tone: 'text-emerald-300' },
    { key: 'on-time', label: 'On time', value: onTime === null ? '—' : `${Math.round(onTime)}%`, tone: onTimeTone(onTime), hint: 'arrivals' },
    { key: 'late', label: 'Late', value: n(f?.late), tone: late ? 'text-amber-300' : 'text-slate-500' },
    { key: 'overdue', label: 'Overdue', value: n(f?.overdue), tone: overdue ? 'text-red-400' : 'text-slate-500' },
  ];
  return (
    <div className="grid grid-cols-6" style={{ gap: u(1) }}>
      {tiles.map((t) => (
        <div
          key={t.key}
          data-testid={`tv-figure-${t.key}`}
          className={`flex flex-col justify-between rounded-[0.6em] border bg-slate-900/70 ${
            t.key === 'overdue' && overdue
              ? 'border-red-500/50 bg-red-950/40'
              : t.key === 'late' && late
                ? 'border-amber-500/40 bg-amber-950/30'
                : 'border-slate-800'
          }`}
          style={{ padding: `${u(0.65)} ${u(1.2)}`, fontSize: u(1) }}
        >
          <div className="flex items-baseline justify-between font-medium tracking-[0.12em] text-slate-400 uppercase" style={{ fontSize: u(1) }}>
            <span>{t.label}</span>
            {t.hint && <span className="tracking-normal text-slate-600 normal-case">{t.hint}</span>}
          </div>
          <div className={`font-bold tabular-nums leading-none ${t.tone}`} style={{ fontSize: u(3.3), marginTop: u(0.35) }}>
            {t.value}
          </div>
        </div>
      ))}
    </div>
  );
}
