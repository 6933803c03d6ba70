import type { OutboundEvent } from '@/server/events/outbound-event';

/** Bodies larger than this are sent as a stub (seq, type, truncated): the receiver reads the rest from the API. */
export const MAX_BODY_BYTES = 256 * 1024;

export type WebhookMessage = { seq: number; type: string; body: string };

/**
 * What an endpoint receives for an event, or null for what never leaves the
 * server (user and display link events). Assignment events are byte for byte
 * what the raw /api/ws socket sends; ramp, load and status events, which
 * /api/ws does not carry, have the same fields with entity and entity_id.
 */
export function webhookMessage(event: OutboundEvent): WebhookMessage | null {
  if (!event.broadcast) return null;
  const { type } = event.message;
  let body = event.seedJson ?? JSON.stringify(event.message);
  if (Buffer.byteLength(body) > MAX_BODY_BYTES) {
    body = JSON.stringify({ type, seq: event.seq, timestamp: event.message.timestamp, truncated: true });
  }
  return { seq: event.seq, type, body };
}

/** Whether an endpoint subscribed to this type (an empty list takes every type). */
export const wantsType = (types: readonly string[], type: string): boolean => types.length === 0 || types.includes(type);
