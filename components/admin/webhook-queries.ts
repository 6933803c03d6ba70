import { queryOptions } from '@tanstack/react-query';
import { apiFetch } from '@/lib/api-client';
import type { Webhook, WebhookDelivery } from '@/lib/schemas/webhooks';
import { retryUnlessClientError } from './queries';

// The webhooks screen's reads, through the REST API as the other admin screens read.

/** Fetched again every few seconds: cursors move and endpoints pause by themselves. */
export const webhooksQuery = () =>
  queryOptions({
    queryKey: ['webhooks'],
    queryFn: ({ signal }) => apiFetch<Webhook[]>('/api/webhooks', { signal }),
    retry: retryUnlessClientError,
    refetchInterval: 5_000,
  });

export const deliveriesQuery = (id: number) =>
  queryOptions({
    queryKey: ['webhooks', id, 'deliveries'],
    queryFn: ({ signal }) => apiFetch<WebhookDelivery[]>(`/api/webhooks/${id}/deliveries?limit=50`, { signal }),
    retry: retryUnlessClientError,
    refetchInterval: 2_000,
  });
