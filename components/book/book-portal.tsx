'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { cancelBookingAction, requestBookingAction, rerequestBookingAction } from '@/app/(app)/book/actions';
import { BookingForm, type BookingDetails } from '@/components/book/booking-form';
import { slotsOf, type Slot } from '@/components/book/book-slots';
import { MyBookings } from '@/components/book/my-bookings';
import { TimePicker } from '@/components/book/time-picker';
import { AVAILABILITY_KEY, MY_BOOKINGS_KEY, useBookSocket } from '@/components/book/use-book-socket';
import { useSite } from '@/components/providers';
import { Field, Select } from '@/components/ui/controls';
import { DateInput } from '@/components/ui/date-input';
import { ActionError, type FieldErrors } from '@/lib/action-result';
import { apiFetch, callAction } from '@/lib/api-client';
import type { Availability, Booking } from '@/lib/schemas/booking';
import type { LoadType } from '@/lib/schemas/rules';
import { DATE_RE, dayOf, formatClock, formatDay, shiftDay } from '@/lib/zoned-time';

type Direction = 'IB' | 'OB';
const DIRECTIONS: { value: Direction; label: string; hint: string }[] = [
  { value: 'IB', label: 'Inbound delivery', hint: 'You bring goods to the site' },
  { value: 'OB', label: 'Outbound pickup', hint: 'You collect goods from the site' },
];
const fits = (t: LoadType, d: Direction) => t.ramp_kinds.includes(d) || t.ramp_kinds.includes('BOTH');
const card = 'rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:p-5';

