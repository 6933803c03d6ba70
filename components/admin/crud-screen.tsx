'use client';

import Link from 'next/link';
import { useMutation, useQuery, useQueryClient, type UseQueryOptions } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { Button } from '@/components/ui/controls';
import { Dialog } from '@/components/ui/dialog';
import { useToast } from '@/components/ui/toasts';
import type { ActionResult } from '@/lib/action-result';
import { callAction } from '@/lib/api-client';
import { ConfirmDialog, type ConfirmRequest } from './confirm-dialog';
import { ResourceForm, type FieldSpec, type FormValues } from './resource-form';
import { ResourceTable, RowAction, type Column } from './resource-table';

export type CrudConfig<T extends { id: number }> = {
  /** Singular and plural of the resource in sentences: "ramp", "ramps". */
  noun: string;
  plural: string;
  title: string;
  description: ReactNode;
  query: UseQueryOptions<T[], Error, T[], string[]>;
  /** The screen's server actions (app/(app)/admin/<screen>/actions.ts); the server checks session, role and input. */
  actions: CrudActions<T>;
  columns: Column<T>[];
  fields: (row: T | null) => FieldSpec[];
  toValues: (row: T | null) => FormValues;
  toBody: (values: FormValues, row: T | null) => Record<string, unknown>;
  /** How a row is named in buttons, dialogs and toasts. */
  rowName: (row: T) => string;
  /** The toast after an edit when "saved" says too little (e.g. a user deactivated); null for the default. */
  savedText?: (saved: T, before: T) => string | null;
  rowTestId?: (row: T) => string;
  rowClassName?: (row: T) => string;
  canWrite: boolean;
  /** Rows that may no longer be edited or removed (e.g. revoked links). */
  isFrozen?: (row: T) => boolean;
  remove?: {
    label: string;
    /** "deleted", "revoked" — for the toast. */
    done: string;
    message: (row: T) => ReactNode;
    /** The row stays (e.g. revoked), as this until the list is fetched again; it is dropped otherwise. */
    keepsRow?: (row: T) => T;
    fallback?: (row: T) => ConfirmRequest['fallback'];
  };
  /** More buttons of a row, before Edit. */
  rowExtras?: (row: T) => ReactNode;
  /** What a frozen row shows in the actions column. */
  frozenNote?: (row: T) => ReactNode;
  /** Client-side filter of the toolbar, if any. */
  filter?: (rows: T[]) => T[];
  toolbar?: ReactNode;
  notice?: ReactNode;
  newFirst?: boolean;
  emptyText: string;
  emptyFilteredText?: string;
  wideForm?: boolean;
  actionsClassName?: string;
};

export type CrudActions<T> = {
  create: (input: Record<string, unknown>, idempotencyKey: string) => Promise<ActionResult<T>>;
  update: (id: number, input: Record<string, unknown>, idempotencyKey: string) => Promise<ActionResult<T>>;
  remove?: (id: number, idempotencyKey: string) => Promise<ActionResult<void>>;
};

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** What an edit will look like: the fields of the body the row has (not e.g. a password). */
function edited<T extends { id: number }>(row: T, body: Record<string, unknown>): T {
  const next: Record<string, unknown> = { ...row };
  for (const [k, v] of Object.entries(body)) if (k in row && v !== undefined) next[k] = v;
  return next as T;
}

