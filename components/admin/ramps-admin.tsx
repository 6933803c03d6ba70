'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useSite } from '@/components/providers';
import { useToast } from '@/components/ui/toasts';
import { createRampAction, deleteRampAction, updateRampAction } from '@/app/(app)/admin/ramps/actions';
import { callAction } from '@/lib/api-client';
import type { Ramp } from '@/lib/schemas/ramps';
import { AdminOnly, CrudScreen, type CrudConfig } from './crud-screen';
import { rampsQuery } from './queries';
import { optionalNumber } from './resource-form';
import { Badge } from './resource-table';
import { RampRulesDialog } from './ramp-rules-dialog';
import { Button } from '@/components/ui/controls';

const KIND = { IB: { label: 'Inbound', tone: 'blue' }, OB: { label: 'Outbound', tone: 'violet' }, BOTH: { label: 'Both', tone: 'slate' } } as const;

/** /admin/ramps: the dock doors, their direction, order on the board, and whether they are in use. */
export function RampsAdmin() {
  const { user } = useSite();
  const qc = useQueryClient();
  const toast = useToast();
  const [rulesOf, setRulesOf] = useState<Ramp | null>(null);
  if (user.role !== 'ADMIN') return <AdminOnly what="ramps" />;

  const config: CrudConfig<Ramp> = {
    noun: 'ramp',
    plural: 'ramps',
    title: 'Ramps',
    description: 'The dock doors of the board, in their board order. A ramp that has assignments cannot be deleted: deactivate it to hide it from planning.',
    query: rampsQuery(),
    actions: { create: createRampAction, update: updateRampAction, remove: deleteRampAction },
    canWrite: true,
    rowName: (r) => r.code,
    rowTestId: (r) => `admin-row-${r.code}`,
    rowClassName: (r) => (r.is_active ? '' : 'text-slate-500'),
    rowExtras: (r) => (
      <Button type="button" onClick={() => setRulesOf(r)} aria-label={`Hours of ${r.code}`}>
        Hours
      </Button>
    ),
    columns: [
      { key: 'code', header: 'Code', className: 'w-28', cell: (r) => <span className="font-mono font-semibold text-slate-900">{r.code}</span> },
      { key: 'description', header: 'Description', cell: (r) => r.description || <span className="text-slate-500">—</span> },
      { key: 'kind', header: 'Takes', className: 'w-32', cell: (r) => <Badge tone={KIND[r.kind].tone}>{KIND[r.kind].label}</Badge> },
      { key: 'active', header: 'State', className: 'w-28', cell: (r) => (r.is_active ? <Badge tone="green">Active</Badge> : <Badge>Inactive</Badge>) },
      { key: 'sort', header: 'Order', className: 'w-20 text-right tabular-nums', cell: (r) => r.sort_order },
    ],
    fields: () => [
      { name: 'code', label: 'Code', type: 'text', required: true, maxLength: 20, placeholder: 'R9', hint: 'Letters, digits, - and _' },
      {
        name: 'kind',
        label: 'Takes loads',
        type: 'select',
        options: [
          { value: 'BOTH', label: 'Both directions' },
          { value: 'IB', label: 'Inbound only' },
          { value: 'OB', label: 'Outbound only' },
        ],
      },
      { name: 'description', label: 'Description', type: 'text', maxLength: 200, wide: true, placeholder: 'North side, door 9' },
      { name: 'sort_order', label: 'Sort order', type: 'number', hint: 'Lower comes first; empty puts it last' },
      { name: 'is_active', label: 'Active', type: 'checkbox', hint: 'Inactive ramps stay in history but are not offered for planning.' },
    ],
    toValues: (r) => ({
      code: r?.code ?? '',
      kind: r?.kind ?? 'BOTH',
      description: r?.description ?? '',
      sort_order: r ? String(r.sort_order) : '',
      is_active: r?.is_active ?? true,
    }),
    toBody: (v) => ({ code: v.code, kind: v.kind, description: v.description, is_active: v.is_active, sort_order: optionalNumber(v.sort_order) }),
    remove: {
      label: 'Delete',
      done: 'deleted',
      message: (r) => (
        <p>
          Ramp <strong>{r.code}</strong> will be removed for good. Ramps that ever had assignments cannot be deleted; deactivate those instead.
        </p>
      ),
      fallback: (r) =>
        r.is_active
          ? {
              label: 'Deactivate instead',
              when: (status) => status === 409,
              run: async () => {
                await callAction((key) => updateRampAction(r.id, { is_active: false }, key));
                await qc.invalidateQueries({ queryKey: ['ramps'] });
                toast(`Ramp ${r.code} deactivated.`, 'success');
              },
            }
          : undefined,
    },
    emptyText: 'No ramps yet. Create the first dock door to start planning.',
  };
  return (
    <>
      <CrudScreen config={config} />
      <RampRulesDialog ramp={rulesOf} onClose={() => setRulesOf(null)} />
    </>
  );
}