/** The carrier portal (SPEC §9): what and when, a free start time, the truck's details; then "My bookings", all live. */
export function BookPortal({
  loadTypes,
  initialBookings,
  today,
  lastDay,
}: {
  loadTypes: LoadType[];
  initialBookings: Booking[];
  today: string;
  lastDay: string;
}) {
  const { timeZone, locale } = useSite();
  const queryClient = useQueryClient();
  useBookSocket();
  const [direction, setDirection] = useState<Direction>('IB');
  const fitting = loadTypes.filter((t) => fits(t, direction));
  const [typeId, setTypeId] = useState<number | null>(fitting[0]?.id ?? null);
  const loadType = fitting.find((t) => t.id === typeId) ?? fitting[0] ?? null;
  const [day, setDay] = useState(shiftDay(today, 1) > lastDay ? today : shiftDay(today, 1));
  const [picked, setPicked] = useState<Slot | null>(null);
  const [rebook, setRebook] = useState<Booking | null>(null);
  const [busy, setBusy] = useState<number | 'new' | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const stepTwo = useRef<HTMLHeadingElement>(null);

  const validDay = DATE_RE.test(day);
  const availability = useQuery({
    queryKey: [...AVAILABILITY_KEY, day, direction, loadType?.id],
    queryFn: ({ signal }) => apiFetch<Availability>(`/api/booking/availability?date=${day}&direction=${direction}&load_type_id=${loadType!.id}`, { signal }),
    enabled: validDay && loadType !== null,
    staleTime: 0,
  });
  const mine = useQuery({
    queryKey: MY_BOOKINGS_KEY,
    queryFn: ({ signal }) => apiFetch<{ items: Booking[] }>('/api/booking/requests', { signal }),
    initialData: { items: initialBookings },
    staleTime: 0,
  });
  const slots = useMemo(() => slotsOf(availability.data), [availability.data]);

  // A time taken by someone else while it was picked: say so, and let the carrier pick again.
  useEffect(() => {
    if (!picked || !availability.data) return;
    const still =
      picked.rampId === null ? slots.anyDoor.includes(picked.etaIn) : slots.ramps.some((r) => r.rampId === picked.rampId && r.starts.includes(picked.etaIn));
    if (!still) {
      setPicked(null);
      setProblem('That time was just taken; please pick another.');
    }
  }, [slots, picked, availability.data]);

  const clock = (iso: string) => formatClock(iso, timeZone, locale);
  const dayWords = (d: string) => formatDay(d, locale, 'weekday');
  const summary = (s: Slot) => {
    const end = new Date(Date.parse(s.etaIn) + (loadType?.duration_minutes ?? 0) * 60_000).toISOString();
    const door = s.rampId === null ? 'any door' : `door ${slots.ramps.find((r) => r.rampId === s.rampId)?.code ?? ''}`;
    return `${dayWords(dayOf(new Date(s.etaIn), timeZone))}, ${clock(s.etaIn)}–${clock(end)}, ${door} · ${loadType?.name ?? ''}`;
  };
  const refresh = () =>
    Promise.all([queryClient.invalidateQueries({ queryKey: MY_BOOKINGS_KEY }), queryClient.invalidateQueries({ queryKey: AVAILABILITY_KEY })]);
  const failed = (e: unknown) => {
    const err = e instanceof ActionError ? e : null;
    setFieldErrors(err?.fieldErrors ?? {});
    setProblem(err?.fieldErrors.eta_in ?? err?.message ?? 'Something went wrong; please try again.');
    if (err?.status === 409) {
      setPicked(null);
      void refresh();
    }
  };
  const told = (b: Booking, what: string) =>
    setNotice(`${what}: ${b.reference}, ${dayWords(dayOf(new Date(b.eta_in), timeZone))} ${clock(b.eta_in)} at door ${b.ramp_code}.`);

  const submit = async (d: BookingDetails) => {
    if (!picked || !loadType) return;
    setBusy('new');
    setProblem(null);
    setNotice(null);
    try {
      const b = rebook
        ? await callAction((key) => rerequestBookingAction(rebook.id, { eta_in: picked.etaIn, ramp_id: picked.rampId }, key))
        : await callAction((key) =>
            requestBookingAction(
              {
                reference: d.reference,
                direction,
                load_type_id: loadType.id,
                eta_in: picked.etaIn,
                ramp_id: picked.rampId,
                notes: d.notes,
                truck_plate: d.truck_plate,
              },
              key,
            ),
          );
      told(b, b.state === 'approved' ? 'Booked and confirmed' : 'Requested; the site will confirm it');
      setPicked(null);
      setRebook(null);
      setFieldErrors({});
      await refresh();
    } catch (e) {
      failed(e);
    } finally {
      setBusy(null);
    }
  };
  const cancel = async (b: Booking) => {
    setBusy(b.id);
    setProblem(null);
    try {
      told(await callAction((key) => cancelBookingAction(b.id, key)), 'Cancelled');
      await refresh();
    } catch (e) {
      failed(e);
    } finally {
      setBusy(null);
    }
  };
  const pick = (s: Slot) => {
    setPicked(s);
    setProblem(null);
  };
  const again = (b: Booking) => {
    setRebook(b);
    setDirection(b.direction);
    setTypeId(b.load_type_id);
    const bookedDay = dayOf(new Date(b.eta_in), timeZone);
    setDay(bookedDay > today && bookedDay <= lastDay ? bookedDay : day);
    setPicked(null);
    setNotice(`Pick a new time for ${b.reference}.`);
    stepTwo.current?.focus();
  };

  return (
    <div className="mx-auto w-full max-w-4xl space-y-5 p-4 sm:p-6">
      <div>
        <h1 className="text-2xl font-bold text-slate-900">Book a slot</h1>
        <p className="text-sm text-slate-600">Three steps: what and when, a start time, your truck. The site confirms your request here.</p>
      </div>
      <div aria-live="polite" className="space-y-2">
        {notice ? (
          <p role="status" className="rounded-md bg-green-50 px-3 py-2 text-sm font-medium text-green-900">
            {notice}
          </p>
        ) : null}
        {problem ? (
          <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm font-medium text-red-800">
            {problem}
          </p>
        ) : null}
      </div>

      <section aria-labelledby="book-step-1" className={card}>
        <h2 id="book-step-1" className="mb-3 text-lg font-semibold text-slate-900">
          1. What and when
        </h2>
        <div className="grid gap-4 sm:grid-cols-3">
          <fieldset className="space-y-2 sm:col-span-3" disabled={rebook !== null}>
            <legend className="mb-1 text-sm font-medium text-slate-700">Direction</legend>
            <div className="grid gap-2 sm:grid-cols-2">
              {DIRECTIONS.map((d) => (
                <label
                  key={d.value}
                  className={`flex cursor-pointer items-start gap-2 rounded-md border px-3 py-2 ${direction === d.value ? 'border-blue-700 bg-blue-50' : 'border-slate-300 bg-white'}`}
                >
                  <input
                    type="radio"
                    name="book-direction"
                    value={d.value}
                    checked={direction === d.value}
                    onChange={() => {
                      setDirection(d.value);
                      setPicked(null);
                    }}
                    className="mt-1"
                  />
                  <span>
                    <span className="block text-sm font-semibold text-slate-900">{d.label}</span>
                    <span className="block text-xs text-slate-600">{d.hint}</span>
                  </span>
                </label>
              ))}
            </div>
          </fieldset>
          <div className="sm:col-span-2">
            <Field label="Load type" id="book-load-type">
              <Select
                id="book-load-type"
                value={loadType?.id ?? ''}
                disabled={rebook !== null}
                onChange={(e) => {
                  setTypeId(Number(e.target.value));
                  setPicked(null);
                }}
              >
                {fitting.length === 0 ? <option value="">No load types for this direction</option> : null}
                {fitting.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name} ({t.duration_minutes} min)
                  </option>
                ))}
              </Select>
            </Field>
          </div>
          <Field label="Day" id="book-day">
            <DateInput
              id="book-day"
              value={day}
              min={today}
              max={lastDay}
              onChange={(d) => {
                if (DATE_RE.test(d)) setDay(d);
                setPicked(null);
              }}
            />
          </Field>
        </div>
      </section>

      <section aria-labelledby="book-step-2" className={card}>
        <h2 id="book-step-2" ref={stepTwo} tabIndex={-1} className="mb-1 text-lg font-semibold text-slate-900 focus:outline-none">
          2. Pick a start time
        </h2>
        <p className="mb-3 text-sm text-slate-600">
          {validDay ? formatDay(day, locale, 'long') : 'Choose a day'}
          {loadType ? ` · ${loadType.name}, ${loadType.duration_minutes} minutes` : ''}
          {rebook ? ` · for ${rebook.reference}` : ''}
        </p>
        {availability.isPending && availability.fetchStatus !== 'idle' ? (
          <p className="text-sm text-slate-600">Looking for free times…</p>
        ) : availability.isError ? (
          <p className="text-sm text-red-800">{availability.error.message}</p>
        ) : availability.data?.closed_reason ? (
          <p role="status" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
            {availability.data.closed_reason}
          </p>
        ) : slots.anyDoor.length === 0 ? (
          <p className="text-sm text-slate-700">No free times on this day. Please try another day.</p>
        ) : (
          <TimePicker anyDoor={slots.anyDoor} ramps={slots.ramps} picked={picked} onPick={pick} />
        )}
      </section>

      {picked ? (
        <section aria-labelledby="book-step-3" className={card}>
          <h2 id="book-step-3" className="mb-3 text-lg font-semibold text-slate-900">
            3. Your truck
          </h2>
          <BookingForm
            summary={summary(picked)}
            rebooking={rebook?.reference ?? null}
            busy={busy === 'new'}
            errors={fieldErrors}
            onSubmit={submit}
            onCancel={() => setPicked(null)}
          />
        </section>
      ) : null}

      <section aria-labelledby="book-mine" className={card}>
        <h2 id="book-mine" className="mb-2 text-lg font-semibold text-slate-900">
          My bookings
        </h2>
        <MyBookings items={mine.data.items} busyId={typeof busy === 'number' ? busy : null} onCancel={cancel} onRerequest={again} />
      </section>
    </div>
  );
}
