'use client';

import { useContext, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { TvBoard } from '@/lib/schemas/board';
import { TvClock } from '@/components/tv/tv-clock';
import { TvDoorCalls } from '@/components/tv/tv-door-calls';
import { TvFeed, type Connection } from '@/components/tv/tv-feed';
import { TvFigures } from '@/components/tv/tv-figures';
import { activeCalls } from '@/components/tv/tv-calls';
import { rampRows } from '@/components/tv/tv-model';
import {
  MIN_ROW_UNITS,
  type PagePlan,
  pageMsOf,
  planPages,
  ROW_GAP_UNITS,
  ROW_UNIT_MAX_PX,
  rowHeightOf,
  rowsPerPage,
  rowsShownOf,
  rowUnitOf,
} from '@/components/tv/tv-paging';
import { ROW_COLUMNS, TvRampRow } from '@/components/tv/tv-ramp-row';
import { TvConnecting, TvRevoked, TvShell } from '@/components/tv/tv-screens';
import { u } from '@/components/tv/tv-units';
import { TvLocale } from '@/components/tv/tv-locale';
import { formatClock } from '@/lib/zoned-time';

/** Figures and "in 25 min" texts move on this often; the clock ticks by itself. */
const NOW_TICK_MS = 15_000;
/** The ramp list's own unit: capped, so a 4K screen fits more rows rather than larger ones (tv-paging.ts). */
const ROW_UNIT_VAR = { ['--u' as string]: `min(1vw, 1.7778vh, ${ROW_UNIT_MAX_PX}px)` };
/** After this long without a connection the screen says its data may be old. */
const OFFLINE_NOTICE_MS = 60_000;

const SCOPE_LABEL = { IB: 'Inbound', OB: 'Outbound' } as const;

/** The wall TV: the board handed over by the server, kept live over Socket.IO. */
export function TvLive({ token, initial }: { token: string; initial: TvBoard | null }) {
  const [feed] = useState(() => new TvFeed(token, initial));
  const locale = useContext(TvLocale);
  useEffect(() => {
    feed.start();
    return () => feed.stop();
  }, [feed]);
  const snap = useSyncExternalStore(feed.subscribe, feed.getSnapshot, feed.getSnapshot);

  const initialNow = initial ? Date.parse(initial.now) : 0;
  const [now, setNow] = useState(initialNow);
  useEffect(() => {
    const tick = () => setNow(Date.now() + snap.clockOffset);
    tick();
    const timer = setInterval(tick, NOW_TICK_MS);
    return () => clearInterval(timer);
  }, [snap.clockOffset]);

  const rows = useMemo(() => rampRows(snap.ramps, snap.assignments, now), [snap.ramps, snap.assignments, now]);
  const calledRamps = useMemo(() => new Set(activeCalls(snap.assignments, now).map((c) => c.ramp)), [snap.assignments, now]);
  const pageMs = pageMsOf(snap.paging?.page_seconds);
  const paging = usePaging(snap.phase === 'ready', pageMs, (perPage) =>
    planPages(rows, { perPage, hideFree: snap.paging?.hide_free_ramps === true, calledRamps }),
  );

  if (snap.phase === 'revoked') {
    return (
      <TvShell>
        <TvRevoked />
      </TvShell>
    );
  }
  if (snap.phase === 'loading' || !snap.display) {
    return (
      <TvShell>
        <TvConnecting />
        <div className="fixed" style={{ right: u(1.2), bottom: u(0.9) }}>
          <ConnectionBadge connection={snap.connection} />
        </div>
      </TvShell>
    );
  }

  const offline = snap.connection !== 'live' && snap.offlineSince !== null && now - snap.clockOffset - snap.offlineSince > OFFLINE_NOTICE_MS;
  const direction = snap.display.direction;

  return (
    <TvShell>
      <div className="flex min-h-0 flex-1 flex-col" style={{ padding: `${u(1.3)} ${u(2)} ${u(0.7)}`, gap: u(0.9) }}>
        <header className="flex items-end justify-between" style={{ gap: u(2) }}>
          <div className="flex min-w-0 flex-col" style={{ gap: u(0.5) }}>
            <div className="flex items-center font-semibold tracking-[0.28em] text-sky-400/90 uppercase" style={{ fontSize: u(1.05), gap: u(0.7) }}>
              <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={2.2} style={{ width: u(1.5), height: u(1.5) }} aria-hidden>
                <path d="M3 21V8l9-5 9 5v13" strokeLinejoin="round" />
                <path d="M7 21v-8h10v8M7 17h10" />
              </svg>
              DCDock · Dock board
            </div>
            <div className="flex min-w-0 items-center" style={{ gap: u(1.2) }}>
              <h1 className="truncate font-bold tracking-tight text-white" style={{ fontSize: u(3.2), lineHeight: 1 }}>
                {snap.display.name}
              </h1>
              <span
                className={`shrink-0 rounded-full font-semibold tracking-wide ${direction === 'IB' ? 'bg-violet-500/15 text-violet-300' : direction === 'OB' ? 'bg-teal-500/15 text-teal-300' : 'bg-slate-700/40 text-slate-300'}`}
                style={{ fontSize: u(1.25), padding: `${u(0.3)} ${u(1)}` }}
              >
                {direction ? SCOPE_LABEL[direction] : 'All directions'}
              </span>
            </div>
          </div>
          <TvClock timeZone={snap.timeZone} offset={snap.clockOffset} initial={initialNow} />
        </header>

        <TvFigures token={token} changes={snap.assignments} />

        <TvDoorCalls assignments={snap.assignments} clockOffset={snap.clockOffset} />

        {offline && (
          <div
            className="rounded-[0.5em] border border-amber-500/40 bg-amber-500/10 text-amber-200"
            style={{ fontSize: u(1.3), padding: `${u(0.5)} ${u(1.2)}` }}
          >
            Connection lost at {formatClock(snap.offlineSince! + snap.clockOffset, snap.timeZone, locale)} — showing the last known state, reconnecting…
          </div>
        )}

        <div className="flex min-h-0 flex-1 flex-col" style={{ ...ROW_UNIT_VAR, gap: u(0.9) }}>
          <div
            className="grid font-semibold tracking-[0.16em] text-slate-500 uppercase"
            style={{ gridTemplateColumns: ROW_COLUMNS, columnGap: u(1.6), fontSize: u(1.05), padding: `0 ${u(1.4)} 0 ${u(1.6)}` }}
          >
            <span>Ramp</span>
            <span>At the door</span>
            <span>Next</span>
            <span className="text-right">Later</span>
          </div>

          <div ref={paging.ref} className="flex min-h-0 flex-1 flex-col overflow-hidden" style={{ gap: u(ROW_GAP_UNITS) }}>
            {/* Every ramp shown stays in the document (off-page ones hidden), so flipping pages remounts nothing; pinned ones are on every page. */}
            {paging.plan.rows.map(({ row, page }) => (
              <TvRampRow
                key={row.ramp.id}
                row={row}
                now={now}
                timeZone={snap.timeZone}
                height={paging.rowHeight}
                pinned={page === null}
                hidden={page !== null && page !== paging.page}
              />
            ))}
            {paging.plan.rows.length === 0 && (
              <div className="flex flex-1 items-center justify-center text-slate-500" style={{ fontSize: u(2) }}>
                {rows.length === 0 ? 'No active ramps for this display' : 'Every ramp is free'}
              </div>
            )}
          </div>
        </div>

        <footer className="flex items-center justify-between text-slate-500" style={{ fontSize: u(1.05), minHeight: u(2), gap: u(2) }}>
          <div className="flex items-center" style={{ gap: u(1.6) }}>
            <span className="flex items-center" style={{ gap: u(0.5) }}>
              <span className="rounded-[0.2em] bg-amber-400" style={{ width: u(0.9), height: u(0.9) }} aria-hidden />
              Late: not arrived 15 min after ETA in
            </span>
            <span className="flex items-center" style={{ gap: u(0.5) }}>
              <span className="rounded-[0.2em] bg-red-500" style={{ width: u(0.9), height: u(0.9) }} aria-hidden />
              Overdue: still open past ETA out
            </span>
          </div>
          <div className="flex items-center" style={{ gap: u(2) }}>
            {paging.pages > 1 && <PageIndicator page={paging.page} pages={paging.pages} pageMs={pageMs} pinned={paging.plan.pinned} />}
            <ConnectionBadge connection={snap.connection} />
          </div>
        </footer>
      </div>
    </TvShell>
  );
}

function PageIndicator({ page, pages, pageMs, pinned }: { page: number; pages: number; pageMs: number; pinned: number }) {
  return (
    <div data-testid="tv-page" className="flex items-center font-semibold tabular-nums text-slate-300" style={{ gap: u(0.9), fontSize: u(1.2) }}>
      {pinned > 0 && (
        <span className="font-medium text-amber-300">
          {pinned} {pinned === 1 ? 'ramp needs' : 'ramps need'} attention: on every page
        </span>
      )}
      <span>
        page {page + 1}/{pages}
      </span>
      <span className="flex items-center" style={{ gap: u(0.45) }} aria-hidden>
        {Array.from({ length: pages }, (_, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a dot stands for a page number, nothing else identifies it
          <span key={i} className="relative overflow-hidden rounded-full bg-slate-700" style={{ width: i === page ? u(3) : u(0.7), height: u(0.7) }}>
            {i === page && (
              // Restarts with every page: fills over the link's page time.
              <span
                key={page}
                className="absolute inset-0 origin-left rounded-full bg-sky-400"
                style={{ animation: `tv-page-fill ${pageMs}ms linear forwards` }}
              />
            )}
          </span>
        ))}
      </span>
    </div>
  );
}

function ConnectionBadge({ connection }: { connection: Connection }) {
  const live = connection === 'live';
  return (
    <div
      className={`flex items-center rounded-full border font-semibold tracking-wide ${live ? 'border-emerald-500/30 bg-emerald-500/10 text-emerald-300' : 'border-amber-500/40 bg-amber-500/10 text-amber-300'}`}
      style={{ fontSize: u(1), padding: `${u(0.25)} ${u(0.9)}`, gap: u(0.5) }}
      role="status"
    >
      <span className={`rounded-full ${live ? 'bg-emerald-400' : 'animate-pulse bg-amber-400'}`} style={{ width: u(0.65), height: u(0.65) }} aria-hidden />
      <span data-testid="tv-connection">{live ? 'live' : 'reconnecting'}</span>
    </div>
  );
}

/**
 * How many ramp rows fit the list's height (tv-paging.ts), which page shows, and
 * how tall a row is; `plan` lays the rows out for a page size.
 */
function usePaging(ready: boolean, pageMs: number, plan: (perPage: number) => PagePlan) {
  const ref = useRef<HTMLDivElement>(null);
  const [box, setBox] = useState<{ height: number; unit: number } | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the list mounts once the board is there, so measure again then
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => {
      const unit = rowUnitOf(window.innerWidth, window.innerHeight);
      setBox((b) => (b && b.height === el.clientHeight && b.unit === unit ? b : { height: el.clientHeight, unit }));
    };
    measure();
    const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(measure);
    observer?.observe(el);
    window.addEventListener('resize', measure);
    return () => {
      observer?.disconnect();
      window.removeEventListener('resize', measure);
    };
  }, [ready]);

  const measured = box !== null && box.height > 0;
  // Before the first measurement every row is on one page, at the smallest height.
  const perPage = measured ? rowsPerPage(box.height, box.unit) : Number.MAX_SAFE_INTEGER;
  const layout = plan(perPage);
  const rowHeight = measured ? `${rowHeightOf(box.height, box.unit, rowsShownOf(layout, perPage))}px` : u(MIN_ROW_UNITS + 0.3);
  const pages = layout.pages;

  const [page, setPage] = useState(0);
  useEffect(() => {
    if (pages <= 1) return;
    const timer = setInterval(() => setPage((p) => (p + 1) % pages), pageMs);
    return () => clearInterval(timer);
  }, [pages, pageMs]);

  return { ref, plan: layout, pages, page: Math.min(page, pages - 1), rowHeight };
}
