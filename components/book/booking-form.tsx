'use client';

import { useState } from 'react';
import { Button, Field, TextInput } from '@/components/ui/controls';
import type { FieldErrors } from '@/lib/action-result';

export type BookingDetails = { reference: string; notes: string; truck_plate: string };

/** Step 3: what the site needs to know about the truck; a re-request keeps the booking's own details. */
export function BookingForm({
  summary,
  rebooking,
  busy,
  errors,
  onSubmit,
  onCancel,
}: {
  summary: string;
  rebooking: string | null;
  busy: boolean;
  errors: FieldErrors;
  onSubmit: (d: BookingDetails) => void;
  onCancel: () => void;
}) {
  const [d, setD] = useState<BookingDetails>({ reference: '', notes: '', truck_plate: '' });
  const set = (k: keyof BookingDetails) => (e: { target: { value: string } }) => setD({ ...d, [k]: e.target.value });
  return (
    <form
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit(d);
      }}
    >
      <p className="rounded-md bg-blue-50 px-3 py-2 text-sm font-medium text-blue-900" data-testid="booking-summary">
        {summary}
      </p>
      {rebooking ? (
        <p className="text-sm text-slate-700">Asking again for {rebooking}, with its reference, notes and plate.</p>
      ) : (
        <div className="grid gap-3 sm:grid-cols-2">
          <Field label="Reference (order or delivery number)" id="book-reference" error={errors.reference}>
            <TextInput id="book-reference" required maxLength={50} value={d.reference} onChange={set('reference')} invalid={!!errors.reference} />
          </Field>
          <Field label="Truck plate" id="book-plate" error={errors.truck_plate} hint="If you know it already">
            <TextInput id="book-plate" maxLength={20} value={d.truck_plate} onChange={set('truck_plate')} invalid={!!errors.truck_plate} />
          </Field>
          <div className="sm:col-span-2">
            <Field label="Notes for the site" id="book-notes" error={errors.notes}>
              <TextInput id="book-notes" maxLength={2000} value={d.notes} onChange={set('notes')} invalid={!!errors.notes} />
            </Field>
          </div>
        </div>
      )}
      <div className="flex gap-2">
        <Button type="submit" tone="primary" disabled={busy}>
          {rebooking ? 'Request again' : 'Request booking'}
        </Button>
        <Button onClick={onCancel} disabled={busy}>
          Choose another time
        </Button>
      </div>
    </form>
  );
}
