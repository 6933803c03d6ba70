'use client';

import { useEffect, useMemo, useState } from 'react';
import type { Assignment } from '@/lib/schemas/assignments';
import { activeCalls, nextExpiryIn } from '@/components/tv/tv-calls';
import { u } from '@/components/tv/tv-units';

/**
 * "IB-2026-007 → R5" for each truck called to its door in the last 10 minutes,
 * for drivers in the waiting room. A call goes at its own expiry (a timer to the
 * next one), not at the TV's next tick.
 */
export function TvDoorCalls({ assignments, clockOffset }: { assignments: Assignment[]; clockOffset: number }) {
  const [now, setNow] = useState(() => Date.now() + clockOffset);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new snapshot (a call just arrived) is judged against the clock of that moment
  useEffect(() => setNow(Date.now() + clockOffset), [assignments, clockOffset]);
  const calls = useMemo(() => activeCalls(assignments, now), [assignments, now]);
  useEffect(() => {
    const wait = nextExpiryIn(calls, now);
    if (wait === null) return;
    const timer = setTimeout(() => setNow(Date.now() + clockOffset), wait + 50);
    return () => clearTimeout(timer);
  }, [calls, now, clockOffset]);
  if (calls.length === 0) return null;
  return (
    <section
      aria-label="Called to the door"
      aria-live="polite"
      data-testid="tv-door-calls"
      className="flex flex-wrap items-center rounded-[0.6em] border border-sky-400/50 bg-sky-500/15 text-white"
      style={{ gap: `${u(0.6)} ${u(2.4)}`, padding: `${u(0.7)} ${u(1.4)}` }}
    >
      <span className="font-semibold tracking-[0.2em] text-sky-300 uppercase" style={{ fontSize: u(1.2) }}>
        Please go to your door
      </span>
      {calls.map((c) => (
        <span key={c.id} data-testid="tv-door-call" className="font-bold tabular-nums" style={{ fontSize: u(2.4), lineHeight: 1.1 }}>
          {c.reference} → {c.ramp}
        </span>
      ))}
    </section>
  );
}
