'use client';

import { hashKey, useMutation, useQueryClient, type QueryClient, type QueryKey } from '@tanstack/react-query';
import { createAssignmentAction, deleteAssignmentAction, updateAssignmentAction } from '@/app/(app)/board/actions';
import { useToast } from '@/components/ui/toasts';
import { ActionError } from '@/lib/action-result';
import { callAction } from '@/lib/api-client';
import type { ActualField } from '@/lib/board-rules';
import type { Assignment } from '@/lib/schemas/assignments';
import type { Board } from '@/lib/schemas/board';
import type { Load } from '@/lib/schemas/loads';

export type AssignmentChanges = Partial<Pick<Assignment, 'ramp_id' | 'status_id' | 'eta_in' | 'eta_out' | ActualField>>;
export type Conflict = { base: Assignment; mine: AssignmentChanges; theirs: Assignment };
type Plan = { load: Load; rampId: number; etaIn: string; etaOut: string };

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

  const update = useMutation({
    mutationFn: ({ base, mine }: { base: Assignment; mine: AssignmentChanges }) =>
      callAction((key) => updateAssignmentAction(base.id, { version: base.version, ...mine }, key)),
    // The version stays the one the change is based on: any newer event (ours or someone else's) replaces it.
    onMutate: ({ base, mine }) => putAssignment(qc, { ...base, ...mine }, () => false),
    onSuccess: (saved) => putAssignment(qc, saved, (cached) => cached.version >= saved.version),
    onError: (error, { base, mine }) => {
      const current = error instanceof ActionError ? (error.current as Assignment | undefined) : undefined;
      if (current) {
        putAssignment(qc, current, () => false);
        openConflict({ base, mine, theirs: current });
        return;
      }
      // Back to what it was, unless a newer version arrived meanwhile.
      putAssignment(qc, base, (cached) => cached.version > base.version);
      toast(explain(error), 'error');
    },
  });

  const create = useMutation({
    mutationFn: ({ load, rampId, etaIn, etaOut }: Plan) =>
      callAction((key) => createAssignmentAction({ ramp_id: rampId, load_id: load.id, eta_in: etaIn, eta_out: etaOut }, key)),
    onMutate: (plan) => ({ days: editBoards(qc, (b) => withPlaceholder(b, plan)) }),
    onSuccess: (created, { load }, context) => {
      editBoards(
        qc,
        (b) => {
          const assignments = b.assignments.filter((x) => x.id !== placeholderId(load.id));
          return { ...b, assignments: assignments.some((x) => x.id === created.id) ? assignments : [...assignments, created] };
        },
        context.days,
      );
      toast(`${load.reference} planned on ${created.ramp.code}`, 'success');
    },
    onError: (error, { load }, context) => {
      editBoards(
        qc,
        (b) => {
          const assignments = b.assignments.filter((x) => x.id !== placeholderId(load.id));
          const back = !b.unassigned_loads.some((l) => l.id === load.id) && !assignments.some((x) => x.load_id === load.id && x.status.code !== 'CANCELLED');
          return { ...b, assignments, unassigned_loads: back ? [...b.unassigned_loads, load] : b.unassigned_loads };
        },
        context?.days,
      );
      toast(explain(error), 'error');
    },
  });

  const remove = useMutation({
    mutationFn: (a: Assignment) => callAction((key) => deleteAssignmentAction(a.id, { version: a.version }, key)),
    onMutate: (a) => ({
      days: editBoards(qc, (b) => (b.assignments.some((x) => x.id === a.id) ? { ...b, assignments: b.assignments.filter((x) => x.id !== a.id) } : b)),
    }),
    onSuccess: (_, a) => toast(`Assignment of ${a.load.reference} deleted`, 'success'),
    onError: (error, a, context) => {
      const current = error instanceof ActionError ? (error.current as Assignment | undefined) : undefined;
      const back = current ?? a;
      // Back where it was; an event that deleted it meanwhile wins (it is then not found: no conflict, a 404).
      editBoards(qc, (b) => (b.assignments.some((x) => x.id === back.id) ? b : { ...b, assignments: [...b.assignments, back] }), context?.days);
      putAssignment(qc, back, (cached) => cached.version > back.version);
      toast(current ? `${a.load.reference} was changed by someone else meanwhile; nothing was deleted. Check it and try again.` : explain(error), 'error');
    },
  });

  return {
    save: (base: Assignment, mine: AssignmentChanges): Promise<Assignment | null> => update.mutateAsync({ base, mine }).catch(() => null),
    create: (load: Load, rampId: number, etaIn: string, etaOut: string): Promise<Assignment | null> =>
      create.mutateAsync({ load, rampId, etaIn, etaOut }).catch(() => null),
    remove: (a: Assignment): Promise<boolean> =>
      remove.mutateAsync(a).then(
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
