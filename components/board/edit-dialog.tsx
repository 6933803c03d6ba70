'use client';

import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useSite } from '@/components/providers';
import { Button, Field, Select } from '@/components/ui/controls';
import { DateTimeInput } from '@/components/ui/date-input';
import { Dialog } from '@/components/ui/dialog';
import { AssignmentHistory } from '@/components/history/assignment-history';
import { ACTUAL_FIELDS, type ActualField } from '@/lib/board-rules';
import type { Assignment } from '@/lib/schemas/assignments';
import type { Ramp } from '@/lib/schemas/ramps';
import type { Status } from '@/lib/schemas/statuses';
import { formatClock, fromLocalInput, toLocalInput } from '@/lib/zoned-time';
import type { AssignmentChanges } from '@/components/board/use-board-mutations';

type Props = {
  /** The assignment as it was when the dialog opened: its version is what the save is based on. */
  base: Assignment;
  /** The latest known state, to tell the user that it changed meanwhile. */
  latest: Assignment | undefined;
  ramps: Ramp[];
  statuses: Status[];
  timeZone: string;
  editable: boolean;
  onClose: () => void;
  onSave: (changes: AssignmentChanges) => Promise<boolean>;
  onDelete: () => Promise<boolean>;
  /** Shown above the form (the gate's buttons, components/board/block-gate-actions.tsx). */
  extra?: ReactNode;
  /** Where focus goes on close when the block that opened it is gone (components/ui/dialog.tsx). */
  returnFocus?: (last: boolean) => HTMLElement | null | undefined;
};

