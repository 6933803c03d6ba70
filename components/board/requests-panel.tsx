'use client';

import { useRef } from 'react';
import { useSite } from '@/components/providers';
import { Dialog } from '@/components/ui/dialog';
import type { Booking } from '@/lib/schemas/booking';
import { dayOf, formatClock, formatWeekdayDate } from '@/lib/zoned-time';
import { DecisionButtons } from '@/components/board/request-decision';
import type { Requests } from '@/components/board/use-requests';

type Props = {
  requests: Requests;
  onClose: () => void;
  /** Opens the request's day on the board, at its block. */
  onShow: (b: Booking) => void;
};

/** Requested bookings waiting for a decision, soonest first, live; Approve / Decline… per row for those who decide. */
export function RequestsPanel({ requests, onClose, onShow }: Props) {
  const { timeZone, locale } = useSite();
  const list = useRef<HTMLOListElement>(null);
  const { items } = requests;
  // A decided row leaves the list: focus moves to the next row's first button (or Close), not to the page.
  const focusAfter = (index: number) =>
    requestAnimationFrame(() => {
      const rows = list.current?.querySelectorAll<HTMLElement>('li');
      const next = rows?.[Math.min(index, (rows?.length ?? 1) - 1)]?.querySelector<HTMLElement>('button, a');
      // The last one decided: the dialog's own Close button.
      (next ?? document.querySelector<HTMLElement>('dialog[open] button[aria-label="Close"]'))?.focus();
    });
  return (
    <Dialog open onClose={onClose} title="Requests waiting for approval" wide>
      <p className="mb-3 text-sm text-slate-600">
        Bookings carriers asked for; each holds its time on its ramp until it is approved or declined.
        {requests.mayDecide ? null : ' Operators and admins decide on them.'}
      </p>
      {items.length === 0 ? (
        <p className="rounded-md bg-slate-50 px-3 py-3 text-sm text-slate-600" data-testid="requests-empty">
          No booking is waiting for approval.
        </p>
      ) : (
        <ol ref={list} aria-label="Requested bookings" className="max-h-[60vh] space-y-2 overflow-y-auto" data-testid="requests-list">
          {items.map((b, i) => (
            <li key={b.id} data-testid={`request-${b.reference}`} className="rounded-md border border-slate-200 bg-white px-3 py-2 text-sm shadow-sm">
              <div className="flex flex-wrap items-baseline justify-between gap-x-3">
                <a
                  href={`/board?date=${dayOf(new Date(b.eta_in), timeZone)}`}
                  onClick={(e) => {
                    if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
                    e.preventDefault();
                    onShow(b);
                  }}
                  className="font-semibold text-blue-800 underline underline-offset-2 hover:text-blue-900"
                  title="Show it on the board"
                >
                  {b.reference}
                </a>
                <span className="tabular-nums text-slate-800">
                  {formatWeekdayDate(b.eta_in, timeZone, locale)} · {formatClock(b.eta_in, timeZone, locale)}–{formatClock(b.eta_out, timeZone, locale)} ·{' '}
                  {b.ramp_code}
                </span>
              </div>
              <p className="mt-0.5 text-slate-700">
                {[
                  b.carrier_name ?? 'No carrier named',
                  b.direction === 'IB' ? 'Inbound' : 'Outbound',
                  b.load_type_name,
                  b.truck_plate ? `plate ${b.truck_plate}` : null,
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </p>
              {b.notes ? <p className="mt-0.5 text-slate-600">Notes: {b.notes}</p> : null}
              {requests.mayDecide ? (
                <div className="mt-2">
                  <DecisionButtons r={b} requests={requests} onDone={() => focusAfter(i)} />
                </div>
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </Dialog>
  );
}
