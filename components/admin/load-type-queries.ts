import { queryOptions } from '@tanstack/react-query';
import { apiFetch } from '@/lib/api-client';
import type { LoadType } from '@/lib/schemas/rules';
import { retryUnlessClientError } from './queries';

/** The load types (SPEC §9): the admin screen, the load form's select and the plan dialog's default length. */
export const loadTypesQuery = () =>
  queryOptions({
    queryKey: ['load-types'],
    queryFn: ({ signal }) => apiFetch<LoadType[]>('/api/load-types', { signal }),
    retry: retryUnlessClientError,
    staleTime: 60_000,
  });
