import { memo, useContext } from 'react';
import { arrivalDelayMinutes, LATE_TOLERANCE_MS } from '@/lib/board-rules';
import { closedAt } from '@/lib/ramp-hours';
import { isRequested, REQUESTED_HATCH_DARK, requestedLabel } from '@/lib/requested-style';
import { statusTone } from '@/lib/status-colors';
import { formatSpan, isOnSite, type RampRow, type Slot } from '@/components/tv/tv-model';
import { TvLocale } from '@/components/tv/tv-locale';
import { formatWhen, u } from '@/components/tv/tv-units';

/** Ramp · now at the door · next · later: shared by the header and every row. */
export const ROW_COLUMNS = '12fr 47fr 35fr 6fr';

const KIND_LABEL = { IB: 'Inbound', OB: 'Outbound', BOTH: 'In & out' } as const;

/** A status in its colour and words; a requested booking's (SPEC §9) is hatched and always says "Requested". */
function StatusPill({ status, size }: { status: { code: string; label: string; color: string }; size: number }) {
  const tone = statusTone(status.color);
  const requested = isRequested({ status });
  return (
    <span
      data-requested={requested || undefined}
      className="inline-flex shrink-0 items-center rounded-full leading-[1.2] font-semibold whitespace-nowrap"
      style={{
        color: tone.fg,
        backgroundColor: tone.bg,
        backgroundImage: requested ? REQUESTED_HATCH_DARK : undefined,
        boxShadow: `inset 0 0 0 ${u(0.1)} ${tone.ring}`,
        fontSize: u(size),
        padding: `${u(size * 0.28)} ${u(size * 0.75)}`,
        gap: u(size * 0.45),
      }}
    >
      <span className="rounded-full" style={{ background: tone.ring, width: u(size * 0.5), height: u(size * 0.5) }} aria-hidden />
      {requested ? requestedLabel(status.label) : status.label}
    </span>
  );
}

function Flag({ kind, text }: { kind: 'late' | 'overdue'; text: string }) {
  const cls = kind === 'overdue' ? 'bg-red-500 text-white shadow-[0_0_1.2em_rgba(239,68,68,0.55)]' : 'bg-amber-400 text-amber-950';
  return (
    <span
      className={`inline-flex items-center rounded-[0.35em] leading-[1.2] font-extrabold tracking-wide whitespace-nowrap uppercase ${cls}`}
      style={{ fontSize: u(1.1), padding: `${u(0.1)} ${u(0.5)}` }}
    >
      {text}
    </span>
  );
}

const Direction = ({ d }: { d: 'IB' | 'OB' }) => (
  <span
    className={`shrink-0 rounded-[0.3em] font-bold tracking-wider ${d === 'IB' ? 'bg-violet-500/15 text-violet-300' : 'bg-teal-500/15 text-teal-300'}`}
    style={{ fontSize: u(0.95), padding: `${u(0.1)} ${u(0.4)}` }}
  >
    {d === 'IB' ? 'IN' : 'OUT'}
  </span>
);

/** The actual arrival beside the plan ("arr 08:12"), amber when it came past the 15 minutes' tolerance; nothing before it came. */
function Arrival({ a, now, timeZone }: { a: Slot['assignment']; now: number; timeZone: string }) {
  const locale = useContext(TvLocale);
  if (!a.arrived_at) return null;
  const delay = arrivalDelayMinutes(a);
  const late = delay !== null && delay > LATE_TOLERANCE_MS / 60_000;
  return (
    <span data-testid="tv-arrived" className={`whitespace-nowrap ${late ? 'font-semibold text-amber-300' : 'text-slate-200'}`}>
      arr {formatWhen(a.arrived_at, now, timeZone, locale)}
      {late ? ` (+${formatSpan(delay * 60_000)})` : ''}
    </span>
  );
}

function CurrentCell({ slot, next, now, timeZone }: { slot: Slot | null; next: Slot | null; now: number; timeZone: string }) {
  const locale = useContext(TvLocale);
  if (!slot) {
    return (
      <div className="flex min-w-0 flex-col justify-center" style={{ gap: u(0.2) }}>
        <div className="flex items-center font-semibold text-emerald-400/90 leading-[1.1]" style={{ fontSize: u(1.9), gap: u(0.6) }}>
          <span className="rounded-full bg-emerald-400/80" style={{ width: u(0.8), height: u(0.8) }} aria-hidden />
          Free
        </div>
        <div className="truncate text-slate-500" style={{ fontSize: u(1.2) }}>
          {next ? `until ${formatWhen(next.assignment.eta_in, now, timeZone, locale)}` : 'nothing planned'}
        </div>
      </div>
    );
  }
  const a = slot.assignment;
  const etaOut = Date.parse(a.eta_out);
  const etaIn = Date.parse(a.eta_in);
  return (
    <div className="flex min-w-0 flex-col justify-center" style={{ gap: u(0.2) }}>
      <div className="flex min-w-0 items-center" style={{ gap: u(0.8) }}>
        <span className="truncate font-bold tracking-tight text-white leading-[1.1]" style={{ fontSize: u(1.9) }}>
          {a.load.reference}
        </span>
        <Direction d={a.load.direction} />
        <StatusPill status={a.status} size={1.1} />
      </div>
      <div className="flex min-w-0 items-center tabular-nums text-slate-300 leading-[1.15]" style={{ fontSize: u(1.2), gap: u(0.8) }}>
        <span className="whitespace-nowrap">
          {formatWhen(a.eta_in, now, timeZone, locale)} – {formatWhen(a.eta_out, now, timeZone, locale)}
        </span>
        <Arrival a={a} now={now} timeZone={timeZone} />
        {slot.overdue ? (
          <Flag kind="overdue" text={`Overdue ${formatSpan(now - etaOut)}`} />
        ) : slot.late ? (
          <Flag kind="late" text={`Late ${formatSpan(now - etaIn)}`} />
        ) : (
          <span className="truncate text-slate-500">
            {etaIn > now ? `in ${formatSpan(etaIn - now)}` : isOnSite(a) ? `out in ${formatSpan(etaOut - now)}` : 'awaiting truck'}
          </span>
        )}
      </div>
    </div>
  );
}