/** Status, ETAs, ramp and actual times of one assignment, saved with its version; delete behind a confirmation. */
export function EditDialog({ base, latest, ramps, statuses, timeZone, editable, onClose, onSave, onDelete, extra, returnFocus }: Props) {
  const [rampId, setRampId] = useState(base.ramp_id);
  const [statusId, setStatusId] = useState(base.status_id);
  const [etaIn, setEtaIn] = useState(toLocalInput(base.eta_in, timeZone));
  const [etaOut, setEtaOut] = useState(toLocalInput(base.eta_out, timeZone));
  const [actual, setActual] = useState(() => actualInputs(base, timeZone));
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [tab, setTab] = useState<'edit' | 'history'>('edit');
  // A gate step taken from this dialog (check in, call, check out) moves its base to the version it wrote: the
  // fields the user left alone follow it, what they changed stays theirs, and Save is based on the new version.
  const shownBase = useRef(base);
  useEffect(() => {
    const old = shownBase.current;
    if (old === base) return;
    shownBase.current = base;
    const follow =
      <T,>(before: T, after: T) =>
      (v: T) =>
        v === before ? after : v;
    setRampId(follow(old.ramp_id, base.ramp_id));
    setStatusId(follow(old.status_id, base.status_id));
    setEtaIn(follow(toLocalInput(old.eta_in, timeZone), toLocalInput(base.eta_in, timeZone)));
    setEtaOut(follow(toLocalInput(old.eta_out, timeZone), toLocalInput(base.eta_out, timeZone)));
    const [was, now] = [actualInputs(old, timeZone), actualInputs(base, timeZone)];
    setActual((v) => ({ ...v, ...Object.fromEntries(ACTUAL_FIELDS.filter((f) => v[f] === was[f]).map((f) => [f, now[f]])) }));
  }, [base, timeZone]);
  const changedMeanwhile = latest && latest.version > base.version;
  const { locale } = useSite();
  // The inline delete confirmation: focus to its safe answer, and back to "Delete…" on "No" (not to the page body).
  const asked = useRef(false);
  useEffect(() => {
    if (confirming) asked.current = true;
    if (asked.current) document.getElementById(confirming ? 'edit-delete-no' : 'edit-delete')?.focus();
  }, [confirming]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const inIso = fromLocalInput(etaIn, timeZone);
    const outIso = fromLocalInput(etaOut, timeZone);
    if (!inIso || !outIso) return setError('Enter both times.');
    if (Date.parse(outIso) <= Date.parse(inIso)) return setError('ETA out must be after ETA in.');
    const changes: AssignmentChanges = {};
    if (rampId !== base.ramp_id) changes.ramp_id = rampId;
    if (statusId !== base.status_id) changes.status_id = statusId;
    if (Date.parse(inIso) !== Date.parse(base.eta_in)) changes.eta_in = inIso;
    if (Date.parse(outIso) !== Date.parse(base.eta_out)) changes.eta_out = outIso;
    const times = readActuals(actual, timeZone);
    if (typeof times === 'string') return setError(times);
    // Compared as the inputs show them (to the minute): a recorded 08:12:37 left alone is not a change.
    const shown = actualInputs(base, timeZone);
    for (const f of ACTUAL_FIELDS) if (actual[f] !== shown[f]) changes[f] = times[f];
    if (Object.keys(changes).length === 0) return onClose();
    setBusy(true);
    const ok = await onSave(changes);
    setBusy(false);
    if (ok) onClose();
  }

  const fitting = ramps.filter((r) => r.is_active && (r.kind === 'BOTH' || r.kind === base.load.direction || r.id === base.ramp_id));
  return (
    <Dialog open onClose={onClose} title={`${base.load.reference} · ${base.load.direction === 'IB' ? 'Inbound' : 'Outbound'}`} wide returnFocus={returnFocus}>
      <div role="tablist" aria-label="Assignment" className="mb-4 flex gap-1 border-b border-slate-200">
        {(['edit', 'history'] as const).map((t) => (
          <button
            key={t}
            type="button"
            role="tab"
            aria-selected={tab === t}
            onClick={() => setTab(t)}
            className={`-mb-px border-b-2 px-3 py-2 text-sm font-medium ${tab === t ? 'border-blue-700 text-blue-800' : 'border-transparent text-slate-500 hover:text-slate-800'}`}
          >
            {t === 'edit' ? (editable ? 'Edit' : 'Details') : 'History'}
          </button>
        ))}
      </div>
      {tab === 'history' ? (
        <div className="max-h-[60vh] overflow-y-auto">
          <AssignmentHistory assignmentId={base.id} />
        </div>
      ) : (
        <form onSubmit={submit} className="space-y-4" data-testid="edit-dialog">
          {extra}
          {base.load.notes ? (
            <p className="rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-700">
              <span className="font-medium">Notes: </span>
              {base.load.notes}
            </p>
          ) : null}
          {changedMeanwhile ? (
            <p role="status" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
              {latest.updater?.full_name ?? 'Someone'} changed this assignment while it was open (now {latest.status.label},{' '}
              {formatClock(latest.eta_in, timeZone, locale)}–{formatClock(latest.eta_out, timeZone, locale)} on {latest.ramp.code}). Saving will ask you which
              version to keep.
            </p>
          ) : null}
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label="Ramp" id="edit-ramp">
              <Select id="edit-ramp" value={rampId} disabled={!editable} onChange={(e) => setRampId(Number(e.target.value))}>
                {fitting.map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.code} — {r.description}
                  </option>
                ))}
              </Select>
            </Field>
            <Field label="Status" id="edit-status">
              <Select id="edit-status" value={statusId} disabled={!editable} onChange={(e) => setStatusId(Number(e.target.value))}>
                {statuses.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.label}
                  </option>
                ))}
              </Select>
            </Field>
            <Field label={`ETA in (${timeZone})`} id="edit-eta-in">
              <DateTimeInput id="edit-eta-in" value={etaIn} disabled={!editable} onChange={setEtaIn} reportInvalid required />
            </Field>
            <Field label={`ETA out (${timeZone})`} id="edit-eta-out">
              <DateTimeInput id="edit-eta-out" value={etaOut} disabled={!editable} onChange={setEtaOut} reportInvalid required />
            </Field>
          </div>
          <fieldset className="rounded-md border border-slate-200 px-3 pt-2 pb-3" data-testid="actual-times">
            <legend className="px-1 text-sm font-medium text-slate-700">Actual times ({timeZone})</legend>
            <div className="grid gap-3 sm:grid-cols-2">
              {ACTUAL_FIELDS.map((f) => (
                <Field key={f} label={ACTUAL_LABEL[f]} id={`edit-${f}`}>
                  <DateTimeInput id={`edit-${f}`} value={actual[f]} disabled={!editable} onChange={(t) => setActual((v) => ({ ...v, [f]: t }))} reportInvalid />
                </Field>
              ))}
            </div>
            {editable ? (
              <p className="mt-2 text-xs text-slate-500">
                Left empty, changing the status to Arrived, In progress or Completed records that time as now. Clear a field to remove a time.
              </p>
            ) : null}
          </fieldset>
          {error ? (
            <p role="alert" className="text-sm font-medium text-red-700">
              {error}
            </p>
          ) : null}
          <p className="text-xs text-slate-500">
            Version {base.version}
            {base.updater ? ` · last changed by ${base.updater.full_name}` : ''}
          </p>
          {editable ? (
            <div className="flex items-center justify-between gap-2 border-t border-slate-100 pt-4">
              {confirming ? (
                <fieldset className="flex items-center gap-2" aria-label="Confirm delete">
                  <span className="text-sm text-red-800">Delete this assignment?</span>
                  <Button
                    tone="danger"
                    onClick={async () => {
                      setBusy(true);
                      const ok = await onDelete();
                      setBusy(false);
                      if (ok) onClose();
                    }}
                    disabled={busy}
                  >
                    Yes, delete
                  </Button>
                  <Button id="edit-delete-no" onClick={() => setConfirming(false)}>
                    No
                  </Button>
                </fieldset>
              ) : (
                <Button id="edit-delete" tone="ghost" className="text-red-700" onClick={() => setConfirming(true)}>
                  Delete…
                </Button>
              )}
              <div className="flex gap-2">
                <Button onClick={onClose}>Cancel</Button>
                <Button tone="primary" type="submit" disabled={busy}>
                  {busy ? 'Saving…' : 'Save'}
                </Button>
              </div>
            </div>
          ) : (
            <div className="flex justify-end border-t border-slate-100 pt-4">
              <Button onClick={onClose}>Close</Button>
            </div>
          )}
        </form>
      )}
    </Dialog>
  );
}

