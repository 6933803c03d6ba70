'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { createAssignmentAction } from '@/app/(app)/board/actions';
import { PlanDialog } from '@/components/board/plan-dialog';
import { canEditBoard, useSite } from '@/components/providers';
import { Field, Select, TextInput } from '@/components/ui/controls';
import { useToast } from '@/components/ui/toasts';
import { ActionError } from '@/lib/action-result';
import { apiFetch, callAction } from '@/lib/api-client';
import { loadMatches } from '@/lib/board-rules';
import type { Assignment } from '@/lib/schemas/assignments';
import type { Board } from '@/lib/schemas/board';
import type { Load } from '@/lib/schemas/loads';
import { dayOf, fromLocalInput, toLocalInput } from '@/lib/zoned-time';
import { createLoadAction, deleteLoadAction, updateLoadAction } from '@/app/(app)/admin/loads/actions';
import { CrudScreen, type CrudConfig } from './crud-screen';
import { formatDateTime } from './format';
import { loadsQuery, retryUnlessClientError } from './queries';
import { loadTypesQuery } from './load-type-queries';
import { Badge, RowAction } from './resource-table';

const DIRECTION = { IB: { label: 'Inbound', tone: 'blue' }, OB: { label: 'Outbound', tone: 'violet' } } as const;

