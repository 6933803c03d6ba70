'use client';

import { hashKey, useMutation, useQueryClient, type QueryClient, type QueryKey } from '@tanstack/react-query';
import { createAssignmentAction, deleteAssignmentAction, updateAssignmentAction } from '@/app/(app)/board/actions';
import { useSite } from '@/components/providers';
import { useToast } from '@/components/ui/toasts';
import { ActionError } from '@/lib/action-result';
import { callAction } from '@/lib/api-client';
import { type ActualField, isFreed } from '@/lib/board-rules';
import type { Assignment } from '@/lib/schemas/assignments';
import type { Board } from '@/lib/schemas/board';
import type { Load } from '@/lib/schemas/loads';
import { formatClock } from '@/lib/zoned-time';
import type { PlanFailure } from '@/components/board/plan-dialog';
import { inverseChanges, recreateInput, undoState } from '@/components/board/undo-model';

export type AssignmentChanges = Partial<Pick<Assignment, 'ramp_id' | 'status_id' | 'eta_in' | 'eta_out' | ActualField>>;
/** `undo`: the change was an undo (of a move or edit, or of a plan: a delete) that met someone else's later change. */
export type Conflict = { base: Assignment; mine: AssignmentChanges; theirs: Assignment; undo?: 'move' | 'plan' };
/** `restore`: an undone delete, created again as it was; `quiet`: the caller (the Plan dialog) shows a refusal itself. */
type Plan = { load: Load; rampId: number; etaIn: string; etaOut: string; restore?: Assignment; quiet?: boolean };

/** A planned load's block until the server answers: a negative id, so nothing can edit it, and version 0. */
export const placeholderId = (loadId: number) => -loadId;
export const isPlaceholder = (a: Pick<Assignment, 'id'>) => a.id < 0;

/** Rewrites every cached day of the board; returns the keys of the days `edit` changed. */
function editBoards(qc: QueryClient, edit: (board: Board) => Board, only?: QueryKey[]): QueryKey[] {
  const changed: QueryKey[] = [];
  const hashes = only && new Set(only.map((k) => hashKey(k)));
  for (const query of qc.getQueryCache().findAll({ queryKey: ['board'] })) {
    if (hashes && !hashes.has(query.queryHash)) continue;
    const board = query.state.data as Board | undefined;
    const next = board && edit(board);
    if (next && next !== board) {
      qc.setQueryData(query.queryKey, next);
      changed.push(query.queryKey);
    }
  }
  return changed;
}

/** `a` in place of the cached one, unless `keep` says the cached one stays; ramp and status follow their ids. */
function putAssignment(qc: QueryClient, a: Assignment, keep: (cached: Assignment) => boolean) {
  editBoards(qc, (b) => {
    const cached = b.assignments.find((x) => x.id === a.id);
    if (!cached || keep(cached)) return b;
    const ramp = a.ramp_id === cached.ramp_id ? a.ramp : b.ramps.find((r) => r.id === a.ramp_id);
    const status = a.status_id === cached.status_id ? a.status : b.statuses.find((s) => s.id === a.status_id);
    const shown = {
      ...a,
      ramp: ramp ? { id: ramp.id, code: ramp.code, description: ramp.description, kind: ramp.kind } : a.ramp,
      status: status ? pick(status) : a.status,
    };
    return { ...b, assignments: b.assignments.map((x) => (x.id === a.id ? shown : x)) };
  });
}
const pick = (s: Assignment['status']) => ({ id: s.id, code: s.code, label: s.label, color: s.color });

/** The newest cached copy of an assignment, over every cached day. */
function findCached(qc: QueryClient, id: number): Assignment | undefined {
  let found: Assignment | undefined;
  for (const query of qc.getQueryCache().findAll({ queryKey: ['board'] })) {
    const a = (query.state.data as Board | undefined)?.assignments.find((x) => x.id === id);
    if (a && (!found || a.version > found.version)) found = a;
  }
  return found;
}

/** Whether a cached day shows the load on a ramp again (someone planned it after our delete). */
const plannedAgain = (qc: QueryClient, loadId: number) =>
  qc
    .getQueryCache()
    .findAll({ queryKey: ['board'] })
    .some((q) => (q.state.data as Board | undefined)?.assignments.some((x) => x.load_id === loadId && x.id > 0 && !isFreed(x)));

/** The load of a deleted assignment, as the unassigned list holds it (its gate time, if cached), else from the embedded copy. */
function loadOf(qc: QueryClient, a: Assignment): Load {
  for (const query of qc.getQueryCache().findAll({ queryKey: ['board'] })) {
    const l = (query.state.data as Board | undefined)?.unassigned_loads.find((x) => x.id === a.load_id);
    if (l) return l;
  }
  return { arrived_at: null, created_at: '', updated_at: '', ...a.load, carrier: a.load.carrier ?? null };
}