const ACTUAL_LABEL: Record<ActualField, string> = { arrived_at: 'Arrived', started_at: 'Started', completed_at: 'Completed', departed_at: 'Departed' };

/** The four actual times as datetime-local values in the site zone; '' when none is recorded. */
function actualInputs(a: Assignment, timeZone: string): Record<ActualField, string> {
  const input = (iso: string | null) => (iso ? toLocalInput(iso, timeZone) : '');
  return { arrived_at: input(a.arrived_at), started_at: input(a.started_at), completed_at: input(a.completed_at), departed_at: input(a.departed_at) };
}

/** The inputs as ISO instants (null when empty), or what is wrong with them: the order the server enforces, said before saving. */
function readActuals(values: Record<ActualField, string>, timeZone: string): Record<ActualField, string | null> | string {
  const out = {} as Record<ActualField, string | null>;
  for (const f of ACTUAL_FIELDS) {
    out[f] = values[f] ? fromLocalInput(values[f], timeZone) : null;
    if (values[f] && !out[f]) return `Enter a valid time for ${ACTUAL_LABEL[f].toLowerCase()}, or leave it empty.`;
  }
  for (let i = 1; i < ACTUAL_FIELDS.length; i++) {
    const later = ACTUAL_FIELDS[i]!;
    const at = out[later];
    const earlier = at ? ACTUAL_FIELDS.slice(0, i).find((f) => out[f] && Date.parse(out[f]!) > Date.parse(at)) : undefined;
    if (earlier) return `${ACTUAL_LABEL[later]} must not be before ${ACTUAL_LABEL[earlier].toLowerCase()}.`;
  }
  return out;
}
