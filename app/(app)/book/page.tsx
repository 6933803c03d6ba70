import type { Metadata } from 'next';
import { BookPortal } from '@/components/book/book-portal';
import { isCarrier } from '@/lib/roles';
import { dayOf, shiftDay } from '@/lib/zoned-time';
import { requirePageActor } from '@/server/auth/session';
import { listBookings } from '@/server/booking/cancel-booking';
import { listLoadTypes } from '@/server/rules/load-types';
import { getRuntime } from '@/server/runtime';

export const metadata: Metadata = { title: 'Book a slot' };
export const dynamic = 'force-dynamic';

/** The carrier portal (SPEC §9): load types and the carrier's bookings come with the page; free times are fetched live. */
export default async function BookPage() {
  const actor = await requirePageActor('/book');
  const { db, config } = getRuntime();
  if (!isCarrier(actor.role)) {
    return (
      <div className="mx-auto max-w-2xl p-6">
        <h1 className="text-2xl font-bold text-slate-900">Book a slot</h1>
        <p className="mt-2 text-sm text-slate-700">This page is for carrier accounts. The site&apos;s own staff plan bookings on the board.</p>
      </div>
    );
  }
  const today = dayOf(new Date(), config.timeZone);
  const [loadTypes, mine] = await Promise.all([listLoadTypes(db), listBookings(db, actor)]);
  return <BookPortal loadTypes={loadTypes} initialBookings={mine.items} today={today} lastDay={shiftDay(today, config.booking.horizonDays)} />;
}
