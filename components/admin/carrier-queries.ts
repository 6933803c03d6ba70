import { queryOptions } from '@tanstack/react-query';
import { apiFetch } from '@/lib/api-client';
import type { Carrier } from '@/lib/schemas/carriers';
import { retryUnlessClientError } from './queries';

/** The carriers (SPEC §9): the admin screen, and the carrier select of the users and loads forms. */
export const carriersQuery = () =>
  queryOptions({
    queryKey: ['carriers'],
    queryFn: ({ signal }) => apiFetch<Carrier[]>('/api/carriers', { signal }),
    retry: retryUnlessClientError,
    staleTime: 30_000,
  });