/** Table + create/edit dialog + confirmed removal of one resource, from a config. */
export function CrudScreen<T extends { id: number }>({ config: c }: { config: CrudConfig<T> }) {
  const qc = useQueryClient();
  const toast = useToast();
  const query = useQuery(c.query);
  const [editing, setEditing] = useState<{ row: T | null } | null>(null);
  const [confirm, setConfirm] = useState<ConfirmRequest | null>(null);
  const key = c.query.queryKey;

  const all = query.data;
  const rows = all && c.filter ? c.filter(all) : all;

  // Optimistic: an edit or a removal shows at once; a refusal puts the list back; the list is fetched again either way.
  const snapshot = () => ({ previous: qc.getQueryData<T[]>(key) });
  const rollback = (context: { previous: T[] | undefined } | undefined) => {
    if (context?.previous) qc.setQueryData<T[]>(key, context.previous);
  };
  const refetch = () => qc.invalidateQueries({ queryKey: key });

  const save = useMutation({
    mutationFn: ({ values, row }: { values: FormValues; row: T | null }) => {
      const body = c.toBody(values, row);
      return callAction<T>((k) => (row ? c.actions.update(row.id, body, k) : c.actions.create(body, k)));
    },
    onMutate: ({ values, row }) => {
      const context = snapshot();
      if (row) qc.setQueryData<T[]>(key, (old) => old?.map((r) => (r.id === row.id ? edited(r, c.toBody(values, row)) : r)));
      return context;
    },
    onError: (_error, _vars, context) => rollback(context),
    onSuccess: (saved, { row }) => {
      qc.setQueryData<T[]>(key, (old) => {
        if (!old) return old;
        if (row) return old.map((r) => (r.id === saved.id ? saved : r));
        return c.newFirst ? [saved, ...old] : [...old, saved];
      });
      toast((row && c.savedText?.(saved, row)) || `${cap(c.noun)} ${c.rowName(saved)} ${row ? 'saved' : 'created'}.`, 'success');
      setEditing(null);
    },
    onSettled: refetch,
  });

  const removal = useMutation({
    mutationFn: (row: T) => callAction<void>((k) => c.actions.remove!(row.id, k)),
    onMutate: (row) => {
      const context = snapshot();
      const keeps = c.remove?.keepsRow;
      qc.setQueryData<T[]>(key, (old) => (keeps ? old?.map((r) => (r.id === row.id ? keeps(r) : r)) : old?.filter((r) => r.id !== row.id)));
      return context;
    },
    onError: (_error, _row, context) => rollback(context),
    onSuccess: (_, row) => toast(`${cap(c.noun)} ${c.rowName(row)} ${c.remove!.done}.`, 'success'),
    onSettled: refetch,
  });

  function askRemove(row: T) {
    const remove = c.remove!;
    setConfirm({
      title: `${remove.label} ${c.noun} ${c.rowName(row)}?`,
      message: remove.message(row),
      confirmLabel: remove.label,
      run: async () => {
        await removal.mutateAsync(row);
      },
      fallback: remove.fallback?.(row),
    });
  }

  const hasActions = c.canWrite || Boolean(c.rowExtras);
  const count = rows
    ? rows.length === all?.length
      ? `${rows.length} ${rows.length === 1 ? c.noun : c.plural}`
      : `${rows.length} of ${all?.length} ${c.plural}`
    : '';

  return (
    <div className="mx-auto w-full max-w-6xl px-4 py-8 sm:px-6">
      <div className="mb-6 flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{c.title}</h1>
          <p className="mt-1 max-w-2xl text-sm text-slate-600">{c.description}</p>
        </div>
        {c.canWrite ? (
          <Button tone="primary" onClick={() => setEditing({ row: null })}>
            <span aria-hidden>+</span> New {c.noun}
          </Button>
        ) : null}
      </div>
      {c.notice}
      {c.toolbar ? <div className="mb-4">{c.toolbar}</div> : null}
      <ResourceTable
        label={c.title}
        columns={c.columns}
        rows={rows}
        rowKey={(r) => r.id}
        rowTestId={c.rowTestId}
        rowClassName={c.rowClassName}
        actionsClassName={c.actionsClassName}
        isLoading={query.isPending}
        error={query.error}
        onRetry={() => void query.refetch()}
        empty={all && all.length > 0 ? (c.emptyFilteredText ?? `No ${c.plural} match the filter.`) : c.emptyText}
        actions={
          hasActions
            ? (row) =>
                c.isFrozen?.(row) ? (
                  c.frozenNote?.(row)
                ) : (
                  <>
                    {c.rowExtras?.(row)}
                    {c.canWrite ? (
                      <>
                        <RowAction label="Edit" name={`${c.noun} ${c.rowName(row)}`} onClick={() => setEditing({ row })} />
                        {c.remove ? <RowAction label={c.remove.label} name={`${c.noun} ${c.rowName(row)}`} danger onClick={() => askRemove(row)} /> : null}
                      </>
                    ) : null}
                  </>
                )
            : undefined
        }
      />
      <p className="mt-3 h-4 text-xs text-slate-500" aria-live="polite">
        {count}
      </p>
      <Dialog
        open={editing !== null}
        onClose={() => setEditing(null)}
        title={editing?.row ? `Edit ${c.noun} ${c.rowName(editing.row)}` : `New ${c.noun}`}
        wide={c.wideForm}
      >
        {editing ? (
          <ResourceForm
            fields={c.fields(editing.row)}
            initial={c.toValues(editing.row)}
            submitLabel={editing.row ? 'Save changes' : `Create ${c.noun}`}
            onSubmit={async (values) => {
              await save.mutateAsync({ values, row: editing.row });
            }}
            onCancel={() => setEditing(null)}
          />
        ) : null}
      </Dialog>
      <ConfirmDialog request={confirm} onClose={() => setConfirm(null)} />
    </div>
  );
}

/** What a non-admin sees on an admin-only screen (the server refuses anyway). */
export function AdminOnly({ what }: { what: string }) {
  return (
    <div className="mx-auto w-full max-w-6xl px-4 py-16 sm:px-6">
      <div className="mx-auto max-w-md rounded-xl border border-slate-200 bg-white p-8 text-center shadow-sm">
        <div aria-hidden className="mx-auto mb-4 flex h-12 w-12 items-center justify-center rounded-full bg-slate-100 text-slate-500">
          <svg
            aria-hidden
            viewBox="0 0 24 24"
            fill="none"
            stroke="currentColor"
            strokeWidth="2"
            strokeLinecap="round"
            strokeLinejoin="round"
            className="h-6 w-6"
          >
            <rect x="4" y="11" width="16" height="10" rx="2" />
            <path d="M8 11V7a4 4 0 0 1 8 0v4" />
          </svg>
        </div>
        <h1 className="text-lg font-semibold text-slate-900">Only administrators can manage {what}</h1>
        <p className="mt-2 text-sm text-slate-600">Your account can view the board and its history. Ask an administrator if something here needs changing.</p>
        <Link
          href="/board"
          className="mt-6 inline-flex rounded-md bg-blue-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-blue-800 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600/50"
        >
          Back to the board
        </Link>
      </div>
    </div>
  );
}
