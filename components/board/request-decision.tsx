'use client';

import { useEffect, useId, useRef, useState } from 'react';
import { Button } from '@/components/ui/controls';
import type { Assignment } from '@/lib/schemas/assignments';
import type { Booking } from '@/lib/schemas/booking';
import { requestOfAssignment, type RequestRef } from '@/components/board/requests-model';
import type { Requests } from '@/components/board/use-requests';

const REASON_MAX = 500;

/**
 * "Decline…" opened: the reason the carrier will read (required, up to 500 characters), then Decline or Back.
 * Not a <form>: it also sits inside the block dialog's form; Enter in the text area is a new line.
 */
export function DeclineReason({ r, requests, onDone, onBack }: { r: RequestRef; requests: Requests; onDone: () => void; onBack: () => void }) {
  const id = useId();
  const [reason, setReason] = useState('');
  const [error, setError] = useState('');
  const input = useRef<HTMLTextAreaElement>(null);
  useEffect(() => input.current?.focus(), []);
  const send = async () => {
    if (!reason.trim()) {
      setError('Say why it is declined: the carrier reads this.');
      input.current?.focus();
      return;
    }
    if (await requests.decline(r, reason.trim())) onDone();
  };
  return (
    <fieldset className="mt-2 space-y-2" aria-label={`Decline ${r.reference}`}>
      <label htmlFor={`${id}-reason`} className="block text-sm font-medium text-slate-800">
        Reason for declining (the carrier reads it)
      </label>
      <textarea
        ref={input}
        id={`${id}-reason`}
        value={reason}
        onChange={(e) => {
          setReason(e.target.value);
          setError('');
        }}
        required
        maxLength={REASON_MAX}
        rows={2}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        className="block w-full rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm text-slate-900 shadow-sm focus:border-blue-600 focus:outline-none focus:ring-2 focus:ring-blue-600/30 aria-[invalid=true]:border-red-500"
      />
      {error ? (
        <p id={`${id}-error`} role="alert" className="text-xs font-medium text-red-700">
          {error}
        </p>
      ) : null}
      <div className="flex gap-2">
        <Button tone="danger" onClick={() => void send()} disabled={requests.busy}>
          Decline booking
        </Button>
        <Button onClick={onBack}>Back</Button>
      </div>
    </fieldset>
  );
}

/** Approve / Decline… for a requested booking; nothing for a role that cannot decide. */
export function DecisionButtons({ r, requests, onDone }: { r: RequestRef; requests: Requests; onDone: () => void }) {
  const [declining, setDeclining] = useState(false);
  const declineId = `${useId()}-decline`;
  // Back from the reason: focus returns to "Decline…", not to the page.
  const asked = useRef(false);
  useEffect(() => {
    if (declining) asked.current = true;
    else if (asked.current) document.getElementById(declineId)?.focus();
  }, [declining, declineId]);
  if (!requests.mayDecide) return null;
  if (declining) return <DeclineReason r={r} requests={requests} onDone={onDone} onBack={() => setDeclining(false)} />;
  return (
    <div className="flex flex-wrap gap-2">
      <Button tone="primary" disabled={requests.busy} onClick={() => void requests.approve(r).then((ok) => (ok ? onDone() : undefined))}>
        Approve
      </Button>
      <Button id={declineId} disabled={requests.busy} onClick={() => setDeclining(true)}>
        Decline…
      </Button>
    </div>
  );
}

/** The request in a block's dialog: who asked (carrier, truck plate, load type), then the decision. */
export function RequestDecision({ a, booking, requests, onDone }: { a: Assignment; booking: Booking | undefined; requests: Requests; onDone: () => void }) {
  // The list's copy knows the plate and load type; a block the list does not hold (ended) has its load's carrier.
  const plate = booking?.truck_plate ?? (a.load as { truck_plate?: string | null }).truck_plate ?? null;
  const carrier = booking?.carrier_name ?? a.load.carrier ?? null;
  return (
    <section
      aria-label="Booking request"
      data-testid="request-decision"
      className="mb-4 space-y-2 rounded-md border border-purple-200 bg-purple-50 px-3 py-2 text-sm"
    >
      <p className="font-medium text-purple-900">Requested: waiting for the site's approval</p>
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-slate-800">
        <dt className="font-medium">Carrier</dt>
        <dd data-testid="request-carrier">{carrier ?? '—'}</dd>
        <dt className="font-medium">Truck plate</dt>
        <dd data-testid="request-plate">{plate ?? '—'}</dd>
        {booking?.load_type_name ? (
          <>
            <dt className="font-medium">Load type</dt>
            <dd>{booking.load_type_name}</dd>
          </>
        ) : null}
      </dl>
      {requests.mayDecide ? (
        <DecisionButtons r={requestOfAssignment(a)} requests={requests} onDone={onDone} />
      ) : (
        <p className="text-slate-700">Operators and admins approve or decline requests.</p>
      )}
    </section>
  );
}
