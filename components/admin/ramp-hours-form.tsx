'use client';

import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { Button, TextInput } from '@/components/ui/controls';
import { useToast } from '@/components/ui/toasts';
import { putRampHoursAction } from '@/app/(app)/admin/ramps/rules-actions';
import { apiFetch, callAction } from '@/lib/api-client';
import type { Ramp } from '@/lib/schemas/ramps';
import type { RampHours } from '@/lib/schemas/rules';
import { hoursIssues, hoursOf, nextSpan, WEEK, weekOf, type DayHours, type HoursIssue, type Span, type Week } from './ramp-hours-model';
import { retryUnlessClientError } from './queries';

const MAX_SPANS = 6;

const hoursQuery = (id: number) =>
  queryOptions({
    queryKey: ['ramp-hours', id],
    queryFn: ({ signal }) => apiFetch<RampHours>(`/api/ramps/${id}/hours`, { signal }),
    retry: retryUnlessClientError,
  });

const message = (e: unknown) => (e instanceof Error ? e.message : 'The change was not saved');

/** Labels of a span's inputs: the first span keeps the plain "Monday opens", later ones say which span they are. */
const spanLabel = (name: string, i: number, field: 'opens' | 'closes') => (i === 0 ? `${name} ${field}` : `${name} span ${i + 1} ${field}`);

function DayRow({
  weekday,
  name,
  day,
  issues,
  onChange,
  errorId,
}: {
  weekday: number;
  name: string;
  day: DayHours;
  issues: HoursIssue[];
  onChange: (day: DayHours) => void;
  errorId: string;
}) {
  const setSpan = (i: number, patch: Partial<Span>) => onChange({ ...day, spans: day.spans.map((s, k) => (k === i ? { ...s, ...patch } : s)) });
  const invalid = (i: number, field: 'opens' | 'closes') => issues.some((x) => x.weekday === weekday && x.span === i && x.field === field);
  return (
    <li className="flex flex-wrap items-start gap-3 text-sm">
      <label className="flex w-32 items-center gap-2 pt-1.5 text-slate-800">
        <input type="checkbox" checked={day.open} onChange={(e) => onChange({ ...day, open: e.target.checked })} />
        {name}
      </label>
      {day.open ? (
        <div className="flex flex-col gap-1.5">
          <ul className="flex flex-col gap-1.5" aria-label={`Opening spans on ${name}`}>
            {day.spans.map((s, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: spans have no identity of their own; their place in the day is it.
              <li key={i} className="flex items-center gap-2">
                {(['opens', 'closes'] as const).map((field, f) => (
                  <span key={field} className="flex items-center gap-2">
                    {f === 1 ? <span aria-hidden>–</span> : null}
                    <TextInput
                      aria-label={spanLabel(name, i, field)}
                      value={s[field]}
                      invalid={invalid(i, field)}
                      aria-describedby={invalid(i, field) ? errorId : undefined}
                      onChange={(e) => setSpan(i, { [field]: e.target.value })}
                      inputMode="numeric"
                      className="w-20"
                    />
                  </span>
                ))}
                {day.spans.length > 1 ? (
                  <Button
                    type="button"
                    aria-label={`Remove ${name} span ${i + 1} (${s.opens}–${s.closes})`}
                    onClick={() => onChange({ ...day, spans: day.spans.filter((_, k) => k !== i) })}
                  >
                    Remove
                  </Button>
                ) : null}
              </li>
            ))}
          </ul>
          {day.spans.length < MAX_SPANS ? (
            <Button
              type="button"
              className="self-start"
              aria-label={`Add span on ${name}`}
              onClick={() => onChange({ ...day, spans: [...day.spans, nextSpan(day.spans)] })}
            >
              Add span
            </Button>
          ) : null}
        </div>
      ) : (
        <span className="pt-1.5 text-slate-600">Closed</span>
      )}
    </li>
  );
}

/** A ramp's week: each day closed, or open in one or more spans (e.g. 06:00–12:00 and 13:00–22:00). */
export function HoursForm({ ramp }: { ramp: Ramp }) {
  const qc = useQueryClient();
  const toast = useToast();
  const { data } = useQuery(hoursQuery(ramp.id));
  const [week, setWeek] = useState<Week>(() => weekOf(undefined));
  const [issues, setIssues] = useState<HoursIssue[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setWeek(weekOf(data)), [data]);
  const errorId = `hours-errors-${ramp.id}`;
  const save = async (hours: { weekday: number; opens: string; closes: string }[]) => {
    setError(null);
    try {
      await callAction((key) => putRampHoursAction(ramp.id, { hours }, key));
      await qc.invalidateQueries({ queryKey: ['ramp-hours', ramp.id] });
      toast(`Hours of ${ramp.code} saved.`, 'success');
    } catch (e) {
      setError(message(e));
    }
  };
  const change = (weekday: number, day: DayHours) => {
    const next = { ...week, [weekday]: day };
    setWeek(next);
    // Once a save showed problems, they clear as they are fixed.
    if (issues.length > 0) setIssues(hoursIssues(next));
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found = hoursIssues(week);
    setIssues(found);
    if (found.length > 0) {
      setError(null);
      return;
    }
    void save(hoursOf(week));
  };
  return (
    <form onSubmit={submit} noValidate className="space-y-3" aria-label={`Opening hours of ${ramp.code}`}>
      <p className="text-sm text-slate-700">
        {data?.always_open ? 'No hours set: the ramp is open at all times.' : `Times in ${data?.time_zone ?? 'the site time zone'}.`}
      </p>
      <ul className="space-y-2">
        {WEEK.map(([d, name]) => (
          <DayRow key={d} weekday={d} name={name} day={week[d]!} issues={issues} errorId={errorId} onChange={(day) => change(d, day)} />
        ))}
      </ul>
      {issues.length > 0 ? (
        <div id={errorId} role="alert" className="text-sm text-red-700">
          <p>The hours were not saved:</p>
          <ul className="list-disc pl-5">
            {issues.map((x) => (
              <li key={`${x.weekday}-${x.span}-${x.field}`}>{x.message}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {error ? (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
      <div className="flex gap-2">
        <Button type="submit" tone="primary">
          Save hours
        </Button>
        <Button type="button" onClick={() => void save([])}>
          Open at all times
        </Button>
      </div>
    </form>
  );
}
