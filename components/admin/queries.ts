import { queryOptions } from '@tanstack/react-query';
import { ApiError, apiFetch } from '@/lib/api-client';
import type { DisplayLink } from '@/lib/schemas/displays';
import type { Load } from '@/lib/schemas/loads';
import type { Ramp } from '@/lib/schemas/ramps';
import type { Status } from '@/lib/schemas/statuses';
import type { User } from '@/lib/schemas/users';

/** Retry once on network and server errors; a 4xx (403, 404) will not change by asking again. */
export const retryUnlessClientError = (failures: number, error: Error) => !(error instanceof ApiError && error.status < 500) && failures < 1;

// One query per resource, holding the plain array the API returns, for the
// admin screens only: the board never reads these keys; its ramps and statuses
// come with its own snapshot (['board', …]) and stay current through its socket.

export const rampsQuery = () =>
  queryOptions({ queryKey: ['ramps'], queryFn: ({ signal }) => apiFetch<Ramp[]>('/api/ramps', { signal }), retry: retryUnlessClientError });

export const statusesQuery = () =>
  queryOptions({ queryKey: ['statuses'], queryFn: ({ signal }) => apiFetch<Status[]>('/api/statuses', { signal }), retry: retryUnlessClientError });

/** Every load (the API's maximum page); the screen filters by direction and reference. */
export const loadsQuery = () =>
  queryOptions({ queryKey: ['loads'], queryFn: ({ signal }) => apiFetch<Load[]>('/api/loads?limit=10000', { signal }), retry: retryUnlessClientError });

export const usersQuery = () =>
  queryOptions({ queryKey: ['users'], queryFn: ({ signal }) => apiFetch<User[]>('/api/users', { signal }), retry: retryUnlessClientError });

export const displaysQuery = () =>
  queryOptions({ queryKey: ['displays'], queryFn: ({ signal }) => apiFetch<DisplayLink[]>('/api/displays', { signal }), retry: retryUnlessClientError });
