'use client';

import { useSite } from '@/components/providers';
import { Button } from '@/components/ui/controls';
import { BOOKING_STATE_LABELS, mayCancelBooking, mayRerequestBooking, type BookingState } from '@/lib/booking-state';
import type { Booking } from '@/lib/schemas/booking';
import { dayOf, formatClock, formatDay } from '@/lib/zoned-time';

const TONES: Record<BookingState, string> = {
  requested: 'bg-purple-50 text-purple-800 ring-purple-300',
  approved: 'bg-green-50 text-green-800 ring-green-300',
  declined: 'bg-slate-100 text-slate-800 ring-slate-300',
  cancelled: 'bg-slate-100 text-slate-700 ring-slate-300',
  arrived: 'bg-blue-50 text-blue-800 ring-blue-300',
  completed: 'bg-slate-50 text-slate-700 ring-slate-300',
};

export function StateBadge({ state }: { state: BookingState }) {
  return (
    <span data-testid="booking-state" className={`inline-flex rounded-full px-2 py-0.5 text-xs font-semibold ring-1 ring-inset ${TONES[state]}`}>
      {BOOKING_STATE_LABELS[state]}
    </span>
  );
}

function BookingItem({ b, busy, onCancel, onRerequest }: { b: Booking; busy: boolean; onCancel: (b: Booking) => void; onRerequest: (b: Booking) => void }) {
  const { timeZone, locale } = useSite();
  const when = `${formatDay(dayOf(new Date(b.eta_in), timeZone), locale, 'weekday')}, ${formatClock(b.eta_in, timeZone, locale)}–${formatClock(b.eta_out, timeZone, locale)}`;
  return (
    <li className="flex flex-wrap items-start justify-between gap-3 py-3" data-testid="my-booking" data-reference={b.reference}>
      <div className="min-w-0 space-y-0.5">
        <p className="flex flex-wrap items-center gap-2 text-sm font-semibold text-slate-900">
          <span>{b.reference}</span>
          <StateBadge state={b.state} />
        </p>
        <p className="text-sm text-slate-700">
          {when} · Door {b.ramp_code}
          {b.load_type_name ? ` · ${b.load_type_name}` : ''}
          {b.truck_plate ? ` · ${b.truck_plate}` : ''}
        </p>
        {b.state === 'declined' && b.decline_reason ? <p className="text-sm text-slate-800">Reason: {b.decline_reason}</p> : null}
      </div>
      <div className="flex gap-2">
        {mayCancelBooking(b.state) ? (
          <Button disabled={busy} onClick={() => onCancel(b)}>
            Cancel {b.reference}
          </Button>
        ) : null}
        {mayRerequestBooking(b.state) ? (
          <Button disabled={busy} onClick={() => onRerequest(b)}>
            Request {b.reference} again
          </Button>
        ) : null}
      </div>
    </li>
  );
}

/** "My bookings": upcoming first (soonest first), then the recent ones. */
export function MyBookings({
  items,
  busyId,
  onCancel,
  onRerequest,
}: {
  items: Booking[];
  busyId: number | null;
  onCancel: (b: Booking) => void;
  onRerequest: (b: Booking) => void;
}) {
  const now = Date.now();
  const upcoming = items.filter((b) => Date.parse(b.eta_out) >= now).sort((a, b) => a.eta_in.localeCompare(b.eta_in));
  const recent = items.filter((b) => Date.parse(b.eta_out) < now);
  const list = (bs: Booking[], label: string) =>
    bs.length === 0 ? (
      <p className="py-2 text-sm text-slate-600">None.</p>
    ) : (
      <ul aria-label={label} className="divide-y divide-slate-200">
        {bs.map((b) => (
          <BookingItem key={b.id} b={b} busy={busyId === b.id} onCancel={onCancel} onRerequest={onRerequest} />
        ))}
      </ul>
    );
  return (
    <div className="space-y-4">
      <div>
        <h3 className="text-sm font-semibold text-slate-800">Upcoming</h3>
        {list(upcoming, 'Upcoming bookings')}
      </div>
      <div>
        <h3 className="text-sm font-semibold text-slate-800">Recent</h3>
        {list(recent, 'Recent bookings')}
      </div>
    </div>
  );
}
