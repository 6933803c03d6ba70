import { queryOptions } from '@tanstack/react-query';
import { retryUnlessClientError } from '@/components/admin/queries';
import { apiFetch } from '@/lib/api-client';
import type { HistoryEntry } from '@/lib/schemas/assignments';
import type { DayHistoryEntry } from '@/lib/schemas/board';

/** Every assignment change of one day (site time zone), newest first. */
export const dayHistoryQuery = (date: string, live: boolean) =>
  queryOptions({
    queryKey: ['history', date],
    queryFn: ({ signal }) => apiFetch<DayHistoryEntry[]>(`/api/history?date=${date}`, { signal }),
    refetchInterval: live ? 30_000 : false,
    retry: retryUnlessClientError,
  });

/** One assignment's trail, oldest first as the API sends it. Nothing invalidates it (the board refreshes ['board', …] only): staleTime 0 refetches it each time it is shown. */
export const assignmentHistoryQuery = (id: number) =>
  queryOptions({
    queryKey: ['assignments', id, 'history'],
    queryFn: ({ signal }) => apiFetch<HistoryEntry[]>(`/api/assignments/${id}/history`, { signal }),
    staleTime: 0,
    retry: retryUnlessClientError,
  });
