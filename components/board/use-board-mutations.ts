'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useToast } from '@/components/ui/toasts';
import { ApiError, apiFetch } from '@/lib/api-client';
import type { Assignment } from '@/lib/schemas/assignments';
import type { Board } from '@/lib/schemas/board';
import type { Load } from '@/lib/schemas/loads';

export type AssignmentChanges = Partial<Pick<Assignment, 'ramp_id' | 'status_id' | 'eta_in' | 'eta_out'>>;
export type Conflict = { base: Assignment; mine: AssignmentChanges; theirs: Assignment };

/** Writes from the board: optimistic, sent with the version they started from, rolled back when refused. */
export function useBoardMutations(openConflict: (c: Conflict) => void) {
  const queryClient = useQueryClient();
  const toast = useToast();

  const editCache = useCallback(
    (edit: (board: Board) => Board) => {
      for (const query of queryClient.getQueryCache().findAll({ queryKey: ['board'] })) {
        const board = query.state.data as Board | undefined;
        if (board) queryClient.setQueryData(query.queryKey, edit(board));
      }
    },
    [queryClient],
  );
  const putAssignment = useCallback(
    (a: Assignment, force = false) =>
      editCache((b) => {
        const cached = b.assignments.find((x) => x.id === a.id);
        if (!cached || (!force && cached.version > a.version)) return b;
        return { ...b, assignments: b.assignments.map((x) => (x.id === a.id ? a : x)) };
      }),
    [editCache],
  );

  const explain = (error: unknown) => (error instanceof ApiError ? error.message : 'The server could not be reached; nothing was saved.');

  const save = useCallback(
    async (base: Assignment, mine: AssignmentChanges): Promise<Assignment | null> => {
      putAssignment({ ...base, ...mine }, true);
      try {
        const saved = await apiFetch<Assignment>(`/api/assignments/${base.id}`, { method: 'PATCH', body: { version: base.version, ...mine } });
        putAssignment(saved);
        return saved;
      } catch (error) {
        const current = error instanceof ApiError && error.status === 409 ? (error.body.current_data as Assignment | undefined) : undefined;
        if (current) {
          putAssignment(current, true);
          openConflict({ base, mine, theirs: current });
        } else {
          putAssignment(base, true);
          toast(explain(error), 'error');
        }
        return null;
      }
    },
    [putAssignment, openConflict, toast],
  );

  const create = useCallback(
    async (load: Load, rampId: number, etaIn: string, etaOut: string): Promise<Assignment | null> => {
      try {
        const created = await apiFetch<Assignment>('/api/assignments', { method: 'POST', body: { ramp_id: rampId, load_id: load.id, eta_in: etaIn, eta_out: etaOut } });
        editCache((b) => ({
          ...b,
          assignments: b.assignments.some((x) => x.id === created.id) ? b.assignments : [...b.assignments, created],
          unassigned_loads: b.unassigned_loads.filter((l) => l.id !== load.id),
        }));
        toast(`${load.reference} planned on ${created.ramp.code}`, 'success');
        return created;
      } catch (error) {
        toast(explain(error), 'error');
        return null;
      }
    },
    [editCache, toast],
  );

  const remove = useCallback(
    async (a: Assignment): Promise<boolean> => {
      try {
        await apiFetch(`/api/assignments/${a.id}?version=${a.version}`, { method: 'DELETE' });
        editCache((b) => ({ ...b, assignments: b.assignments.filter((x) => x.id !== a.id) }));
        toast(`Assignment of ${a.load.reference} deleted`, 'success');
        return true;
      } catch (error) {
        const current = error instanceof ApiError && error.status === 409 ? (error.body.current_data as Assignment | undefined) : undefined;
        if (current) putAssignment(current, true);
        toast(current ? `${a.load.reference} was changed by someone else meanwhile; nothing was deleted. Check it and try again.` : explain(error), 'error');
        return false;
      }
    },
    [editCache, putAssignment, toast],
  );

  return { save, create, remove };
}
