'use client';

import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { callToDoorAction, checkInAction, checkOutAction, walkInAction } from '@/app/(app)/board/actions';
import { useToast } from '@/components/ui/toasts';
import { ActionError } from '@/lib/action-result';
import { callAction } from '@/lib/api-client';
import type { BoardEventMessage } from '@/lib/realtime';
import type { Assignment } from '@/lib/schemas/assignments';
import type { Board } from '@/lib/schemas/board';
import type { CheckInResult } from '@/lib/schemas/gate';
import type { Load } from '@/lib/schemas/loads';
import { applyEvents, type BoardKey } from '@/components/board/board-model';

export type WalkInInput = { reference: string; direction: 'IB' | 'OB'; carrier: string };

/**
 * What the server answered, merged into every cached day as the event that is
 * on its way would be (seq 0: the board's seq stays, and the real event lands
 * on it as a replay), so the board shows the change even before the socket does.
 */
function mergeAnswer(qc: QueryClient, data: Assignment | Load, created = false) {
  const e = (
    'version' in data
      ? { type: 'assignment_updated', entity: 'assignment', assignment_id: data.id }
      : { type: created ? 'load_created' : 'load_updated', entity: 'load' }
  ) as Pick<BoardEventMessage, 'type' | 'entity'>;
  const event = { ...e, seq: 0, timestamp: '', action: 'UPDATE', user_id: null, user_email: null, entity_id: data.id, data } as BoardEventMessage;
  for (const query of qc.getQueryCache().findAll({ queryKey: ['board'] })) {
    const board = query.state.data as Board | undefined;
    if (!board) continue;
    const next = applyEvents(board, (query.queryKey[2] ?? 'all') as BoardKey['direction'], [event]);
    if (next !== board) qc.setQueryData(query.queryKey, next);
  }
}

const explain = (error: unknown) =>
  error instanceof ActionError || error instanceof Error ? error.message : 'The server could not be reached; nothing was saved.';

/** The gate's writes from the board, as server actions: check-in, walk-in, check-out, call to door. */
export function useGateMutations() {
  const qc = useQueryClient();
  const toast = useToast();
  const mergeResult = (r: CheckInResult, created = false) => mergeAnswer(qc, r.assignment ?? r.load, created);

  const checkIn = useMutation({
    mutationFn: (load: Pick<Load, 'id' | 'reference'>) => callAction((key) => checkInAction(load.id, {}, key)),
    onSuccess: (r, load) => {
      mergeResult(r);
      toast(`${load.reference} checked in${r.assignment ? ` for ${r.assignment.ramp.code}` : ': in the yard'}`, 'success');
    },
    onError: (error) => toast(explain(error), 'error'),
  });
  const walkIn = useMutation({
    mutationFn: (input: WalkInInput) => callAction((key) => walkInAction({ ...input, carrier: input.carrier || null }, key)),
    onSuccess: (r) => {
      mergeResult(r, true);
      toast(`Walk-in ${r.load.reference} checked in: in the yard`, 'success');
    },
  });
  const checkOut = useMutation({
    mutationFn: (a: Assignment) => callAction((key) => checkOutAction(a.id, {}, key)),
    onSuccess: (saved) => {
      mergeAnswer(qc, saved);
      toast(`${saved.load.reference} checked out`, 'success');
    },
    onError: (error) => toast(explain(error), 'error'),
  });
  const call = useMutation({
    mutationFn: (a: Assignment) => callAction((key) => callToDoorAction(a.id, key)),
    onSuccess: (saved) => {
      mergeAnswer(qc, saved);
      toast(`${saved.load.reference} called to ${saved.ramp.code}`, 'success');
    },
    onError: (error) => toast(explain(error), 'error'),
  });

  return {
    checkIn: (load: Pick<Load, 'id' | 'reference'>) => checkIn.mutateAsync(load).catch(() => null),
    /** Throws the ActionError, so the form can show field messages. */
    walkIn: (input: WalkInInput) => walkIn.mutateAsync(input),
    checkOut: (a: Assignment) => checkOut.mutateAsync(a).catch(() => null),
    call: (a: Assignment) => call.mutateAsync(a).catch(() => null),
  };
}

export type GateMutations = ReturnType<typeof useGateMutations>;
