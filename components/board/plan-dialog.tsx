'use client';

import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { loadTypesQuery } from '@/components/admin/load-type-queries';
import { Button, Field, Select } from '@/components/ui/controls';
import { DateTimeInput } from '@/components/ui/date-input';
import { useSite } from '@/components/providers';
import { Dialog } from '@/components/ui/dialog';
import type { Load } from '@/lib/schemas/loads';
import type { Ramp } from '@/lib/schemas/ramps';
import { fromLocalInput, toLocalInput } from '@/lib/zoned-time';
import { defaultWindow, planRefusal, rampChoices, type Placed } from '@/components/board/plan-model';

/** A refusal as the server gave it; the dialog says it in plain words. */
export type PlanFailure = { status?: number; message: string };

type Props = {
  load: Load;
  ramps: readonly Ramp[];
  /** The assignments known for that day (the board's): what makes a ramp taken. */
  assignments: readonly Placed[];
  timeZone: string;
  onClose: () => void;
  /** Creates the assignment; null when it was saved. */
  onPlan: (rampId: number, etaIn: string, etaOut: string) => Promise<PlanFailure | null>;
  returnFocus?: (last: boolean) => HTMLElement | null | undefined;
};

/** Plans a load without dragging: a ramp that fits and is free then (the others with the reason), ETA in and out. */
export function PlanDialog({ load, ramps, assignments, timeZone, onClose, onPlan, returnFocus }: Props) {
  const { locale } = useSite();
  const typeMinutes = useQuery(loadTypesQuery()).data?.find((t) => t.id === load.load_type_id)?.duration_minutes;
  const [initial] = useState(() => defaultWindow(load, Date.now(), typeMinutes));
  const [etaIn, setEtaIn] = useState(() => toLocalInput(new Date(initial.from).toISOString(), timeZone));
  const [etaOut, setEtaOut] = useState(() => toLocalInput(new Date(initial.to).toISOString(), timeZone));
  const inIso = fromLocalInput(etaIn, timeZone);
  const outIso = fromLocalInput(etaOut, timeZone);
  const from = inIso ? Date.parse(inIso) : Number.NaN;
  const to = outIso ? Date.parse(outIso) : Number.NaN;
  const choices = useMemo(() => rampChoices(ramps, load, from, to, assignments, timeZone, locale), [ramps, load, from, to, assignments, timeZone, locale]);
  const free = choices.filter((c) => c.free);
  const refused = choices.filter((c) => !c.free);
  const [picked, setPicked] = useState<number | null>(null);
  // Until the user picks, the first free ramp; a pick is never swapped silently, even when it is taken meanwhile (someone else's plan).
  const rampId = picked ?? free[0]?.ramp.id ?? null;
  const pickedReason = picked === null ? null : (choices.find((c) => c.ramp.id === picked)?.reason ?? null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  // The dialog is open by now (a child's effect runs first): start on the ramp, not on the close button.
  useEffect(() => document.getElementById('plan-ramp')?.focus(), []);
  // The load type's duration arrived after the dialog opened: ETA out follows it until the user changes it.
  const initialOut = toLocalInput(new Date(initial.to).toISOString(), timeZone);
  // biome-ignore lint/correctness/useExhaustiveDependencies: only the duration's arrival moves ETA out, never an edit of ETA in or out.
  useEffect(() => {
    if (!typeMinutes || etaOut !== initialOut) return;
    const w = defaultWindow(load, initial.from - 1, typeMinutes);
    if (w.to !== initial.to) setEtaOut(toLocalInput(new Date(w.to).toISOString(), timeZone));
  }, [typeMinutes]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!inIso || !outIso) return setError('Enter both times.');
    if (to <= from) return setError('ETA out must be after ETA in.');
    if (rampId === null) return setError('No ramp is free for this load then; choose other times.');
    // The ramp's field says why; the user is taken there.
    if (pickedReason) return document.getElementById('plan-ramp')?.focus();
    setBusy(true);
    setError('');
    const failure = await onPlan(rampId, inIso, outIso);
    setBusy(false);
    if (failure)
      setError(
        planRefusal(
          failure,
          ramps.find((r) => r.id === rampId),
          load.reference,
        ),
      );
    else onClose();
  }

  const direction = load.direction === 'IB' ? 'Inbound' : 'Outbound';
  return (
    <Dialog open onClose={onClose} title={`Plan ${load.reference}`} returnFocus={returnFocus}>
      <form onSubmit={submit} className="space-y-4" data-testid="plan-dialog" noValidate>
        <p className="text-sm text-slate-600">
          {direction}
          {load.carrier ? ` · ${load.carrier}` : ''}
          {load.notes ? ` · ${load.notes}` : ''}
        </p>
        <Field
          label="Ramp"
          id="plan-ramp"
          hint={free.length ? undefined : 'No ramp is free for this load then.'}
          error={pickedReason ? `${pickedReason}; choose another ramp or time.` : undefined}
        >
          <Select id="plan-ramp" value={rampId ?? ''} invalid={!!pickedReason} onChange={(e) => setPicked(Number(e.target.value))}>
            {free.length === 0 ? <option value="">No free ramp</option> : null}
            {choices.map(({ ramp, free: ok, reason }) => (
              <option key={ramp.id} value={ramp.id} disabled={!ok}>
                {ok ? `${ramp.code}${ramp.description ? ` — ${ramp.description}` : ''}` : `${ramp.code} — not available: ${reason}`}
              </option>
            ))}
          </Select>
        </Field>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label={`ETA in (${timeZone})`} id="plan-eta-in">
            <DateTimeInput id="plan-eta-in" value={etaIn} onChange={setEtaIn} reportInvalid required />
          </Field>
          <Field label={`ETA out (${timeZone})`} id="plan-eta-out">
            <DateTimeInput id="plan-eta-out" value={etaOut} onChange={setEtaOut} reportInvalid required />
          </Field>
        </div>
        {refused.length ? (
          <div className="rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-700">
            <p className="font-medium">Not available then:</p>
            <ul className="mt-1 list-disc space-y-0.5 pl-5" data-testid="plan-refused">
              {refused.map(({ ramp, reason }) => (
                <li key={ramp.id}>{reason}</li>
              ))}
            </ul>
          </div>
        ) : null}
        {error ? (
          <p role="alert" className="text-sm font-medium text-red-700">
            {error}
          </p>
        ) : null}
        <div className="flex justify-end gap-2 border-t border-slate-100 pt-4">
          <Button onClick={onClose}>Cancel</Button>
          <Button tone="primary" type="submit" disabled={busy}>
            {busy ? 'Planning…' : 'Plan'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
