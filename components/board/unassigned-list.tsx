'use client';

import { useDraggable } from '@dnd-kit/core';
import { memo } from 'react';
import { loadMatches } from '@/lib/board-rules';
import type { Load } from '@/lib/schemas/loads';
import { useSite } from '@/components/providers';
import { formatClock } from '@/lib/zoned-time';

type CheckIn = (load: Load) => unknown;
type Plan = (load: Load) => unknown;

/** A card's own buttons: not a drag (the card's pointer and key listeners would start one). */
const notDrag = {
  onPointerDown: (e: { stopPropagation: () => void }) => e.stopPropagation(),
  onKeyDown: (e: { stopPropagation: () => void }) => e.stopPropagation(),
};

type CardProps = { load: Load; timeZone: string; editable: boolean; onCheckIn: CheckIn; onPlan?: Plan };

const LoadCard = memo(function LoadCard({ load, timeZone, editable, onCheckIn, onPlan }: CardProps) {
  const { locale } = useSite();
  const formatTime = (at: string | Date | number, tz: string) => formatClock(at, tz, locale);
  // Pointer listeners only: the card is a list item, not a button, and claims no keyboard pick-up (dnd-kit's
  // attributes would say "press space bar to pick up"); its Plan button plans the load without dragging.
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
      ) : null}
      {editable ? (
        <div className="mt-1 flex gap-1.5">
          {onPlan ? (
            <button
              type="button"
              {...notDrag}
              onClick={() => onPlan(load)}
              aria-label={`Plan ${load.reference}`}
              data-plan-load={load.id}
              className="rounded bg-blue-700 px-2 py-0.5 text-xs font-medium text-white hover:bg-blue-800 focus-visible:ring-2 focus-visible:ring-blue-700 focus-visible:ring-offset-1 focus-visible:outline-none"
            >
              Plan
            </button>
          ) : null}
          {load.arrived_at ? null : (
            <button
              type="button"
              {...notDrag}
              onClick={() => onCheckIn(load)}
              className="rounded border border-slate-300 px-2 py-0.5 text-xs font-medium text-slate-700 hover:bg-slate-50"
            >
              Check in
            </button>
          )}
        </div>
      ) : null}
    </li>
  );
});

type Props = { loads: Load[]; timeZone: string; editable: boolean; search: string; onCheckIn: CheckIn; onPlan?: Plan };

/** The day's loads without a ramp (today: the backlog too); plan one with its button or by dragging it onto a ramp row, or check its truck in. */
export function UnassignedList({ loads, timeZone, editable, search, onCheckIn, onPlan }: Props) {
  const shown = loads.filter((l) => !search.trim() || loadMatches(l, search.trim().toLowerCase()));
  return (
    <section aria-label="Unassigned loads" className="flex min-h-0 flex-1 flex-col">
      {/* Focus lands here when the card that opened a dialog is gone. */}
      <h2 id="unassigned-heading" tabIndex={-1} className="border-b border-slate-200 px-4 py-3 text-sm font-semibold text-slate-700 focus:outline-none">
        Unassigned loads <span className="font-normal text-slate-500">({shown.length})</span>
      </h2>
      {shown.length === 0 ? (
        <p className="px-4 py-6 text-sm text-slate-500">
          {search.trim() ? `No unassigned load matches “${search.trim()}”.` : 'Every load of this day has a ramp.'}
        </p>
      ) : (
        <ul className="flex-1 space-y-2 overflow-y-auto p-3">
          {shown.map((l) => (
            <LoadCard key={l.id} load={l} timeZone={timeZone} editable={editable} onCheckIn={onCheckIn} onPlan={onPlan} />
          ))}
        </ul>
      )}
      {editable && shown.length > 0 ? (
        <p className="border-t border-slate-200 px-4 py-2 text-xs text-slate-500">Plan a load with its button, or drag a load onto a ramp to plan it.</p>
      ) : null}
    </section>
  );
}
