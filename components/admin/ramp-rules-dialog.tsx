'use client';

import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useSite } from '@/components/providers';
import { Button, TextInput } from '@/components/ui/controls';
import { Dialog } from '@/components/ui/dialog';
import { useToast } from '@/components/ui/toasts';
import { createClosureAction, deleteClosureAction } from '@/app/(app)/admin/ramps/rules-actions';
import { apiFetch, callAction } from '@/lib/api-client';
import type { Ramp } from '@/lib/schemas/ramps';
import type { Closure } from '@/lib/schemas/rules';
import { formatDateTime, fromLocalInput } from '@/lib/zoned-time';
import { retryUnlessClientError } from './queries';
import { HoursForm } from './ramp-hours-form';

const closuresQuery = (id: number) =>
  queryOptions({
    queryKey: ['ramp-closures', id],
    queryFn: ({ signal }) => apiFetch<Closure[]>(`/api/ramps/${id}/closures?from=${encodeURIComponent(new Date().toISOString())}`, { signal }),
    retry: retryUnlessClientError,
  });

const message = (e: unknown) => (e instanceof Error ? e.message : 'The change was not saved');

function Closures({ ramp }: { ramp: Ramp }) {
  const qc = useQueryClient();
  const toast = useToast();
  const { timeZone, locale } = useSite();
  const { data = [] } = useQuery(closuresQuery(ramp.id));
  const [form, setForm] = useState({ starts: '', ends: '', reason: '' });
  const [error, setError] = useState<string | null>(null);
  const refresh = () => qc.invalidateQueries({ queryKey: ['ramp-closures', ramp.id] });
  const add = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const body = { starts_at: fromLocalInput(form.starts, timeZone), ends_at: fromLocalInput(form.ends, timeZone), reason: form.reason };
      await callAction((key) => createClosureAction(ramp.id, body, key));
      setForm({ starts: '', ends: '', reason: '' });
      await refresh();
      toast(`${ramp.code} closure added.`, 'success');
    } catch (err) {
      setError(message(err));
    }
  };
  const remove = async (c: Closure) => {
    try {
      await callAction((key) => deleteClosureAction(c.id, key));
      await refresh();
      toast(`${ramp.code} closure removed.`, 'success');
    } catch (err) {
      setError(message(err));
    }
  };
  return (
    <section aria-labelledby={`closures-${ramp.id}`} className="space-y-3 border-t border-slate-100 pt-4">
      <h3 id={`closures-${ramp.id}`} className="text-sm font-semibold text-slate-900">
        Closures
      </h3>
      {data.length === 0 ? <p className="text-sm text-slate-600">No closures ahead.</p> : null}
      <ul className="space-y-1 text-sm">
        {data.map((c) => (
          <li key={c.id} className="flex items-center justify-between gap-3">
            <span>
              {formatDateTime(c.starts_at, timeZone, locale)} – {formatDateTime(c.ends_at, timeZone, locale)}
              {c.reason ? `: ${c.reason}` : ''}
            </span>
            <Button type="button" onClick={() => void remove(c)} aria-label={`Remove closure ${c.reason || formatDateTime(c.starts_at, timeZone, locale)}`}>
              Remove
            </Button>
          </li>
        ))}
      </ul>
      <form onSubmit={add} className="flex flex-wrap items-end gap-2 text-sm" aria-label={`New closure of ${ramp.code}`}>
        <label htmlFor={`closure-starts-${ramp.id}`} className="flex flex-col text-slate-700">
          From
          <TextInput
            id={`closure-starts-${ramp.id}`}
            type="datetime-local"
            required
            value={form.starts}
            onChange={(e) => setForm({ ...form, starts: e.target.value })}
          />
        </label>
        <label htmlFor={`closure-ends-${ramp.id}`} className="flex flex-col text-slate-700">
          Until
          <TextInput
            id={`closure-ends-${ramp.id}`}
            type="datetime-local"
            required
            value={form.ends}
            onChange={(e) => setForm({ ...form, ends: e.target.value })}
          />
        </label>
        <label htmlFor={`closure-reason-${ramp.id}`} className="flex flex-col text-slate-700">
          Reason
          <TextInput
            id={`closure-reason-${ramp.id}`}
            value={form.reason}
            maxLength={200}
            onChange={(e) => setForm({ ...form, reason: e.target.value })}
            placeholder="Maintenance"
          />
        </label>
        <Button type="submit">Add closure</Button>
      </form>
      {error ? (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </section>
  );
}

/** A ramp's week and closures (SPEC §9), from the ramps screen's "Hours" button. */
export function RampRulesDialog({ ramp, onClose }: { ramp: Ramp | null; onClose: () => void }) {
  return (
    <Dialog open={ramp !== null} onClose={onClose} title={ramp ? `Hours of ${ramp.code}` : 'Hours'} wide>
      {ramp ? (
        <div className="space-y-4">
          <HoursForm ramp={ramp} />
          <Closures ramp={ramp} />
        </div>
      ) : null}
    </Dialog>
  );
}
