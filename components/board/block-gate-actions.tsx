'use client';

import { isFreed } from '@/lib/board-rules';
import { Button } from '@/components/ui/controls';
import type { Assignment } from '@/lib/schemas/assignments';
import { useSite } from '@/components/providers';
import { formatClock } from '@/lib/zoned-time';
import type { GateMutations } from '@/components/board/use-gate-mutations';

type Props = {
  a: Assignment;
  timeZone: string;
  editable: boolean;
  gate: GateMutations;
  /** The assignment a step wrote (the dialog rebases on it, so its Save meets no conflict of its own making). */
  onDone?: (a: Assignment) => void;
};

/** The gate on one block (shown in its edit dialog): check in, call to door, check out, as far as the truck has come. */
export function BlockGateActions({ a, timeZone, editable, gate, onDone }: Props) {
  const done = (saved: Assignment | null | undefined) => (saved && onDone ? onDone(saved) : undefined);
  const { locale } = useSite();
  const formatTime = (at: string | Date | number, tz: string) => formatClock(at, tz, locale);
  if (isFreed(a)) return null;
  const steps = [
    a.arrived_at ? `in at ${formatTime(a.arrived_at, timeZone)}` : null,
    a.called_at ? `called ${formatTime(a.called_at, timeZone)}` : null,
    a.departed_at ? `left ${formatTime(a.departed_at, timeZone)}` : null,
  ].filter(Boolean);
  return (
    <section aria-label="Gate" data-testid="block-gate" className="mb-4 flex flex-wrap items-center gap-2 rounded-md bg-slate-50 px-3 py-2 text-sm">
      <span className="mr-auto text-slate-700">
        <span className="font-medium">Gate: </span>
        {steps.length ? steps.join(' · ') : 'not checked in'}
      </span>
      {editable && !a.arrived_at ? <Button onClick={() => void gate.checkIn(a.load).then((r) => done(r?.assignment))}>Check in</Button> : null}
      {editable && !a.departed_at && !a.started_at && !a.completed_at ? <Button onClick={() => void gate.call(a).then(done)}>Call to door</Button> : null}
      {editable && !a.departed_at ? <Button onClick={() => void gate.checkOut(a).then(done)}>Check out</Button> : null}
    </section>
  );
}
