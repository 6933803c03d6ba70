'use client';

import { Dialog } from '@/components/ui/dialog';
import { Button } from '@/components/ui/controls';
import { useSite } from '@/components/providers';
import { formatClock } from '@/lib/zoned-time';
import type { Assignment } from '@/lib/schemas/assignments';
import type { Ramp } from '@/lib/schemas/ramps';
import type { Status } from '@/lib/schemas/statuses';
import type { Conflict } from '@/components/board/use-board-mutations';

type Props = {
  conflict: Conflict | null;
  ramps: Ramp[];
  statuses: Status[];
  onKeepTheirs: () => void;
  onApplyMine: (c: Conflict) => void;
  returnFocus?: (last: boolean) => HTMLElement | null | undefined;
};

/** A save met a newer version: theirs beside mine; keep theirs, or apply mine on top of the latest. */
export function ConflictDialog({ conflict, ramps, statuses, onKeepTheirs, onApplyMine, returnFocus }: Props) {
  const { timeZone, locale } = useSite();
  if (!conflict) return null;
  const { theirs, mine, base } = conflict;
  const show = (field: keyof Conflict['mine'], a: Partial<Assignment>) => {
    const v = a[field];
    if (v === undefined || v === null) return '—';
    if (field === 'ramp_id') return ramps.find((r) => r.id === v)?.code ?? `#${v}`;
    if (field === 'status_id') return statuses.find((s) => s.id === v)?.label ?? `#${v}`;
    return formatClock(String(v), timeZone, locale);
  };
  const rows: { field: keyof Conflict['mine']; label: string }[] = [
    { field: 'ramp_id', label: 'Ramp' },
    { field: 'status_id', label: 'Status' },
    { field: 'eta_in', label: 'ETA in' },
    { field: 'eta_out', label: 'ETA out' },
    // The actual times only when this change corrects them.
    ...(['arrived_at', 'started_at', 'completed_at', 'departed_at'] as const)
      .filter((f) => f in mine)
      .map((f) => ({ field: f, label: `${f.replace('_at', '').replace(/^./, (c) => c.toUpperCase())}` })),
  ];
  const merged = { ...theirs, ...mine };
  const who = theirs.updater?.full_name ?? 'Someone else';
  return (
    <Dialog open onClose={onKeepTheirs} title="Someone else changed this assignment" wide returnFocus={returnFocus}>
      <div data-testid="conflict-dialog">
        {conflict.undo ? (
          <p className="text-sm text-slate-600" data-testid="conflict-undo">
            Your undo was not applied: {who} changed <strong>{theirs.load.reference}</strong> after your {conflict.undo === 'plan' ? 'plan' : 'change'}. Undoing
            now would overwrite their change.{' '}
            {conflict.undo === 'plan' ? 'Keep their version, or remove the plan anyway.' : 'Keep their version, or put back the old place anyway.'}
          </p>
        ) : null}
        <p className={`text-sm text-slate-600 ${conflict.undo ? 'mt-2' : ''}`}>
          <strong>{theirs.load.reference}</strong> is now at version {theirs.version}
          {theirs.updater ? ` (saved by ${theirs.updater.full_name})` : ''}; your change was based on version {base.version}.
        </p>
        <table className="mt-4 w-full text-sm">
          <caption className="sr-only">Their version and your change</caption>
          <thead>
            <tr className="border-b border-slate-200 text-left text-slate-500">
              <th scope="col" className="py-2 font-medium">
                Field
              </th>
              <th scope="col" className="py-2 font-medium">
                Theirs (current)
              </th>
              <th scope="col" className="py-2 font-medium">
                Mine
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ field, label }) => {
              const differs = mine[field] !== undefined && mine[field] !== theirs[field];
              return (
                <tr key={field} className="border-b border-slate-100">
                  <th scope="row" className="py-2 text-left font-medium text-slate-700">
                    {label}
                  </th>
                  <td className="py-2" data-testid={`theirs-${field}`}>
                    {show(field, theirs)}
                  </td>
                  <td className={`py-2 ${differs ? 'font-semibold text-blue-800' : 'text-slate-500'}`} data-testid={`mine-${field}`}>
                    {conflict.undo === 'plan' ? 'removed' : mine[field] === undefined ? 'unchanged' : show(field, merged)}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <div className="mt-6 flex justify-end gap-2">
          <Button onClick={onKeepTheirs}>Keep theirs</Button>
          <Button tone={conflict.undo === 'plan' ? 'danger' : 'primary'} onClick={() => onApplyMine(conflict)}>
            {conflict.undo === 'plan' ? 'Remove anyway' : 'Apply mine'}
          </Button>
        </div>
      </div>
    </Dialog>
  );
}
