import type { Figures } from '@/components/tv/tv-model';
import { u } from '@/components/tv/tv-units';

type Tile = { key: string; label: string; value: string; tone: string; hint?: string };

function onTimeTone(pct: number | null): string {
  if (pct === null) return 'text-slate-500';
  if (pct >= 90) return 'text-emerald-400';
  if (pct >= 75) return 'text-amber-300';
  return 'text-red-400';
}

/** The headline figures across the top of the board. */
export function TvFigures({ figures: f }: { figures: Figures }) {
  const tiles: Tile[] = [
    { key: 'on-dock', label: 'On dock now', value: String(f.onDock), tone: 'text-sky-300' },
    { key: 'waiting', label: 'Waiting', value: String(f.waiting), tone: 'text-cyan-300', hint: 'arrived' },
    { key: 'completed', label: 'Completed today', value: String(f.completedToday), tone: 'text-emerald-300' },
    { key: 'on-time', label: 'On time', value: f.onTimePct === null ? '—' : `${f.onTimePct}%`, tone: onTimeTone(f.onTimePct), hint: 'today' },
    { key: 'late', label: 'Late', value: String(f.late), tone: f.late ? 'text-amber-300' : 'text-slate-500' },
    { key: 'overdue', label: 'Overdue', value: String(f.overdue), tone: f.overdue ? 'text-red-400' : 'text-slate-500' },
  ];
  return (
    <div className="grid grid-cols-6" style={{ gap: u(1) }}>
      {tiles.map((t) => (
        <div
          key={t.key}
          data-testid={`tv-figure-${t.key}`}
          className={`flex flex-col justify-between rounded-[0.6em] border bg-slate-900/70 ${
            t.key === 'overdue' && f.overdue
              ? 'border-red-500/50 bg-red-950/40'
              : t.key === 'late' && f.late
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
