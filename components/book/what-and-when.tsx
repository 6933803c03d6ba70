'use client';

import { Field, Select } from '@/components/ui/controls';
import { DateInput } from '@/components/ui/date-input';
import type { LoadType } from '@/lib/schemas/rules';

type Direction = 'IB' | 'OB';
const DIRECTIONS: { value: Direction; label: string; hint: string }[] = [
  { value: 'IB', label: 'Inbound delivery', hint: 'You bring goods to the site' },
  { value: 'OB', label: 'Outbound pickup', hint: 'You collect goods from the site' },
];

/** Step 1: direction, load type and day. A re-request keeps the booking's direction and type. */
export function WhatAndWhen(props: {
  className: string;
  locked: boolean;
  direction: Direction;
  types: LoadType[];
  typeId: number | null;
  day: string;
  today: string;
  lastDay: string;
  onDirection: (d: Direction) => void;
  onType: (id: number) => void;
  onDay: (d: string) => void;
}) {
  const { direction, types } = props;
  return (
    <section aria-labelledby="book-step-1" className={props.className}>
      <h2 id="book-step-1" className="mb-3 text-lg font-semibold text-slate-900">
        1. What and when
      </h2>
      <div className="grid gap-4 sm:grid-cols-3">
        <fieldset className="space-y-2 sm:col-span-3" disabled={props.locked}>
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
                  onChange={() => props.onDirection(d.value)}
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
            <Select id="book-load-type" value={props.typeId ?? ''} disabled={props.locked} onChange={(e) => props.onType(Number(e.target.value))}>
              {types.length === 0 ? <option value="">No load types for this direction</option> : null}
              {types.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name} ({t.duration_minutes} min)
                </option>
              ))}
            </Select>
          </Field>
        </div>
        <Field label="Day" id="book-day">
          <DateInput id="book-day" value={props.day} min={props.today} max={props.lastDay} onChange={props.onDay} />
        </Field>
      </div>
    </section>
  );
}
