'use client';

import { useEffect, useId, useState } from 'react';
import { Field, TextInput } from '@/components/ui/controls';
import { DateInput } from '@/components/ui/date-input';
import { PRESETS, presetOf, presetRange, rangeProblem, type ReportRange } from './report-range';

type Props = { range: ReportRange; today: string; carriers: string[]; onChange: (range: ReportRange) => void };

const segment =
  'px-3 py-1.5 text-sm font-medium first:rounded-l-md last:rounded-r-md focus:outline-none focus-visible:z-10 focus-visible:ring-2 focus-visible:ring-blue-600/40';

/** Day / Week / Month, a custom from–to, and the carrier: every change goes to the page's address. */
export function RangeControls({ range, today, carriers, onChange }: Props) {
  const id = useId();
  const active = presetOf(range, today);
  // The two days are edited as a draft: a half-typed range is shown with its problem, not sent.
  const [draft, setDraft] = useState({ from: range.from, to: range.to });
  const [carrier, setCarrier] = useState(range.carrier);
  useEffect(() => setDraft({ from: range.from, to: range.to }), [range.from, range.to]);

  // The carrier is sent once typing pauses, not per key.
  useEffect(() => {
    const next = carrier.trim();
    if (next === range.carrier) return;
    const t = setTimeout(() => onChange({ ...range, carrier: next }), 350);
    return () => clearTimeout(t);
  }, [carrier, range, onChange]);

  const problem = rangeProblem(draft.from, draft.to);
  const setDay = (which: 'from' | 'to', value: string) => {
    const next = { ...draft, [which]: value };
    setDraft(next);
    if (!rangeProblem(next.from, next.to)) onChange({ ...range, ...next });
  };

  return (
    <div className="flex flex-wrap items-end gap-3 [&_input]:h-9">
      <fieldset className="flex flex-col gap-1">
        <legend className="mb-1 text-sm font-medium text-slate-700">Range</legend>
        <div className="inline-flex divide-x divide-slate-300 rounded-md border border-slate-300 bg-white shadow-sm">
          {PRESETS.map((p) => (
            <button
              key={p.id}
              type="button"
              title={p.title}
              aria-pressed={active === p.id}
              onClick={() => onChange({ ...range, ...presetRange(p.id, today) })}
              className={`${segment} h-9 ${active === p.id ? 'bg-blue-700 text-white' : 'text-slate-700 hover:bg-slate-50'}`}
              data-testid={`preset-${p.id}`}
            >
              {p.label}
            </button>
          ))}
        </div>
      </fieldset>
      <div className="w-40">
        <Field label="From" id={`${id}-from`}>
          <DateInput id={`${id}-from`} value={draft.from} onChange={(d) => setDay('from', d)} />
        </Field>
      </div>
      <div className="w-40">
        <Field label="To" id={`${id}-to`} error={problem ?? undefined}>
          <DateInput id={`${id}-to`} value={draft.to} onChange={(d) => setDay('to', d)} invalid={!!problem} />
        </Field>
      </div>
      <search className="w-56" aria-label="Filter by carrier">
        <Field label="Carrier" id={`${id}-carrier`}>
          <TextInput
            id={`${id}-carrier`}
            type="search"
            list={`${id}-carriers`}
            placeholder="All carriers"
            autoComplete="off"
            value={carrier}
            onChange={(e) => setCarrier(e.target.value)}
          />
        </Field>
        <datalist id={`${id}-carriers`}>
          {carriers.map((c) => (
            <option key={c} value={c} />
          ))}
        </datalist>
      </search>
    </div>
  );
}
