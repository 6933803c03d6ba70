'use client';

import { useEffect, useState } from 'react';
import { Button } from '@/components/ui/controls';
import { CALL_SHOW_MS } from '@/lib/board-rules';
import type { YardEntry } from '@/lib/schemas/gate';
import { useSite } from '@/components/providers';
import { formatClock } from '@/lib/zoned-time';
import type { GateMutations } from '@/components/board/use-gate-mutations';
import { WalkInForm } from '@/components/board/walk-in-form';
import { waitingMinutesAt } from '@/components/board/yard-model';

/** The waiting times move on this often. */
const TICK_MS = 15_000;

const waited = (minutes: number) => (minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')}`);

/** Trucks on site waiting for a door, oldest first, with how long each has waited; walk-ins are checked in here. */
export function YardPanel({ yard, timeZone, editable, gate }: { yard: YardEntry[]; timeZone: string; editable: boolean; gate: GateMutations }) {
  const { locale } = useSite();
  const formatTime = (at: string | Date | number, tz: string) => formatClock(at, tz, locale);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), TICK_MS);
    return () => clearInterval(t);
  }, []);
  const [walkingIn, setWalkingIn] = useState(false);

  return (
    <section aria-label="Yard queue" className="flex max-h-[45%] min-h-0 flex-none flex-col border-b border-slate-200">
      <h2 className="flex items-center justify-between gap-2 border-b border-slate-200 px-4 py-2 text-sm font-semibold text-slate-700">
        <span>
          Yard <span className="font-normal text-slate-500">({yard.length} waiting)</span>
        </span>
        {editable && !walkingIn ? (
          <Button className="px-2 py-0.5 text-xs" onClick={() => setWalkingIn(true)}>
            Walk-in
          </Button>
        ) : null}
      </h2>
      {walkingIn ? <WalkInForm walkIn={gate.walkIn} onDone={() => setWalkingIn(false)} /> : null}
      {yard.length === 0 ? (
        <p className="px-4 py-3 text-sm text-slate-500">No truck is waiting for a door.</p>
      ) : (
        <ol className="min-h-0 flex-1 space-y-1.5 overflow-y-auto p-2">
          {yard.map((e) => {
            const a = e.assignment;
            const called = a?.called_at && now - Date.parse(a.called_at) < CALL_SHOW_MS ? a.called_at : null;
            const minutes = waitingMinutesAt(e, now);
            return (
              <li
                key={a ? `a${a.id}` : `l${e.load.id}`}
                data-testid={`yard-${e.load.reference}`}
                className="rounded-md border border-slate-200 bg-white px-3 py-2 text-sm shadow-sm"
              >
                <div className="flex items-center justify-between gap-2">
                  <span className="truncate font-semibold">{e.load.reference}</span>
                  <span
                    data-testid="yard-wait"
                    className={`shrink-0 text-xs tabular-nums ${minutes >= 60 ? 'font-semibold text-orange-800' : 'text-slate-600'}`}
                  >
                    waiting {waited(minutes)}
                  </span>
                </div>
                <div className="mt-0.5 truncate text-xs text-slate-500">
                  {e.load.direction} · in at {formatTime(e.arrived_at, timeZone)}
                  {e.load.carrier ? ` · ${e.load.carrier}` : ''}
                  {a ? ` · ${a.ramp.code} ${formatTime(a.eta_in, timeZone)}` : ' · no ramp yet'}
                </div>
                {called ? (
                  <p data-testid="yard-called" className="mt-1 text-xs font-semibold text-blue-800">
                    Called to {a!.ramp.code} at {formatTime(called, timeZone)}
                  </p>
                ) : null}
                {editable && a ? (
                  <div className="mt-1.5 flex gap-1.5">
                    <Button className="px-2 py-0.5 text-xs" onClick={() => void gate.call(a)}>
                      {called ? 'Call again' : 'Call to door'}
                    </Button>
                    <Button className="px-2 py-0.5 text-xs" tone="ghost" onClick={() => void gate.checkOut(a)}>
                      Check out
                    </Button>
                  </div>
                ) : null}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