const explain = (error: unknown) => (error instanceof Error ? error.message : 'The server could not be reached; nothing was saved.');

/**
 * The board's writes, as server actions driven by useMutation: the cached
 * board changes at once (onMutate), a refusal puts back what was there
 * (onError), a version conflict opens the conflict dialog. The board is not
 * refetched afterwards: its socket merges every change, ours included, and an
 * event whose version is not newer than the cached one is dropped, so our own
 * event lands on what the optimistic update already shows.
 */
export function useBoardMutations(openConflict: (c: Conflict) => void) {
  const qc = useQueryClient();
  const toast = useToast();
  const { timeZone, locale } = useSite();
  const where = (a: Assignment) => `${a.ramp.code}, ${formatClock(a.eta_in, timeZone, locale)}–${formatClock(a.eta_out, timeZone, locale)}`;

  const update = useMutation({
    mutationFn: ({ base, mine }: { base: Assignment; mine: AssignmentChanges; undo?: boolean }) =>
      callAction((key) => updateAssignmentAction(base.id, { version: base.version, ...mine }, key)),
    // The version stays the one the change is based on: any newer event (ours or someone else's) replaces it.
    onMutate: ({ base, mine }) => putAssignment(qc, { ...base, ...mine }, () => false),
    onSuccess: (saved, { base, undo }) => {
      putAssignment(qc, saved, (cached) => cached.version >= saved.version);
      if (undo) return toast(`Undone: ${saved.load.reference} is back on ${where(saved)}`, 'success');
      const moved =
        saved.ramp_id !== base.ramp_id || Date.parse(saved.eta_in) !== Date.parse(base.eta_in) || Date.parse(saved.eta_out) !== Date.parse(base.eta_out);
      toast(moved ? `${saved.load.reference} moved to ${where(saved)}` : `${saved.load.reference} saved`, 'success', {
        label: 'Undo',
        undo: true,
        run: () => undoSave(base, saved),
      });
    },
    onError: (error, { base, mine, undo }) => {
      const current = error instanceof ActionError ? (error.current as Assignment | undefined) : undefined;
      if (current) {
        putAssignment(qc, current, () => false);
        openConflict({ base, mine, theirs: current, ...(undo ? { undo: 'move' as const } : {}) });
        return;
      }
      // Back to what it was, unless a newer version arrived meanwhile.
      putAssignment(qc, base, (cached) => cached.version > base.version);
      toast(explain(error), 'error');
    },
  });

  const create = useMutation({
    mutationFn: ({ load, rampId, etaIn, etaOut, restore }: Plan) =>
      callAction((key) =>
        createAssignmentAction(restore ? recreateInput(restore) : { ramp_id: rampId, load_id: load.id, eta_in: etaIn, eta_out: etaOut }, key),
      ),
    onMutate: (plan) => ({ days: editBoards(qc, (b) => withPlaceholder(b, plan)) }),
    onSuccess: (created, { load, restore }, context) => {
      editBoards(
        qc,
        (b) => {
          const assignments = b.assignments.filter((x) => x.id !== placeholderId(load.id));
          return { ...b, assignments: assignments.some((x) => x.id === created.id) ? assignments : [...assignments, created] };
        },
        context.days,
      );
      if (restore) return toast(`Undone: ${load.reference} is back on ${where(created)}`, 'success');
      toast(`${load.reference} planned on ${created.ramp.code}`, 'success', { label: 'Undo', undo: true, run: () => undoPlan(created) });
    },
    onError: (error, { load, quiet }, context) => {
      editBoards(
        qc,
        (b) => {
          const assignments = b.assignments.filter((x) => x.id !== placeholderId(load.id));
          const back = !b.unassigned_loads.some((l) => l.id === load.id) && !assignments.some((x) => x.load_id === load.id && !isFreed(x));
          return { ...b, assignments, unassigned_loads: back ? [...b.unassigned_loads, load] : b.unassigned_loads };
        },
        context?.days,
      );
      if (!quiet) toast(explain(error), 'error');
    },
  });

  const remove = useMutation({
    mutationFn: ({ a }: { a: Assignment; undo?: boolean }) => callAction((key) => deleteAssignmentAction(a.id, { version: a.version }, key)),
    onMutate: ({ a }) => ({
      days: editBoards(qc, (b) => (b.assignments.some((x) => x.id === a.id) ? { ...b, assignments: b.assignments.filter((x) => x.id !== a.id) } : b)),
    }),
    onSuccess: (deleted, { a, undo }) => {
      if (undo) return toast(`Undone: the plan of ${a.load.reference} is removed`, 'success');
      toast(`Assignment of ${a.load.reference} deleted`, 'success', { label: 'Undo', undo: true, run: () => undoDelete(deleted ?? a) });
    },
    onError: (error, { a, undo }, context) => {
      const current = error instanceof ActionError ? (error.current as Assignment | undefined) : undefined;
      const back = current ?? a;
      // Back where it was; an event that deleted it meanwhile wins (it is then not found: no conflict, a 404).
      editBoards(qc, (b) => (b.assignments.some((x) => x.id === back.id) ? b : { ...b, assignments: [...b.assignments, back] }), context?.days);
      putAssignment(qc, back, (cached) => cached.version > back.version);
      if (current && undo) return openConflict({ base: a, mine: {}, theirs: current, undo: 'plan' });
      toast(current ? `${a.load.reference} was changed by someone else meanwhile; nothing was deleted. Check it and try again.` : explain(error), 'error');
    },
  });

  // Undo writes the inverse on the version our change produced; a newer one means someone changed it since: the conflict dialog says so.
  function undoSave(before: Assignment, saved: Assignment) {
    const cached = findCached(qc, saved.id);
    const state = undoState(cached, saved);
    const inverse = inverseChanges(before, saved);
    if (state === 'gone') return toast(`${saved.load.reference} was deleted meanwhile; there is nothing to undo.`, 'error');
    if (state === 'changed') return openConflict({ base: saved, mine: inverse, theirs: cached!, undo: 'move' });
    if (Object.keys(inverse).length) update.mutate({ base: cached!, mine: inverse, undo: true });
  }
  function undoPlan(created: Assignment) {
    const cached = findCached(qc, created.id);
    const state = undoState(cached, created);
    if (state === 'gone') return toast(`The plan of ${created.load.reference} was already removed.`, 'info');
    if (state === 'changed') return openConflict({ base: created, mine: {}, theirs: cached!, undo: 'plan' });
    remove.mutate({ a: cached!, undo: true });
  }
  function undoDelete(deleted: Assignment) {
    if (plannedAgain(qc, deleted.load_id))
      return toast(`${deleted.load.reference} was planned again by someone else meanwhile; nothing was restored.`, 'error');
    const load = loadOf(qc, deleted);
    create.mutate({ load, rampId: deleted.ramp_id, etaIn: deleted.eta_in, etaOut: deleted.eta_out, restore: deleted });
  }

  return {
    save: (base: Assignment, mine: AssignmentChanges): Promise<Assignment | null> => update.mutateAsync({ base, mine }).catch(() => null),
    /** The Plan dialog's create: a refusal comes back to the dialog instead of a toast. */
    plan: (load: Load, rampId: number, etaIn: string, etaOut: string): Promise<PlanFailure | null> =>
      create.mutateAsync({ load, rampId, etaIn, etaOut, quiet: true }).then(
        () => null,
        (error: unknown) => ({ status: error instanceof ActionError ? error.status : undefined, message: explain(error) }),
      ),
    /** The conflict dialog's "Apply mine": the change again on the latest version; an undone plan removed anyway. */
    applyMine: (c: Conflict) => (c.undo === 'plan' ? remove.mutate({ a: c.theirs, undo: true }) : update.mutate({ base: c.theirs, mine: c.mine })),
    create: (load: Load, rampId: number, etaIn: string, etaOut: string): Promise<Assignment | null> =>
      create.mutateAsync({ load, rampId, etaIn, etaOut }).catch(() => null),
    remove: (a: Assignment): Promise<boolean> =>
      remove.mutateAsync({ a }).then(
        () => true,
        () => false,
      ),
  };
}

