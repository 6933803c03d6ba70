'use client';

import { useSite } from '@/components/providers';
import type { Status } from '@/lib/schemas/statuses';
import { statusStyle } from '@/lib/status-colors';
import { createStatusAction, deleteStatusAction, updateStatusAction } from '@/app/(app)/admin/statuses/actions';
import { AdminOnly, CrudScreen, type CrudConfig } from './crud-screen';
import { statusesQuery } from './queries';
import { optionalNumber, Swatch } from './resource-form';

/** /admin/statuses: the states an assignment goes through, with their board colour. */
export function StatusesAdmin() {
  const { user } = useSite();
  if (user.role !== 'ADMIN') return <AdminOnly what="statuses" />;

  const config: CrudConfig<Status> = {
    noun: 'status',
    plural: 'statuses',
    title: 'Statuses',
    description: 'The steps an assignment goes through, in board order, and the colour its block gets. A status in use cannot be deleted; CANCELLED is fixed.',
    query: statusesQuery(),
    actions: { create: createStatusAction, update: updateStatusAction, remove: deleteStatusAction },
    canWrite: true,
    rowName: (s) => s.code,
    rowTestId: (s) => `admin-row-${s.code}`,
    columns: [
      { key: 'code', header: 'Code', className: 'w-40', cell: (s) => <span className="font-mono font-semibold text-slate-900">{s.code}</span> },
      { key: 'label', header: 'Label', cell: (s) => s.label },
      {
        key: 'color',
        header: 'Colour',
        className: 'w-72',
        cell: (s) => {
          const style = statusStyle(s.color);
          return (
            <span className="inline-flex items-center gap-2">
              <Swatch color={s.color} small />
              <span
                className="rounded px-1.5 py-0.5 text-xs font-medium"
                style={{ background: style.bg, color: style.text, borderLeft: `3px solid ${style.border}` }}
              >
                {s.label}
              </span>
              <span className="font-mono text-xs text-slate-500">{s.color}</span>
            </span>
          );
        },
      },
      { key: 'sort', header: 'Order', className: 'w-20 text-right tabular-nums', cell: (s) => s.sort_order },
    ],
    fields: () => [
      { name: 'code', label: 'Code', type: 'text', required: true, maxLength: 30, placeholder: 'AT_GATE', hint: 'Upper-case letters, digits and _' },
      { name: 'label', label: 'Label', type: 'text', required: true, maxLength: 60, placeholder: 'At the gate' },
      { name: 'color', label: 'Colour', type: 'color', required: true, placeholder: 'blue or #1d4ed8', hint: 'A colour name or a #hex colour' },
      { name: 'sort_order', label: 'Sort order', type: 'number', hint: 'Lower comes first; empty puts it last' },
    ],
    toValues: (s) => ({ code: s?.code ?? '', label: s?.label ?? '', color: s?.color ?? 'blue', sort_order: s ? String(s.sort_order) : '' }),
    toBody: (v) => ({ code: v.code, label: v.label, color: v.color, sort_order: optionalNumber(v.sort_order) }),
    remove: {
      label: 'Delete',
      done: 'deleted',
      message: (s) => (
        <p>
          Status <strong>{s.label}</strong> ({s.code}) will be removed for good. Statuses used by assignments cannot be deleted.
        </p>
      ),
    },
    emptyText: 'No statuses yet.',
  };
  return <CrudScreen config={config} />;
}
