'use client';

import { useSite } from '@/components/providers';
import { createLoadTypeAction, deleteLoadTypeAction, updateLoadTypeAction } from '@/app/(app)/admin/load-types/actions';
import type { LoadType } from '@/lib/schemas/rules';
import { AdminOnly, CrudScreen, type CrudConfig } from './crud-screen';
import { loadTypesQuery } from './load-type-queries';
import { optionalNumber } from './resource-form';
import { Badge } from './resource-table';

const KINDS = [
  { value: 'IB', label: 'Inbound ramps' },
  { value: 'OB', label: 'Outbound ramps' },
  { value: 'BOTH', label: 'Ramps for both directions' },
];
const KIND_BADGE = { IB: 'Inbound', OB: 'Outbound', BOTH: 'Both' } as const;

/** /admin/load-types: what kinds of load arrive, how long each takes at a door, and which ramps take it (SPEC §9). */
export function LoadTypesAdmin() {
  const { user } = useSite();
  if (user.role !== 'ADMIN') return <AdminOnly what="load types" />;

  const config: CrudConfig<LoadType> = {
    noun: 'load type',
    plural: 'load types',
    title: 'Load types',
    description: 'A load with a type gets its default length when it is planned without an end time, and only ramps of the kinds it fits take it.',
    query: loadTypesQuery(),
    actions: { create: createLoadTypeAction, update: updateLoadTypeAction, remove: deleteLoadTypeAction },
    canWrite: true,
    rowName: (t) => t.name,
    rowTestId: (t) => `admin-row-${t.name}`,
    columns: [
      { key: 'name', header: 'Name', cell: (t) => <span className="font-semibold text-slate-900">{t.name}</span> },
      { key: 'duration', header: 'Duration', className: 'w-32 tabular-nums', cell: (t) => `${t.duration_minutes} min` },
      {
        key: 'kinds',
        header: 'Fits ramps',
        className: 'w-72',
        cell: (t) => (
          <span className="inline-flex gap-1">
            {t.ramp_kinds.map((k) => (
              <Badge key={k}>{KIND_BADGE[k]}</Badge>
            ))}
          </span>
        ),
      },
    ],
    fields: () => [
      { name: 'name', label: 'Name', type: 'text', required: true, maxLength: 60, placeholder: 'Full trailer' },
      { name: 'duration_minutes', label: 'Duration (minutes)', type: 'number', required: true, hint: 'The default length of its bookings' },
      { name: 'ramp_kinds', label: 'Fits ramps', type: 'checkboxes', options: KINDS },
    ],
    toValues: (t) => ({
      name: t?.name ?? '',
      duration_minutes: t ? String(t.duration_minutes) : '60',
      ramp_kinds: (t?.ramp_kinds ?? ['IB', 'OB', 'BOTH']).join(','),
    }),
    toBody: (v) => ({
      name: v.name,
      duration_minutes: optionalNumber(v.duration_minutes),
      ramp_kinds: String(v.ramp_kinds ?? '')
        .split(',')
        .filter(Boolean),
    }),
    remove: {
      label: 'Delete',
      done: 'deleted',
      message: (t) => (
        <p>
          Load type <strong>{t.name}</strong> will be removed for good. A type that loads still carry cannot be deleted.
        </p>
      ),
    },
    emptyText: 'No load types yet. Every booking then needs an end time.',
  };
  return <CrudScreen config={config} />;
}
