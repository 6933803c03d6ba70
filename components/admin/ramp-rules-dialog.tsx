'use client';

import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useSite } from '@/components/providers';
import { Button, TextInput } from '@/components/ui/controls';
import { Dialog } from '@/components/ui/dialog';
import { useToast } from '@/components/ui/toasts';
import { createClosureAction, deleteClosureAction, putRampHoursAction } from '@/app/(app)/admin/ramps/rules-actions';
import { apiFetch, callAction } from '@/lib/api-client';
import type { Ramp } from '@/lib/schemas/ramps';
import type { Closure, RampHours } from '@/lib/schemas/rules';
import { formatDateTime, fromLocalInput } from '@/lib/zoned-time';
import { retryUnlessClientError } from './queries';

// Monday first, as a week reads on a site; weekday numbers are 0 = Sunday … 6 = Saturday.
const DAYS = [
  [1, 'Monday'],
  [2, 'Tuesday'],
  [3, 'Wednesday'],
  [4, 'Thursday'],
  [5, 'Friday'],
  [6, 'Saturday'],
  [0, 'Sunday'],
] as const;
type DayRow = { open: boolean; opens: string; closes: string };

const hoursQuery = (id: number) =>
  queryOptions({
    queryKey: ['ramp-hours', id],
    queryFn: ({ signal }) => apiFetch<RampHours>(`/api/ramps/${id}/hours`, { signal }),
    retry: retryUnlessClientError,
  });
const closuresQuery = (id: number) =>
  queryOptions({
    queryKey: ['ramp-closures', id],
    queryFn: ({ signal }) => apiFetch<Closure[]>(`/api/ramps/${id}/closures?from=${encodeURIComponent(new Date().toISOString())}`, { signal }),
    retry: retryUnlessClientError,
  });

const message = (e: unknown) => (e instanceof Error ? e.message : 'The change was not saved');

function toRows(h: RampHours | undefined): Record<number, DayRow> {
  const rows: Record<number, DayRow> = {};
  for (const [d] of DAYS) {
    const span = h?.hours.find((x) => x.weekday === d);
    rows[d] = span ? { open: true, opens: span.opens, closes: span.closes } : { open: h ? h.always_open : true, opens: '06:00', closes: '22:00' };
  }
  return rows;
}

function HoursForm({ ramp }: { ramp: Ramp }) {
  const qc = useQueryClient();
  const toast = useToast();
  const { data } = useQuery(hoursQuery(ramp.id));
  const [rows, setRows] = useState<Record<number, DayRow>>(() => toRows(undefined));
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setRows(toRows(data)), [data]);
  const set = (d: number, patch: Partial<DayRow>) => setRows((r) => ({ ...r, [d]: { ...r[d]!, ...patch } }));
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
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void save(DAYS.flatMap(([d]) => (rows[d]!.open ? [{ weekday: d, opens: rows[d]!.opens, closes: rows[d]!.closes }] : [])));
  };
  return (
    <form onSubmit={submit} className="space-y-3" aria-label={`Opening hours of ${ramp.code}`}>
      <p className="text-sm text-slate-700">
        {data?.always_open ? 'No hours set: the ramp is open at all times.' : `Times in ${data?.time_zone ?? 'the site time zone'}.`}
      </p>
      <ul className="space-y-1.5">
        {DAYS.map(([d, name]) => (
          <li key={d} className="flex items-center gap-3 text-sm">
            <label className="flex w-32 items-center gap-2 text-slate-800">
              <input type="checkbox" checked={rows[d]!.open} onChange={(e) => set(d, { open: e.target.checked })} />
              {name}
            </label>
            <TextInput
              aria-label={`${name} opens`}
              value={rows[d]!.opens}
              disabled={!rows[d]!.open}
              onChange={(e) => set(d, { opens: e.target.value })}
              className="w-20"
            />
            <span aria-hidden>–</span>
            <TextInput
              aria-label={`${name} closes`}
              value={rows[d]!.closes}
              disabled={!rows[d]!.open}
              onChange={(e) => set(d, { closes: e.target.value })}
              className="w-20"
            />
            {rows[d]!.open ? null : <span className="text-slate-600">Closed</span>}
          </li>
        ))}
      </ul>
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
