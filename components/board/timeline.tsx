'use client';

import { useDroppable } from '@dnd-kit/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { forwardRef, memo, useEffect, useImperativeHandle, useMemo, useRef } from 'react';
import type { Assignment } from '@/lib/schemas/assignments';
import type { Ramp } from '@/lib/schemas/ramps';
import { useSite } from '@/components/providers';
import { formatClock } from '@/lib/zoned-time';
import { AssignmentBlock } from '@/components/board/assignment-block';

export const PX_PER_HOUR = 96;
export const ROW_HEIGHT = 52;
const LABEL_WIDTH = 168;
const HEADER_HEIGHT = 36;
const HOUR = 3_600_000;

export type TimelineHandle = {
  /** The instant under a viewport x coordinate. */
  timeAtClientX: (x: number) => number;
  scrollToTime: (t: number) => void;
  scrollToRamp: (rampId: number) => void;
};

type Props = {
  ramps: Ramp[];
  byRamp: Map<number, Assignment[]>;
  dayStart: number;
  dayEnd: number;
  now: number;
  timeZone: string;
  editable: boolean;
  highlighted: ReadonlySet<number>;
  matches: ReadonlySet<number> | null;
  onOpen: (a: Assignment) => void;
};

const RampRow = memo(function RampRow({
  ramp,
  items,
  dayStart,
  dayWidth,
  timeZone,
  now,
  editable,
  highlighted,
  matches,
  onOpen,
}: {
  ramp: Ramp;
  items: Assignment[];
  dayStart: number;
  dayWidth: number;
  timeZone: string;
  now: number;
  editable: boolean;
  highlighted: ReadonlySet<number>;
  matches: ReadonlySet<number> | null;
  onOpen: (a: Assignment) => void;
}) {
  const { setNodeRef, isOver } = useDroppable({ id: `r:${ramp.id}`, data: { ramp } });
  return (
    <div className="flex h-full border-b border-slate-200" data-testid={`ramp-row-${ramp.code}`}>
      <div className="sticky left-0 z-10 flex shrink-0 flex-col justify-center border-r border-slate-200 bg-white px-3" style={{ width: LABEL_WIDTH }}>
        <span className="text-sm font-semibold text-slate-900">{ramp.code}</span>
        <span className="truncate text-xs text-slate-500" title={ramp.description}>
          {ramp.kind === 'BOTH' ? 'IB/OB' : ramp.kind} · {ramp.description}
        </span>
      </div>
      <div ref={setNodeRef} className={`relative ${isOver ? 'bg-blue-50' : ''}`} style={{ width: dayWidth }}>
        {items.map((a) => {
          const left = ((Date.parse(a.eta_in) - dayStart) / HOUR) * PX_PER_HOUR;
          const width = ((Date.parse(a.eta_out) - Date.parse(a.eta_in)) / HOUR) * PX_PER_HOUR;
          return (
            <AssignmentBlock
              key={a.id}
              a={a}
              left={left}
              width={width}
              timeZone={timeZone}
              now={now}
              editable={editable}
              highlighted={highlighted.has(a.id)}
              dimmed={matches !== null && !matches.has(a.id)}
              onOpen={onOpen}
            />
          );
        })}
      </div>
    </div>
  );
});

