// Undo, pure and zod-free: the inverse of a move or edit, the plan that puts a
// deleted assignment back, and whether the row is still as our change left it.
import { ACTUAL_FIELDS } from '@/lib/board-rules';
import type { Assignment } from '@/lib/schemas/assignments';
import type { AssignmentChanges } from '@/components/board/use-board-mutations';

const UNDOABLE = ['ramp_id', 'status_id', 'eta_in', 'eta_out', ...ACTUAL_FIELDS] as const;

/**
 * The change that puts `after` (what the server saved) back to `before`: every
 * field that differs, the ones the server filled in too (a status change records its time).
 */
export function inverseChanges(before: Assignment, after: Assignment): AssignmentChanges {
  const out: Record<string, unknown> = {};
  for (const f of UNDOABLE) if (!same(before[f], after[f])) out[f] = before[f];
  return out as AssignmentChanges;
}

const same = (a: unknown, b: unknown) => (typeof a === 'string' && typeof b === 'string' ? Date.parse(a) === Date.parse(b) : a === b);

/**
 * Whether an undo may write: the cached row must still be the version our
 * change produced (`ours`). Gone: someone deleted it; newer: someone changed it.
 */
export function undoState(cached: Assignment | undefined, ours: Pick<Assignment, 'id' | 'version'>): 'ok' | 'gone' | 'changed' {
  if (!cached) return 'gone';
  return cached.version > ours.version ? 'changed' : 'ok';
}

/** The create input that puts a deleted assignment back: same load, ramp, times and status, with its actual times. */
export function recreateInput(deleted: Assignment) {
  const actual: Record<string, string> = {};
  for (const f of ACTUAL_FIELDS) if (deleted[f]) actual[f] = deleted[f]!;
  return { ramp_id: deleted.ramp_id, load_id: deleted.load_id, status_id: deleted.status_id, eta_in: deleted.eta_in, eta_out: deleted.eta_out, ...actual };
}
