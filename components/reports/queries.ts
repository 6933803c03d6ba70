import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { retryUnlessClientError } from '@/components/admin/queries';
import { apiFetch } from '@/lib/api-client';
import type { Load } from '@/lib/schemas/loads';
import type { Report } from '@/lib/schemas/reports';
import { dayBounds } from '@/lib/zoned-time';
import { rangeQuery, type ReportRange } from './report-range';

/** One range's figures per day and per ramp. The previous range stays on screen while the next one loads (no jump to skeletons). */
export const reportQuery = (range: ReportRange) =>
  queryOptions({
    queryKey: ['reports', range.from, range.to, range.carrier],
    queryFn: ({ signal }) => apiFetch<Report>(`/api/reports?${rangeQuery(range)}`, { signal }),
    placeholderData: keepPreviousData,
    retry: retryUnlessClientError,
  });

/** The carriers of the range's loads, for the filter's suggestions. */
export const carriersQuery = (from: string, to: string, timeZone: string) =>
  queryOptions({
    queryKey: ['reports', 'carriers', from, to, timeZone],
    queryFn: async ({ signal }) => {
      const q = new URLSearchParams({ from: dayBounds(from, timeZone).start.toISOString(), to: dayBounds(to, timeZone).end.toISOString(), limit: '10000' });
      const loads = await apiFetch<Load[]>(`/api/loads?${q.toString()}`, { signal });
      return [...new Set(loads.map((l) => l.carrier).filter((c): c is string => !!c))].sort((a, b) => a.localeCompare(b));
    },
    staleTime: 5 * 60_000,
    retry: retryUnlessClientError,
  });
