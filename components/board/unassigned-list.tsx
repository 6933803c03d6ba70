'use client';

import { useDraggable } from '@dnd-kit/core';
import { memo } from 'react';
import { loadMatches } from '@/lib/board-rules';
import type { Load } from '@/lib/schemas/loads';
import { formatTime } from '@/lib/zoned-time';

type CheckIn = (load: Load) => unknown;

const LoadCard = memo(function LoadCard({ load, timeZone, editable, onCheckIn }: { load: Load; timeZone: string; editable: boolean; onCheckIn: CheckIn }) {
  // Pointer listeners only: the card is a list item, not a button, and claims no keyboard pick-up (dnd-kit's
  // attributes would say "press space bar to pick up"); the keyboard plans a load without dragging.
  const { listeners, setNodeRef, isDragging } = useDraggable({ id: `l:${load.id}`, data: { load }, disabled: !editable });
  return (
    <li
      ref={setNodeRef}
      {...(editable ? listeners : {})}
      data-testid={`load-${load.reference}`}
      className={`rounded-md border border-slate-200 bg-white px-3 py-2 text-sm shadow-sm ${editable ? 'cursor-grab hover:border-blue-400' : ''} ${isDragging ? 'opacity-50' : ''}`}
    >
      <div className="flex items-center justify-between gap-2">
        <span className="font-semibold">{load.reference}</span>
        <span
          className={`rounded px-1.5 py-0.5 text-xs font-semibold ${load.direction === 'IB' ? 'bg-sky-100 text-sky-800' : 'bg-violet-100 text-violet-800'}`}
        >
          {load.direction}
        </span>
      </div>
      <div className="mt-0.5 text-xs text-slate-500">
        {load.planned_arrival ? `Planned ${formatTime(load.planned_arrival, timeZone)}` : 'No planned time'}
        {load.carrier ? ` · ${load.carrier}` : ''}
        {load.notes ? ` · ${load.notes}` : ''}
      </div>
      {load.arrived_at ? (
        <p data-testid="load-in-yard" className="mt-1 text-xs font-medium text-amber-800">
          In the yard since {formatTime(load.arrived_at, timeZone)}
        </p>
      ) : editable ? (
        <button
          type="button"
          // Not a drag: the card's pointer listeners would start one.
          onPointerDown={(e) => e.stopPropagation()}
          onKeyDown={(e) => e.stopPropagation()}
          onClick={() => onCheckIn(load)}
          className="mt-1 rounded border border-slate-300 px-2 py-0.5 text-xs font-medium text-slate-700 hover:bg-slate-50"
        >
          Check in
        </button>
      ) : null}
    </li>
  );
});

type Props = { loads: Load[]; timeZone: string; editable: boolean; search: string; onCheckIn: CheckIn };

/** The day's loads without a ramp (today: the backlog too); drag one onto a ramp row to plan it, or check its truck in. */
export function UnassignedList({ loads, timeZone, editable, search, onCheckIn }: Props) {
  const shown = loads.filter((l) => !search.trim() || loadMatches(l, search.trim().toLowerCase()));
  return (
    <section aria-label="Unassigned loads" className="flex min-h-0 flex-1 flex-col">
      <h2 className="border-b border-slate-200 px-4 py-3 text-sm font-semibold text-slate-700">
        Unassigned loads <span className="font-normal text-slate-500">({shown.length})</span>
      </h2>
      {shown.length === 0 ? (
        <p className="px-4 py-6 text-sm text-slate-500">Every load of this day has a ramp.</p>
      ) : (
        <ul className="flex-1 space-y-2 overflow-y-auto p-3">
          {shown.map((l) => (
            <LoadCard key={l.id} load={l} timeZone={timeZone} editable={editable} onCheckIn={onCheckIn} />
          ))}
        </ul>
      )}
      {editable && shown.length > 0 ? <p className="border-t border-slate-200 px-4 py-2 text-xs text-slate-500">Drag a load onto a ramp to plan it.</p> : null}
    </section>
  );
}