function NextCell({ slot, now, timeZone }: { slot: Slot | null; now: number; timeZone: string }) {
  const locale = useContext(TvLocale);
  if (!slot)
    return (
      <div className="text-slate-600" style={{ fontSize: u(1.5) }}>
        —
      </div>
    );
  const a = slot.assignment;
  const etaIn = Date.parse(a.eta_in);
  return (
    <div className="flex min-w-0 flex-col justify-center" style={{ gap: u(0.2) }}>
      <div className="flex min-w-0 items-center" style={{ gap: u(0.7) }}>
        <span className="truncate font-semibold text-slate-100 leading-[1.1]" style={{ fontSize: u(1.7) }}>
          {a.load.reference}
        </span>
        <Direction d={a.load.direction} />
        {a.status.code !== 'PLANNED' && <StatusPill status={a.status} size={1} />}
      </div>
      <div className="flex min-w-0 items-center tabular-nums text-slate-400 leading-[1.15]" style={{ fontSize: u(1.2), gap: u(0.8) }}>
        <span className="whitespace-nowrap">
          ETA <span className="font-semibold text-slate-200">{formatWhen(a.eta_in, now, timeZone, locale)}</span>
        </span>
        {slot.overdue ? (
          <Flag kind="overdue" text="Overdue" />
        ) : slot.late ? (
          <Flag kind="late" text={`Late ${formatSpan(now - etaIn)}`} />
        ) : (
          <span className="truncate text-slate-500">{etaIn > now ? `in ${formatSpan(etaIn - now)}` : 'due now'}</span>
        )}
      </div>
    </div>
  );
}

function accentOf(row: RampRow): { bar: string; tint: string; state: string } {
  const c = row.current;
  if (c?.overdue) return { bar: '#ef4444', tint: 'linear-gradient(90deg, rgba(239,68,68,0.16), rgba(239,68,68,0.03) 60%)', state: 'overdue' };
  if (c?.late || row.next?.late) return { bar: '#f59e0b', tint: 'linear-gradient(90deg, rgba(245,158,11,0.13), rgba(245,158,11,0.02) 60%)', state: 'late' };
  if (c) return { bar: statusTone(c.assignment.status.color).ring, tint: 'none', state: 'busy' };
  return { bar: '#334155', tint: 'none', state: 'free' };
}

export const TvRampRow = memo(function TvRampRow({
  row,
  now,
  timeZone,
  height,
  pinned = false,
  hidden,
}: {
  row: RampRow;
  now: number;
  timeZone: string;
  height: string;
  /** Needs attention: shown on every page. */
  pinned?: boolean;
  hidden: boolean;
}) {
  const accent = accentOf(row);
  // SPEC §9: a ramp closed now (outside its hours or in a closure) is dimmed and says so.
  const closed = closedAt(row.ramp.rules, now);
  return (
    <div
      data-testid={`tv-ramp-${row.ramp.code}`}
      data-state={accent.state}
      data-pinned={pinned || undefined}
      data-closed={closed ? true : undefined}
      hidden={hidden}
      className="relative grid shrink-0 items-center overflow-hidden rounded-[0.5em] border border-slate-800/80 bg-slate-900/60"
      style={{
        height,
        gridTemplateColumns: ROW_COLUMNS,
        gridTemplateRows: 'minmax(0, 1fr)',
        backgroundImage: accent.tint,
        opacity: closed && !row.current ? 0.6 : undefined,
        fontSize: u(1),
        columnGap: u(1.6),
        paddingRight: u(1.4),
      }}
    >
      <div className="absolute inset-y-0 left-0" style={{ width: u(0.45), background: accent.bar }} aria-hidden />
      <div className="flex min-w-0 flex-col justify-center" style={{ paddingLeft: u(1.6) }}>
        <span className="font-black tracking-tight text-white tabular-nums leading-none" style={{ fontSize: u(2.3) }}>
          {row.ramp.code}
        </span>
        <span className="truncate font-medium tracking-wider text-slate-500 uppercase leading-none" style={{ fontSize: u(0.9), marginTop: u(0.4) }}>
          {KIND_LABEL[row.ramp.kind]}
        </span>
        {closed ? (
          <span
            className="truncate font-bold tracking-wider text-amber-300 uppercase leading-none"
            style={{ fontSize: u(0.9), marginTop: u(0.3) }}
            title={closed.title}
          >
            {closed.title}
          </span>
        ) : null}
      </div>
      <CurrentCell slot={row.current} next={row.next} now={now} timeZone={timeZone} />
      <NextCell slot={row.next} now={now} timeZone={timeZone} />
      <div className="text-right font-semibold text-slate-500 tabular-nums" style={{ fontSize: u(1.4) }}>
        {row.later > 0 ? `+${row.later}` : ''}
      </div>
    </div>
  );
});
