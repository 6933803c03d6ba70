'use client';

import { useState, type FormEvent } from 'react';
import { Button, Field, Select, TextInput } from '@/components/ui/controls';
import { ActionError, type FieldErrors } from '@/lib/action-result';
import type { GateMutations } from '@/components/board/use-gate-mutations';

/** A truck without a booking: reference, direction and carrier, created and checked in at once. */
export function WalkInForm({ walkIn, onDone }: { walkIn: GateMutations['walkIn']; onDone: () => void }) {
  const [reference, setReference] = useState('');
  const [direction, setDirection] = useState<'IB' | 'OB'>('IB');
  const [carrier, setCarrier] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    try {
      await walkIn({ reference, direction, carrier });
      onDone();
    } catch (error) {
      const fields = error instanceof ActionError ? error.fieldErrors : {};
      setErrors(Object.keys(fields).length ? fields : { _: error instanceof Error ? error.message : 'Not saved' });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} aria-label="Walk-in" className="space-y-2 border-b border-slate-200 bg-white px-3 py-3">
      <Field label="Reference" id="walk-in-reference" error={errors.reference}>
        <TextInput id="walk-in-reference" value={reference} onChange={(e) => setReference(e.target.value)} invalid={!!errors.reference} required />
      </Field>
      <div className="grid grid-cols-2 gap-2">
        <Field label="Direction" id="walk-in-direction" error={errors.direction}>
          <Select id="walk-in-direction" value={direction} onChange={(e) => setDirection(e.target.value as 'IB' | 'OB')}>
            <option value="IB">Inbound</option>
            <option value="OB">Outbound</option>
          </Select>
        </Field>
        <Field label="Carrier" id="walk-in-carrier" error={errors.carrier}>
          <TextInput id="walk-in-carrier" value={carrier} onChange={(e) => setCarrier(e.target.value)} invalid={!!errors.carrier} />
        </Field>
      </div>
      {errors._ ? (
        <p role="alert" className="text-xs font-medium text-red-700">
          {errors._}
        </p>
      ) : null}
      <div className="flex justify-end gap-2">
        <Button tone="ghost" onClick={onDone}>
          Cancel
        </Button>
        <Button tone="primary" type="submit" disabled={busy}>
          Check in walk-in
        </Button>
      </div>
    </form>
  );
}
