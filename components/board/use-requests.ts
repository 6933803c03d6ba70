'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { approveRequestAction, declineRequestAction } from '@/app/(app)/board/actions';
import { useSite } from '@/components/providers';
import { useToast } from '@/components/ui/toasts';
import { ActionError } from '@/lib/action-result';
import { apiFetch, callAction } from '@/lib/api-client';
import { DECIDE_REQUESTS } from '@/lib/roles';
import type { Board } from '@/lib/schemas/board';
import type { Booking } from '@/lib/schemas/booking';
import { formatClock } from '@/lib/zoned-time';
import type { BoardKey } from '@/components/board/board-model';
import { boardAfterDecision, PENDING_QUERY_KEY, PENDING_URL, type PendingList, type RequestRef, stillPending } from '@/components/board/requests-model';

/** Why a decision did not go through, in words, naming the booking. */
function explain(error: unknown, r: RequestRef): string {
  if (error instanceof ActionError && error.result.kind === 'conflict') {
    return `${r.reference} was changed meanwhile; the list now shows it as it is. Look again and decide.`;
  }
  if (error instanceof ActionError && error.status === 409) return `${r.reference}: ${error.message}`;
  return error instanceof Error ? error.message : 'The server could not be reached; nothing was saved.';
}

/**
 * The Requests list (GET /api/booking/pending, refetched by the board socket when a request changes) and the
 * decisions on it (server actions). A decision shows at once on every cached day of the board and in the list.
 */
export function useRequests(now: number) {
  const qc = useQueryClient();
  const toast = useToast();
  const { user, timeZone, locale } = useSite();
  const mayDecide = DECIDE_REQUESTS.includes(user.role);
  const { data } = useQuery({
    queryKey: PENDING_QUERY_KEY,
    queryFn: ({ signal }) => apiFetch<PendingList>(PENDING_URL, { signal }),
  });
  const items = useMemo(() => stillPending(data?.items ?? [], now), [data, now]);
  const byId = useMemo(() => new Map(items.map((b) => [b.id, b])), [items]);

  const settle = (b: Booking) => {
    qc.setQueryData<PendingList>(PENDING_QUERY_KEY, (list) => (list ? { items: list.items.filter((x) => x.id !== b.id) } : list));
    for (const query of qc.getQueryCache().findAll({ queryKey: ['board'] })) {
      const board = query.state.data as Board | undefined;
      if (!board) continue;
      const next = boardAfterDecision(board, (query.queryKey[2] ?? 'all') as BoardKey['direction'], b);
      if (next !== board) qc.setQueryData(query.queryKey, next);
    }
    void qc.invalidateQueries({ queryKey: PENDING_QUERY_KEY });
  };
  const failed = (error: unknown, r: RequestRef) => {
    toast(explain(error, r), 'error');
    void qc.invalidateQueries({ queryKey: PENDING_QUERY_KEY });
  };
  const where = (b: Pick<Booking, 'ramp_code' | 'eta_in'>) => `${b.ramp_code} ${formatClock(b.eta_in, timeZone, locale)}`;

  const approve = useMutation({
    mutationFn: (r: RequestRef) => callAction((key) => approveRequestAction(r.id, { version: r.version }, key)),
    onSuccess: (b) => {
      settle(b);
      toast(`Approved ${b.reference} (${where(b)})`, 'success');
    },
    onError: failed,
  });
  const decline = useMutation({
    mutationFn: ({ r, reason }: { r: RequestRef; reason: string }) => callAction((key) => declineRequestAction(r.id, { version: r.version, reason }, key)),
    onSuccess: (b) => {
      settle(b);
      toast(`Declined ${b.reference} (${where(b)}); the carrier is told why`, 'success');
    },
    onError: (error, { r }) => failed(error, r),
  });

  return {
    /** Waiting for a decision, soonest first. */
    items,
    /** The pending booking of an assignment id (its carrier, plate and load type for the block's dialog). */
    find: (id: number) => byId.get(id),
    /** Admins and operators decide; supervisors see the requests only. */
    mayDecide,
    busy: approve.isPending || decline.isPending,
    /** True when it went through (a refusal is shown in a toast). */
    approve: (r: RequestRef) =>
      approve.mutateAsync(r).then(
        () => true,
        () => false,
      ),
    decline: (r: RequestRef, reason: string) =>
      decline.mutateAsync({ r, reason }).then(
        () => true,
        () => false,
      ),
  };
}

export type Requests = ReturnType<typeof useRequests>;
