'use client';

import { memo } from 'react';
import type { Ramp } from '@/lib/schemas/ramps';
import { useSite } from '@/components/providers';
import { formatClock } from '@/lib/zoned-time';
import type { DropTarget } from '@/components/board/drag-rules';

/** A ramp row's sticky label; while something is dragged or moved, a ramp that refuses it says why instead of its description. */
export const RampLabel = memo(function RampLabel({ ramp, reason, width }: { ramp: Ramp; reason: string | null; width: number }) {
  return (
    <div
      className={`sticky left-0 z-10 flex shrink-0 flex-col justify-center border-r border-slate-200 px-3 ${reason ? 'bg-red-50' : 'bg-white'}`}
      style={{ width }}
    >
      <span className="text-sm font-semibold text-slate-900">{ramp.code}</span>
      {reason ? (
        <span data-testid="drop-reason" className="line-clamp-2 text-[11px] font-medium leading-tight text-red-800" title={reason}>
          {reason}
        </span>
      ) : (
        <span className="truncate text-xs text-slate-500" title={ramp.description}>
          {ramp.kind === 'BOTH' ? 'IB/OB' : ramp.kind} · {ramp.description}
        </span>
      )}
    </div>
  );
});

/** Where the dragged or moved thing would land on this row: its window, or the reason it cannot. */
export function DropMark({ target, left, width, timeZone }: { target: DropTarget; left: number; width: number; timeZone: string }) {
  const { locale } = useSite();
  const times = `${formatClock(new Date(target.start), timeZone, locale)}–${formatClock(new Date(target.end), timeZone, locale)}`;
  return (
    <div
      aria-hidden
      data-testid="drop-preview"
      data-refused={target.reason ? 'true' : undefined}
      className={`pointer-events-none absolute top-1 bottom-1 z-[5] flex items-center overflow-hidden rounded-md border-2 border-dashed px-1.5 text-[11px] font-semibold leading-tight whitespace-nowrap ${
        target.reason ? 'border-red-700 bg-red-100 text-red-900' : 'border-blue-700 bg-blue-100 text-blue-900'
      }`}
      style={{ left, width: Math.max(width, 6) }}
    >
      {times}
    </div>
  );
}