/** Ramps as rows, the day as columns; only the rows in view are rendered. */
export const Timeline = forwardRef<TimelineHandle, Props>(function Timeline(
  { ramps, byRamp, dayStart, dayEnd, now, timeZone, editable, highlighted, matches, onOpen },
  ref,
) {
  const { locale } = useSite();
  const scrollRef = useRef<HTMLDivElement>(null);
  const dayWidth = ((dayEnd - dayStart) / HOUR) * PX_PER_HOUR;
  const virtualizer = useVirtualizer({ count: ramps.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 6 });
  const hours = useMemo(() => {
    const out: number[] = [];
    for (let t = dayStart; t < dayEnd; t += HOUR) out.push(t);
    return out;
  }, [dayStart, dayEnd]);

  useImperativeHandle(ref, () => ({
    timeAtClientX: (x: number) => {
      const el = scrollRef.current!;
      const left = el.getBoundingClientRect().left + LABEL_WIDTH - el.scrollLeft;
      return dayStart + ((x - left) / PX_PER_HOUR) * HOUR;
    },
    scrollToTime: (t: number) => {
      const el = scrollRef.current;
      if (el) el.scrollLeft = Math.max(0, ((t - dayStart) / HOUR) * PX_PER_HOUR - el.clientWidth / 3);
    },
    scrollToRamp: (rampId: number) => {
      const i = ramps.findIndex((r) => r.id === rampId);
      if (i >= 0) virtualizer.scrollToIndex(i, { align: 'center' });
    },
  }));

  // biome-ignore lint/correctness/useExhaustiveDependencies: open on the current time the first time a day is shown, not as time passes
  useEffect(() => {
    const el = scrollRef.current;
    if (el && now >= dayStart && now < dayEnd) el.scrollLeft = Math.max(0, ((now - dayStart) / HOUR) * PX_PER_HOUR - el.clientWidth / 3);
    else if (el) el.scrollLeft = 6 * PX_PER_HOUR;
  }, [dayStart]);

  const nowX = now >= dayStart && now < dayEnd ? ((now - dayStart) / HOUR) * PX_PER_HOUR : null;
  const totalHeight = virtualizer.getTotalSize();

  return (
    <div ref={scrollRef} className="relative min-h-0 flex-1 overflow-auto bg-white" data-testid="timeline">
      <div className="relative" style={{ width: LABEL_WIDTH + dayWidth, height: HEADER_HEIGHT + totalHeight }}>
        <div className="sticky top-0 z-20 flex border-b border-slate-300 bg-slate-50" style={{ height: HEADER_HEIGHT }}>
          <div
            className="sticky left-0 z-10 flex items-center border-r border-slate-200 bg-slate-50 px-3 text-xs font-semibold uppercase tracking-wide text-slate-500"
            style={{ width: LABEL_WIDTH }}
          >
            Ramp
          </div>
          <div className="relative" style={{ width: dayWidth }}>
            {hours.map((t) => (
              <div
                key={t}
                className="absolute top-0 flex h-full items-center border-l border-slate-200 pl-1.5 text-xs text-slate-600"
                style={{ left: ((t - dayStart) / HOUR) * PX_PER_HOUR }}
              >
                {formatClock(t, timeZone, locale)}
              </div>
            ))}
          </div>
        </div>
        {/* hour grid */}
        <div aria-hidden className="pointer-events-none absolute" style={{ left: LABEL_WIDTH, top: HEADER_HEIGHT, width: dayWidth, height: totalHeight }}>
          {hours.map((t) => (
            <div key={t} className="absolute top-0 h-full border-l border-slate-100" style={{ left: ((t - dayStart) / HOUR) * PX_PER_HOUR }} />
          ))}
        </div>
        {virtualizer.getVirtualItems().map((row) => {
          const ramp = ramps[row.index]!;
          return (
            <div key={ramp.id} className="absolute left-0 w-full" style={{ top: HEADER_HEIGHT + row.start, height: row.size }}>
              <RampRow
                ramp={ramp}
                items={byRamp.get(ramp.id) ?? EMPTY}
                dayStart={dayStart}
                dayWidth={dayWidth}
                timeZone={timeZone}
                now={now}
                editable={editable}
                highlighted={highlighted}
                matches={matches}
                onOpen={onOpen}
              />
            </div>
          );
        })}
        {nowX !== null ? (
          <div
            aria-hidden
            data-testid="now-line"
            className="pointer-events-none absolute z-10 w-0.5 bg-red-500"
            style={{ left: LABEL_WIDTH + nowX, top: HEADER_HEIGHT - 6, height: totalHeight + 6 }}
          >
            <span className="absolute -top-1 -left-1 h-2.5 w-2.5 rounded-full bg-red-500" />
          </div>
        ) : null}
        {ramps.length === 0 ? (
          <p className="absolute left-0 right-0 p-8 text-center text-sm text-slate-500" style={{ top: HEADER_HEIGHT }}>
            No active ramps for this view.
          </p>
        ) : null}
      </div>
    </div>
  );
});

const EMPTY: Assignment[] = [];
