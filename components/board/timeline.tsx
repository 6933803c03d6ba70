'use client';

import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';
import { forwardRef, memo, useCallback, useEffect, useImperativeHandle, useMemo, useRef, type KeyboardEvent } from 'react';
import type { Assignment } from '@/lib/schemas/assignments';
import type { Ramp } from '@/lib/schemas/ramps';
import { useSite } from '@/components/providers';
import { formatClock } from '@/lib/zoned-time';
import { AssignmentBlock, type BlockMove } from '@/components/board/assignment-block';
import type { DropTarget } from '@/components/board/drag-rules';
import { DropMark, RampLabel } from '@/components/board/drag-marks';
import { ClosedBands } from '@/components/board/closed-bands';

export const PX_PER_HOUR = 96;
export const ROW_HEIGHT = 52;
export const LABEL_WIDTH = 168;
export const HEADER_HEIGHT = 36;
const HOUR = 3_600_000;

export type TimelineHandle = {
  /** The instant under a viewport x coordinate. */
  timeAtClientX: (x: number) => number;
  scrollToTime: (t: number) => void;
  scrollToRamp: (rampId: number) => void;
  /** The shown ramp (and its row index) and the instant under a viewport point; null outside the rows' day area. */
  targetAt: (x: number, y: number) => { ramp: Ramp; index: number; time: number } | null;
  /** Scrolls as little as needed to show row `index` and the instants [from, to]. */
  reveal: (index: number, from: number, to: number) => void;
  element: () => HTMLDivElement | null;
};

/** What a drag or a keyboard move shows on the rows: the landing slot, the ramps that refuse it, the block on its way. */
export type MoveView = {
  target: DropTarget | null;
  /** Ramps that refuse the dragged load whatever the time (its direction), with the reason. */
  refusals: ReadonlyMap<number, string> | null;
  moving: (BlockMove & { id: number; rampId: number }) | null;
};
export type BlockKeys = { onKeyDown: (a: Assignment, e: KeyboardEvent<HTMLButtonElement>) => void; onBlur: (a: Assignment) => void; describedBy: string };

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
  view: MoveView;
  keys: BlockKeys;
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
  target,
  refusal,
  moving,
  keys,
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
  target: DropTarget | null;
  refusal: string | null;
  moving: MoveView['moving'];
  keys: BlockKeys;
}) {
  const reason = target ? target.reason : refusal;
  const drop = reason ? 'refused' : target ? 'ok' : undefined;
  return (
    <div className="flex h-full border-b border-slate-200" data-testid={`ramp-row-${ramp.code}`} data-drop={drop}>
      <RampLabel ramp={ramp} reason={reason} width={LABEL_WIDTH} />
      <div className={`relative ${drop === 'refused' ? 'bg-red-50' : drop === 'ok' ? 'bg-blue-50' : ''}`} style={{ width: dayWidth }}>
        <ClosedBands rules={ramp.rules} dayStart={dayStart} dayEnd={dayStart + (dayWidth / PX_PER_HOUR) * HOUR} pxPerMs={PX_PER_HOUR / HOUR} />
        {target ? (
          <DropMark
            target={target}
            left={((target.start - dayStart) / HOUR) * PX_PER_HOUR}
            width={((target.end - target.start) / HOUR) * PX_PER_HOUR}
            timeZone={timeZone}
          />
        ) : null}
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
              moving={moving?.id === a.id ? moving : null}
              keys={keys}
            />
          );
        })}
      </div>
    </div>
  );
});

/** Ramps as rows, the day as columns; only the rows in view are rendered. */
export const Timeline = forwardRef<TimelineHandle, Props>(function Timeline(
  { ramps, byRamp, dayStart, dayEnd, now, timeZone, editable, highlighted, matches, onOpen, view, keys },
  ref,
) {
  const { locale } = useSite();
  const scrollRef = useRef<HTMLDivElement>(null);
  const dayWidth = ((dayEnd - dayStart) / HOUR) * PX_PER_HOUR;
  // A block being moved with the keyboard keeps its row rendered (and its focus) however far the board scrolls.
  const pinned = view.moving ? ramps.findIndex((r) => r.id === view.moving?.rampId) : -1;
  const rangeExtractor = useCallback(
    (range: Range) => {
      const rows = defaultRangeExtractor(range);
      return pinned < 0 || rows.includes(pinned) ? rows : [...rows, pinned].sort((x, y) => x - y);
    },
    [pinned],
  );
  const virtualizer = useVirtualizer({
    count: ramps.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 6,
    rangeExtractor,
  });
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
    targetAt: (x: number, y: number) => {
      const el = scrollRef.current;
      if (!el) return null;
      const box = el.getBoundingClientRect();
      const left = box.left + el.clientLeft;
      const top = box.top + el.clientTop;
      // The rows' day area inside the viewport: right of the sticky ramp column, below the sticky header, not on a scrollbar.
      if (x < left + LABEL_WIDTH || x >= left + el.clientWidth || y < top + HEADER_HEIGHT || y >= top + el.clientHeight) return null;
      const index = Math.floor((y - top + el.scrollTop - HEADER_HEIGHT) / ROW_HEIGHT);
      const ramp = ramps[index];
      if (!ramp) return null;
      return { ramp, index, time: dayStart + ((x - left + el.scrollLeft - LABEL_WIDTH) / PX_PER_HOUR) * HOUR };
    },
    reveal: (index: number, from: number, to: number) => {
      const el = scrollRef.current;
      if (!el) return;
      const rowTop = HEADER_HEIGHT + index * ROW_HEIGHT;
      if (rowTop - HEADER_HEIGHT < el.scrollTop) el.scrollTop = rowTop - HEADER_HEIGHT;
      else if (rowTop + ROW_HEIGHT > el.scrollTop + el.clientHeight) el.scrollTop = rowTop + ROW_HEIGHT - el.clientHeight;
      const x0 = LABEL_WIDTH + ((from - dayStart) / HOUR) * PX_PER_HOUR;
      const x1 = LABEL_WIDTH + ((to - dayStart) / HOUR) * PX_PER_HOUR;
      const margin = 24;
      if (x0 - LABEL_WIDTH - margin < el.scrollLeft) el.scrollLeft = Math.max(0, x0 - LABEL_WIDTH - margin);
      else if (x1 + margin > el.scrollLeft + el.clientWidth) el.scrollLeft = Math.min(x0 - LABEL_WIDTH - margin, x1 + margin - el.clientWidth);
    },
    element: () => scrollRef.current,
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
                target={view.target?.rampId === ramp.id ? view.target : null}
                refusal={view.refusals?.get(ramp.id) ?? null}
                moving={view.moving?.rampId === ramp.id ? view.moving : null}
                keys={keys}
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