/** The day the load was dragged from: the load leaves the unassigned list, a placeholder block takes its place on the ramp. */
function withPlaceholder(b: Board, { load, rampId, etaIn, etaOut }: Plan): Board {
  const ramp = b.ramps.find((r) => r.id === rampId);
  const status = b.statuses.find((s) => s.code === 'PLANNED') ?? b.statuses[0];
  if (!ramp || !status || !b.unassigned_loads.some((l) => l.id === load.id)) return b;
  const placeholder: Assignment = {
    id: placeholderId(load.id),
    ramp_id: rampId,
    load_id: load.id,
    status_id: status.id,
    eta_in: etaIn,
    eta_out: etaOut,
    arrived_at: load.arrived_at,
    started_at: null,
    completed_at: null,
    departed_at: null,
    called_at: null,
    version: 0,
    created_by: null,
    updated_by: null,
    created_at: etaIn,
    updated_at: etaIn,
    ramp: { id: ramp.id, code: ramp.code, description: ramp.description, kind: ramp.kind },
    load: {
      id: load.id,
      reference: load.reference,
      direction: load.direction,
      planned_arrival: load.planned_arrival,
      planned_departure: load.planned_departure,
      notes: load.notes,
      carrier: load.carrier,
    },
    status: pick(status),
    creator: null,
    updater: null,
  };
  return { ...b, assignments: [...b.assignments, placeholder], unassigned_loads: b.unassigned_loads.filter((l) => l.id !== load.id) };
}