/** /admin/loads: the trucks to plan. Admins and operators edit; supervisors read. */
export function LoadsAdmin() {
  const { user, timeZone, locale } = useSite();
  const [direction, setDirection] = useState<'' | 'IB' | 'OB'>('');
  const [search, setSearch] = useState('');
  const canWrite = canEditBoard(user.role);
  const when = (iso: string | null) =>
    iso ? <span className="tabular-nums">{formatDateTime(iso, timeZone, locale)}</span> : <span className="text-slate-400">—</span>;
  const instant = (v: string | boolean | undefined) => (typeof v === 'string' && v ? fromLocalInput(v, timeZone) : null);
  const needle = search.trim().toLowerCase();
  const qc = useQueryClient();
  const loadTypes = useQuery(loadTypesQuery()).data ?? [];
  const toast = useToast();
  // Which loads have no live assignment (the Plan action), and the day a load is being planned on: its ramps and assignments.
  const unassigned = useQuery({
    queryKey: ['loads', 'unassigned'],
    queryFn: ({ signal }) => apiFetch<Load[]>('/api/loads?unassigned=true&limit=10000', { signal }),
    enabled: canWrite,
    retry: retryUnlessClientError,
    select: (loads) => new Set(loads.map((l) => l.id)),
  });
  const [planning, setPlanning] = useState<Load | null>(null);
  const planDay = planning ? dayOf(planning.planned_arrival ? new Date(planning.planned_arrival) : new Date(), timeZone) : null;
  const day = useQuery({
    queryKey: ['board', planDay, 'all'],
    queryFn: ({ signal }) => apiFetch<Board>(`/api/board?date=${planDay}`, { signal }),
    enabled: planDay !== null,
    retry: retryUnlessClientError,
  });
  // The dialog needs that day's ramps and assignments: if they cannot be read, say so rather than open nothing.
  useEffect(() => {
    if (!planning || !day.error) return;
    toast(`The ramps of that day could not be read (${day.error.message}); nothing was planned.`, 'error');
    setPlanning(null);
  }, [planning, day.error, toast]);
  const plan = async (load: Load, rampId: number, etaIn: string, etaOut: string) => {
    try {
      const created = await callAction<Assignment>((key) => createAssignmentAction({ ramp_id: rampId, load_id: load.id, eta_in: etaIn, eta_out: etaOut }, key));
      toast(`${load.reference} planned on ${created.ramp.code}`, 'success');
      void qc.invalidateQueries({ queryKey: ['loads', 'unassigned'] });
      void qc.invalidateQueries({ queryKey: ['board'] });
      return null;
    } catch (error) {
      return {
        status: error instanceof ActionError ? error.status : undefined,
        message: error instanceof Error ? error.message : 'The server could not be reached.',
      };
    }
  };

  const config: CrudConfig<Load> = {
    noun: 'load',
    plural: 'loads',
    title: 'Loads',
    description: `The trucks to plan, inbound and outbound. Times are in the site time zone (${timeZone}).`,
    query: loadsQuery(),
    actions: { create: createLoadAction, update: updateLoadAction, remove: deleteLoadAction },
    canWrite,
    wideForm: true,
    rowName: (l) => l.reference,
    rowTestId: (l) => `admin-row-${l.reference}`,
    rowExtras: (l) => (canWrite && unassigned.data?.has(l.id) ? <RowAction label="Plan" name={l.reference} onClick={() => setPlanning(l)} /> : null),
    actionsClassName: 'w-52',
    filter: (rows) => rows.filter((l) => (!direction || l.direction === direction) && (!needle || loadMatches(l, needle))),
    notice: canWrite ? null : (
      <p className="mb-4 rounded-lg border border-blue-200 bg-blue-50 px-4 py-2.5 text-sm text-blue-900">
        You can view the loads; administrators and operators change them.
      </p>
    ),
    toolbar: (
      <search aria-label="Filter loads" className="flex flex-wrap items-end gap-3 [&_input]:h-9 [&_select]:h-9">
        <div className="w-64">
          <Field label="Search by reference or carrier" id="loads-search">
            <TextInput
              id="loads-search"
              type="search"
              value={search}
              placeholder="e.g. IB-1001"
              autoComplete="off"
              onChange={(e) => setSearch(e.target.value)}
            />
          </Field>
        </div>
        <div className="w-44">
          <Field label="Direction" id="loads-direction">
            <Select id="loads-direction" value={direction} onChange={(e) => setDirection(e.target.value as '' | 'IB' | 'OB')}>
              <option value="">All directions</option>
              <option value="IB">Inbound</option>
              <option value="OB">Outbound</option>
            </Select>
          </Field>
        </div>
      </search>
    ),
    columns: [
      { key: 'reference', header: 'Reference', className: 'w-40', cell: (l) => <span className="font-mono font-semibold text-slate-900">{l.reference}</span> },
      {
        key: 'direction',
        header: 'Direction',
        className: 'w-28',
        cell: (l) => <Badge tone={DIRECTION[l.direction].tone}>{DIRECTION[l.direction].label}</Badge>,
      },
      {
        key: 'carrier',
        header: 'Carrier',
        className: 'w-44',
        cell: (l) => (l.carrier ? <span className="line-clamp-1 text-slate-700">{l.carrier}</span> : <span className="text-slate-400">—</span>),
      },
      { key: 'arrival', header: 'Planned arrival', className: 'w-44 whitespace-nowrap', cell: (l) => when(l.planned_arrival) },
      { key: 'departure', header: 'Planned departure', className: 'w-44 whitespace-nowrap', cell: (l) => when(l.planned_departure) },
      {
        key: 'notes',
        header: 'Notes',
        cell: (l) =>
          l.notes ? (
            <span className="line-clamp-1 max-w-xs text-slate-600" title={l.notes}>
              {l.notes}
            </span>
          ) : (
            <span className="text-slate-400">—</span>
          ),
      },
    ],
    fields: () => [
      { name: 'reference', label: 'Reference', type: 'text', required: true, maxLength: 50, placeholder: 'IB-1001' },
      {
        name: 'direction',
        label: 'Direction',
        type: 'select',
        options: [
          { value: 'IB', label: 'Inbound' },
          { value: 'OB', label: 'Outbound' },
        ],
      },
      { name: 'carrier', label: 'Carrier', type: 'text', maxLength: 120, placeholder: 'e.g. Rhenus Logistics' },
      {
        name: 'load_type_id',
        label: 'Load type',
        type: 'select',
        options: [{ value: '', label: 'None' }, ...loadTypes.map((t) => ({ value: String(t.id), label: `${t.name} (${t.duration_minutes} min)` }))],
      },
      { name: 'planned_arrival', label: 'Planned arrival', type: 'datetime-local', hint: timeZone },
      { name: 'planned_departure', label: 'Planned departure', type: 'datetime-local', hint: timeZone },
      { name: 'notes', label: 'Notes', type: 'textarea', maxLength: 2000, placeholder: 'Seal number, special handling…' },
    ],
    toValues: (l) => ({
      reference: l?.reference ?? '',
      direction: l?.direction ?? (direction || 'IB'),
      carrier: l?.carrier ?? '',
      load_type_id: l?.load_type_id ? String(l.load_type_id) : '',
      planned_arrival: l?.planned_arrival ? toLocalInput(l.planned_arrival, timeZone) : '',
      planned_departure: l?.planned_departure ? toLocalInput(l.planned_departure, timeZone) : '',
      notes: l?.notes ?? '',
    }),
    toBody: (v) => ({
      reference: v.reference,
      direction: v.direction,
      // Blank is none (the schema trims it to null).
      carrier: typeof v.carrier === 'string' ? v.carrier : null,
      load_type_id: v.load_type_id ? Number(v.load_type_id) : null,
      planned_arrival: instant(v.planned_arrival),
      planned_departure: instant(v.planned_departure),
      notes: typeof v.notes === 'string' && v.notes.trim() ? v.notes : null,
    }),
    remove: {
      label: 'Delete',
      done: 'deleted',
      message: (l) => (
        <p>
          Load <strong>{l.reference}</strong> will be removed for good. A load that is assigned to a ramp cannot be deleted; delete its assignment on the board
          first.
        </p>
      ),
    },
    emptyText: canWrite ? 'No loads yet. Create one to plan it on the board.' : 'No loads yet.',
    emptyFilteredText: 'No loads match the search and direction.',
  };
  return (
    <>
      <CrudScreen config={config} />
      {planning && day.data ? (
        <PlanDialog
          key={planning.id}
          load={planning}
          ramps={day.data.ramps}
          assignments={day.data.assignments}
          timeZone={timeZone}
          onClose={() => setPlanning(null)}
          onPlan={(rampId, etaIn, etaOut) => plan(planning, rampId, etaIn, etaOut)}
          // The row's Plan button is gone once planned: its Edit button then.
          returnFocus={() => document.querySelector<HTMLElement>(`[data-testid="admin-row-${CSS.escape(planning.reference)}"] button`)}
        />
      ) : null}
    </>
  );
}
