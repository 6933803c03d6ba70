'use client';

import type { ReactNode } from 'react';
import { Button } from '@/components/ui/controls';

export type Column<T> = {
  key: string;
  header: string;
  cell: (row: T) => ReactNode;
  /** Classes of both the header and the cells of the column (width, alignment). */
  className?: string;
};

type Props<T> = {
  /** The table's accessible name (a visually hidden caption). */
  label: string;
  columns: Column<T>[];
  rows: T[] | undefined;
  rowKey: (row: T) => string | number;
  rowTestId?: (row: T) => string;
  rowClassName?: (row: T) => string;
  /** The buttons of a row; no actions column when absent. */
  actions?: (row: T) => ReactNode;
  isLoading: boolean;
  error?: Error | null;
  onRetry?: () => void;
  /** What to show when there are no rows (after filtering). */
  empty: ReactNode;
  /** Width class of the actions column (the layout is fixed: no jumps between loading, empty and full). */
  actionsClassName?: string;
};

const SKELETON_ROWS = ['s1', 's2', 's3', 's4', 's5', 's6'];
const cellClass = 'px-4 py-3 align-middle';

/**
 * The one table of every admin screen: caption for screen readers, skeleton
 * rows of the final height while loading, an empty and an error state.
 */
export function ResourceTable<T>({
  label,
  columns,
  rows,
  rowKey,
  rowTestId,
  rowClassName,
  actions,
  isLoading,
  error,
  onRetry,
  empty,
  actionsClassName = 'w-36',
}: Props<T>) {
  const span = columns.length + (actions ? 1 : 0);
  return (
    <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm">
      <table className="w-full min-w-[56rem] table-fixed border-collapse text-left text-sm" aria-busy={isLoading || undefined}>
        <caption className="sr-only">{label}</caption>
        <thead className="border-b border-slate-200 bg-slate-50/80 text-xs font-semibold uppercase tracking-wide text-slate-500">
          <tr>
            {columns.map((c) => (
              <th key={c.key} scope="col" className={`${cellClass} py-2.5 ${c.className ?? ''}`}>
                {c.header}
              </th>
            ))}
            {actions ? (
              <th scope="col" className={`${cellClass} py-2.5 text-right ${actionsClassName}`}>
                <span className="sr-only">Actions</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {isLoading && !rows ? (
            SKELETON_ROWS.map((row, i) => (
              <tr key={row} aria-hidden>
                {[...columns.map((c) => c.key), ...(actions ? ['actions'] : [])].map((cell, j) => (
                  <td key={cell} className={cellClass}>
                    <div className="h-5 animate-pulse rounded bg-slate-100" style={{ width: `${50 + ((i * 7 + j * 13) % 40)}%` }} />
                  </td>
                ))}
              </tr>
            ))
          ) : error && !rows ? (
            <tr>
              <td colSpan={span} className="px-4 py-12 text-center">
                <p role="alert" className="font-medium text-red-800">
                  Could not load the data: {error.message}
                </p>
                {onRetry ? (
                  <Button className="mt-3" onClick={onRetry}>
                    Try again
                  </Button>
                ) : null}
              </td>
            </tr>
          ) : !rows || rows.length === 0 ? (
            <tr>
              <td colSpan={span} className="px-4 py-12 text-center text-slate-500">
                {empty}
              </td>
            </tr>
          ) : (
            rows.map((row) => (
              <tr key={rowKey(row)} data-testid={rowTestId?.(row)} className={`transition-colors hover:bg-slate-50/70 ${rowClassName?.(row) ?? ''}`}>
                {columns.map((c) => (
                  <td key={c.key} className={`${cellClass} ${c.className ?? ''}`}>
                    {c.cell(row)}
                  </td>
                ))}
                {actions ? (
                  <td className={`${cellClass} whitespace-nowrap text-right`}>
                    <div className="inline-flex items-center gap-1">{actions(row)}</div>
                  </td>
                ) : null}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}

/** A small text button of a row; `name` completes its accessible name ("Edit ramp R1"). */
export function RowAction({ label, name, onClick, danger }: { label: string; name: string; onClick: () => void; danger?: boolean }) {
  return (
    <button
      type="button"
      onClick={onClick}
      aria-label={`${label} ${name}`}
      className={`rounded-md px-2.5 py-1 text-sm font-medium focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600/40 ${
        danger ? 'text-red-700 hover:bg-red-50' : 'text-blue-700 hover:bg-blue-50'
      }`}
    >
      {label}
    </button>
  );
}

/** A small rounded label: kinds, roles, states. */
export function Badge({ children, tone = 'slate' }: { children: ReactNode; tone?: 'slate' | 'blue' | 'green' | 'amber' | 'violet' | 'red' }) {
  const tones = {
    slate: 'bg-slate-100 text-slate-700 ring-slate-200',
    blue: 'bg-blue-50 text-blue-800 ring-blue-200',
    green: 'bg-emerald-50 text-emerald-800 ring-emerald-200',
    amber: 'bg-amber-50 text-amber-800 ring-amber-200',
    violet: 'bg-violet-50 text-violet-800 ring-violet-200',
    red: 'bg-red-50 text-red-800 ring-red-200',
  };
  return (
    <span className={`inline-flex items-center whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${tones[tone]}`}>
      {children}
    </span>
  );
}
