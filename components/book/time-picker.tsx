'use client';

import { useState } from 'react';
import { useSite } from '@/components/providers';
import type { RampSlots, Slot } from '@/components/book/book-slots';
import { Field, Select } from '@/components/ui/controls';
import { formatClock } from '@/lib/zoned-time';

const slotClass =
  'min-w-[4.5rem] rounded-md border px-2 py-1.5 text-sm font-medium tabular-nums focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600/50';
const idle = 'border-slate-300 bg-white text-slate-800 hover:border-blue-600 hover:bg-blue-50';
const chosen = 'border-blue-700 bg-blue-700 text-white';

/** Step 2: one door choice ("any door" by default: the site picks the first free one) and its free start times. */
export function TimePicker({ anyDoor, ramps, picked, onPick }: { anyDoor: string[]; ramps: RampSlots[]; picked: Slot | null; onPick: (s: Slot) => void }) {
  const { timeZone, locale } = useSite();
  const [chosenDoor, setDoor] = useState<number | null>(picked?.rampId ?? null);
  const ramp = ramps.find((r) => r.rampId === chosenDoor) ?? null;
  const rampId = ramp?.rampId ?? null;
  const starts = ramp ? ramp.starts : anyDoor;
  return (
    <div className="space-y-3">
      <div className="max-w-sm">
        <Field label="Door" id="book-door" hint={ramp ? undefined : 'The site gives you the first free door.'}>
          <Select id="book-door" value={rampId ?? ''} onChange={(e) => setDoor(e.target.value ? Number(e.target.value) : null)}>
            <option value="">Any door</option>
            {ramps.map((r) => (
              <option key={r.rampId} value={r.rampId}>
                Door {r.code}
                {r.description ? ` · ${r.description}` : ''}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      <ul aria-label={ramp ? `Start times at door ${ramp.code}` : 'Start times at any door'} className="flex flex-wrap gap-2">
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
    </div>
  );
}
