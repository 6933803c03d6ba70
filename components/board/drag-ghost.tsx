'use client';

import { useSite } from '@/components/providers';
import { statusStyle } from '@/lib/status-colors';
import { slotText, type DropTarget } from '@/components/board/drag-rules';
import type { Dragged } from '@/components/board/use-board-drag';

/** What follows the pointer while dragging, above everything: the load, and the ramp and time it would land on, or why not. */
export function DragGhost({ dragged, target, timeZone }: { dragged: Dragged; target: DropTarget | null; timeZone: string }) {
  const { locale } = useSite();
  const reference = dragged.kind === 'block' ? dragged.a.load.reference : dragged.load.reference;
  const direction = dragged.kind === 'block' ? dragged.a.load.direction : dragged.load.direction;
  const colours = dragged.kind === 'block' ? statusStyle(dragged.a.status.color) : null;
  return (
    <div
      data-testid="drag-ghost"
      aria-hidden
      className={`w-max max-w-80 cursor-grabbing rounded-md border-l-4 px-3 py-1.5 text-xs leading-tight shadow-xl ring-1 ${
        target?.reason ? 'ring-red-700' : 'ring-slate-300'
      } ${colours ? '' : 'border-blue-700 bg-white text-slate-900'}`}
      // Opaque over whatever it passes: the status colour may be translucent.
      style={colours ? { background: `linear-gradient(${colours.bg}, ${colours.bg}), white`, borderLeftColor: colours.border, color: colours.text } : undefined}
    >
      <div className="flex items-baseline gap-2">
        <span className="font-semibold">{reference}</span>
        <span className="opacity-90">{direction}</span>
      </div>
      <div data-testid="drag-ghost-slot" className="mt-0.5 font-semibold tabular-nums">
        {target ? slotText(target, timeZone, locale) : 'Not over a ramp'}
      </div>
      {target?.reason ? (
        <div data-testid="drag-ghost-reason" className="mt-1 rounded bg-red-50 px-1.5 py-0.5 font-medium text-red-800">
          {target.reason}
        </div>
      ) : null}
    </div>
  );
}
