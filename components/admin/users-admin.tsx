'use client';

import { useQuery } from '@tanstack/react-query';
import { useSite } from '@/components/providers';
import { useToast } from '@/components/ui/toasts';
import { callAction } from '@/lib/api-client';
import type { User } from '@/lib/schemas/users';
import { createUserAction, deleteUserAction, revokeUserSessionsAction, updateUserAction } from '@/app/(app)/admin/users/actions';
import { carriersQuery } from './carrier-queries';
import { AdminOnly, CrudScreen, type CrudConfig } from './crud-screen';
import { formatDateTime } from './format';
import { usersQuery } from './queries';
import { Badge, RowAction } from './resource-table';

const ROLES = {
  ADMIN: { label: 'Administrator', tone: 'violet', help: 'everything' },
  OPERATOR: { label: 'Operator', tone: 'blue', help: 'plans the board and loads' },
  SUPERVISOR: { label: 'Supervisor', tone: 'slate', help: 'reads only' },
  CARRIER: { label: 'Carrier', tone: 'amber', help: 'books its own carrier’s slots' },
} as const;

/** /admin/users: accounts, roles, and who may sign in. */
export function UsersAdmin() {
  const { user: me, timeZone, locale } = useSite();
  const toast = useToast();
  const carriers = useQuery({ ...carriersQuery(), enabled: me.role === 'ADMIN' }).data ?? [];
  if (me.role !== 'ADMIN') return <AdminOnly what="users" />;
  const carrierName = (id: number | null) => carriers.find((c) => c.id === id)?.name ?? '';
  // Active carriers, and the one the user has even when it was deactivated since.
  const carrierOptions = (u: User | null) => [
    { value: '', label: 'Choose a carrier' },
    ...carriers.filter((c) => c.is_active || c.id === u?.carrier_id).map((c) => ({ value: String(c.id), label: c.name })),
  ];

  // Every token and browser session of the user stops working; their sockets close.
  const signOutEverywhere = (u: User) =>
    void callAction((key) => revokeUserSessionsAction(u.id, key)).then(
      () => toast(`${u.full_name} is signed out everywhere.`, 'success'),
      (error: Error) => toast(error.message, 'error'),
    );

  const config: CrudConfig<User> = {
    noun: 'user',
    plural: 'users',
    title: 'Users',
    description: 'Who may sign in and what they may do. Deactivate an account to stop its sign-ins while keeping its name in the history.',
    query: usersQuery(),
    actions: { create: createUserAction, update: updateUserAction, remove: deleteUserAction },
    canWrite: true,
    wideForm: true,
    rowName: (u) => u.email,
    rowTestId: (u) => `admin-row-${u.email}`,
    rowClassName: (u) => (u.is_active ? '' : 'text-slate-500'),
    // Deactivating is more than a save: say what it does.
    savedText: (u, before) =>
      before.is_active && !u.is_active
        ? `${u.full_name} deactivated: they can no longer sign in, and their open sessions have ended.`
        : !before.is_active && u.is_active
          ? `${u.full_name} reactivated: they can sign in again.`
          : null,
    rowExtras: (u) =>
      u.id !== me.id && u.is_active ? <RowAction label="Sign out" name={`user ${u.email} everywhere`} onClick={() => signOutEverywhere(u)} /> : null,
    actionsClassName: 'w-56',
    columns: [
      {
        key: 'name',
        header: 'Name',
        cell: (u) => (
          <span className="flex items-center gap-2">
            <span className={`font-medium ${u.is_active ? 'text-slate-900' : ''}`}>{u.full_name}</span>
            {u.id === me.id ? <Badge tone="amber">You</Badge> : null}
          </span>
        ),
      },
      { key: 'email', header: 'Email', cell: (u) => <span className="text-slate-600">{u.email}</span> },
      {
        key: 'role',
        header: 'Role',
        className: 'w-56',
        cell: (u) => (
          <span className="flex items-center gap-2">
            <Badge tone={ROLES[u.role].tone}>{ROLES[u.role].label}</Badge>
            {u.carrier_id !== null ? <span className="text-slate-600">{carrierName(u.carrier_id)}</span> : null}
          </span>
        ),
      },
      { key: 'active', header: 'State', className: 'w-28', cell: (u) => (u.is_active ? <Badge tone="green">Active</Badge> : <Badge>Inactive</Badge>) },
      { key: 'created', header: 'Created', className: 'w-44 whitespace-nowrap tabular-nums', cell: (u) => formatDateTime(u.created_at, timeZone, locale) },
    ],
    fields: (u) => [
      { name: 'full_name', label: 'Full name', type: 'text', required: true, maxLength: 120, autoComplete: 'off' },
      { name: 'email', label: 'Email', type: 'email', required: true, maxLength: 254, autoComplete: 'off' },
      {
        name: 'role',
        label: 'Role',
        type: 'select',
        options: (['OPERATOR', 'SUPERVISOR', 'ADMIN', 'CARRIER'] as const).map((r) => ({ value: r, label: `${ROLES[r].label} — ${ROLES[r].help}` })),
      },
      {
        name: 'carrier_id',
        label: 'Carrier',
        type: 'select',
        required: true,
        options: carrierOptions(u),
        hint: 'The user sees and books only this carrier’s loads',
        shownWhen: (v) => v.role === 'CARRIER',
      },
      u
        ? {
            name: 'password',
            label: 'New password',
            type: 'password',
            autoComplete: 'new-password',
            hint: 'Leave empty to keep the current password; a new one signs the user out everywhere',
          }
        : {
            name: 'password',
            label: 'Password',
            type: 'password',
            required: true,
            autoComplete: 'new-password',
            hint: 'At least 12 characters and hard to guess: a few unrelated words work well',
          },
      { name: 'is_active', label: 'Active', type: 'checkbox', hint: 'Inactive users cannot sign in.' },
      {
        name: 'overdue_alerts',
        label: 'E-mail me when a truck is overdue',
        type: 'checkbox',
        hint: 'An e-mail to this user when a planned truck has not arrived in time.',
        shownWhen: (v) => v.role !== 'CARRIER',
      },
    ],
    toValues: (u) => ({
      full_name: u?.full_name ?? '',
      email: u?.email ?? '',
      role: u?.role ?? 'OPERATOR',
      carrier_id: u?.carrier_id ? String(u.carrier_id) : '',
      password: '',
      is_active: u?.is_active ?? true,
      overdue_alerts: u?.overdue_alerts ?? false,
    }),
    toBody: (v, u) => ({
      full_name: v.full_name,
      email: v.email,
      role: v.role,
      // A carrier user needs one (the server says so under the field when none is chosen); staff have none.
      carrier_id: v.role === 'CARRIER' ? (v.carrier_id ? Number(v.carrier_id) : null) : null,
      is_active: v.is_active,
      overdue_alerts: v.role === 'CARRIER' ? false : v.overdue_alerts,
      ...(u && v.password === '' ? {} : { password: v.password }),
    }),
    remove: {
      label: 'Delete',
      done: 'deleted',
      message: (u) => (
        <p>
          The account of <strong>{u.full_name}</strong> ({u.email}) will be removed for good. To only stop its sign-ins, edit it and clear <em>Active</em>.
        </p>
      ),
    },
    emptyText: 'No users.',
  };
  return <CrudScreen config={config} />;
}
