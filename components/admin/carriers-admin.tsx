'use client';

import { useSite } from '@/components/providers';
import { createCarrierAction, deleteCarrierAction, updateCarrierAction } from '@/app/(app)/admin/carriers/actions';
import type { Carrier } from '@/lib/schemas/carriers';
import { carriersQuery } from './carrier-queries';
import { AdminOnly, CrudScreen, type CrudConfig } from './crud-screen';
import { Badge } from './resource-table';

/** /admin/carriers: the companies whose users book their own slots (SPEC §9). */
export function CarriersAdmin() {
  const { user } = useSite();
  if (user.role !== 'ADMIN') return <AdminOnly what="carriers" />;

  const config: CrudConfig<Carrier> = {
    noun: 'carrier',
    plural: 'carriers',
    title: 'Carriers',
    description:
      'Companies whose users book their own slots. Their users see only their own loads and bookings. Deactivate a carrier to stop its bookings while keeping its history.',
    query: carriersQuery(),
    actions: { create: createCarrierAction, update: updateCarrierAction, remove: deleteCarrierAction },
    canWrite: true,
    rowName: (c) => c.name,
    rowTestId: (c) => `admin-row-${c.name}`,
    rowClassName: (c) => (c.is_active ? '' : 'text-slate-500'),
    savedText: (c, before) =>
      before.is_active && !c.is_active
        ? `${c.name} deactivated: its users can no longer book.`
        : !before.is_active && c.is_active
          ? `${c.name} reactivated: its users can book again.`
          : null,
    columns: [
      { key: 'name', header: 'Name', cell: (c) => <span className={`font-semibold ${c.is_active ? 'text-slate-900' : ''}`}>{c.name}</span> },
      { key: 'email', header: 'Booking e-mail', cell: (c) => <span className="text-slate-600">{c.contact_email ?? 'Its users'}</span> },
      {
        key: 'approval',
        header: 'Requests',
        className: 'w-40',
        cell: (c) => (c.auto_approve ? <Badge tone="blue">Approved at once</Badge> : <Badge>Need approval</Badge>),
      },
      { key: 'active', header: 'State', className: 'w-28', cell: (c) => (c.is_active ? <Badge tone="green">Active</Badge> : <Badge>Inactive</Badge>) },
    ],
    fields: () => [
      { name: 'name', label: 'Name', type: 'text', required: true, maxLength: 120, placeholder: 'Nordic Freight' },
      {
        name: 'contact_email',
        label: 'Booking e-mail',
        type: 'email',
        maxLength: 254,
        autoComplete: 'off',
        hint: 'Approvals, declines and changes go here; leave empty to write to its users',
      },
      {
        name: 'auto_approve',
        label: 'Approve its requests at once',
        type: 'checkbox',
        hint: 'Its bookings are planned without an operator’s approval.',
      },
      { name: 'is_active', label: 'Active', type: 'checkbox', hint: 'Users of an inactive carrier cannot book.' },
    ],
    toValues: (c) => ({ name: c?.name ?? '', contact_email: c?.contact_email ?? '', auto_approve: c?.auto_approve ?? false, is_active: c?.is_active ?? true }),
    toBody: (v) => ({ name: v.name, contact_email: v.contact_email === '' ? null : v.contact_email, auto_approve: v.auto_approve, is_active: v.is_active }),
    remove: {
      label: 'Delete',
      done: 'deleted',
      message: (c) => (
        <p>
          Carrier <strong>{c.name}</strong> will be removed for good. A carrier that loads or users belong to cannot be deleted: edit it and clear{' '}
          <em>Active</em> instead.
        </p>
      ),
    },
    emptyText: 'No carriers yet. Create one, then give it a user with the role Carrier.',
  };
  return <CrudScreen config={config} />;
}
