'use client';

import { useSite } from '@/components/providers';
import type { RampSlots, Slot } from '@/components/book/book-slots';
import { formatClock } from '@/lib/zoned-time';

const slotClass =
  'min-w-[4.5rem] rounded-md border px-2 py-1.5 text-sm font-medium tabular-nums focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600/50';
const idle = 'border-slate-300 bg-white text-slate-800 hover:border-blue-600 hover:bg-blue-50';
const chosen = 'border-blue-700 bg-blue-700 text-white';

function TimeButtons({
  starts,
  rampId,
  label,
  picked,
  onPick,
}: {
  starts: string[];
  rampId: number | null;
  label: string;
  picked: Slot | null;
  onPick: (s: Slot) => void;
}) {
  const { timeZone, locale } = useSite();
  return (
    <ul aria-label={label} className="flex flex-wrap gap-2">
      {starts.map((etaIn) => {
        const on = picked?.etaIn === etaIn && picked.rampId === rampId;
        return (
          <li key={etaIn}>
            <button type="button" aria-pressed={on} className={`${slotClass} ${on ? chosen : idle}`} onClick={() => onPick({ etaIn, rampId })}>
              {formatClock(etaIn, timeZone, locale)}
            </button>
          </li>
        );
      })}
    </ul>
  );
}

/** Step 2: the free start times, at any door (the site picks) or at a chosen one. */
export function TimePicker({ anyDoor, ramps, picked, onPick }: { anyDoor: string[]; ramps: RampSlots[]; picked: Slot | null; onPick: (s: Slot) => void }) {
  return (
    <div className="space-y-4">
      <div className="space-y-2">
        <h3 className="text-sm font-semibold text-slate-800">Any door</h3>
        <p className="text-xs text-slate-600">The site gives you the first free door.</p>
        <TimeButtons starts={anyDoor} rampId={null} label="Start times at any door" picked={picked} onPick={onPick} />
      </div>
      <details className="rounded-md border border-slate-200 bg-slate-50 px-3 py-2" open={picked?.rampId != null}>
        <summary className="cursor-pointer text-sm font-medium text-slate-800">Choose a door yourself</summary>
        <div className="mt-3 space-y-4">
          {ramps.map((r) => (
            <div key={r.rampId} className="space-y-2">
              <h3 className="text-sm font-semibold text-slate-800">
                Door {r.code}
                {r.description ? <span className="font-normal text-slate-600"> · {r.description}</span> : null}
              </h3>
              <TimeButtons starts={r.starts} rampId={r.rampId} label={`Start times at door ${r.code}`} picked={picked} onPick={onPick} />
            </div>
          ))}
        </div>
      </details>
    </div>
  );
}
