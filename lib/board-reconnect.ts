// How a screen's /board socket comes back, the same on the operators' board
// and the wall TV: Socket.IO's own reconnection for transport failures, and a
// retry with backoff for what Socket.IO gives up on.
import type { Socket } from 'socket.io-client';

/** Socket.IO's reconnection after a transport failure (it retries for ever). */
export const SOCKET_RECONNECTION = { reconnectionDelay: 1_000, reconnectionDelayMax: 10_000, randomizationFactor: 0.5 } as const;

export const RETRY_BASE_MS = 1_000;
export const RETRY_MAX_MS = 15_000;

/**
 * Exponential backoff, capped, with ±50 % jitter so a hall of screens does
 * not come back in step: about base, 2×base, 4×base … up to max.
 */
export function backoffDelay(attempt: number, baseMs = RETRY_BASE_MS, maxMs = RETRY_MAX_MS, random = Math.random): number {
  return Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30)) * (0.5 + random());
}

type RetriedSocket = Pick<Socket, 'on' | 'connect' | 'connected' | 'active'>;

/**
 * Socket.IO retries transport failures by itself, but not a server-side
 * disconnect (catch-up failed, restart, rescoped link, session ended) nor a
 * refusal by the namespace (`unavailable`, `too_many_connections`,
 * `unauthorized`): this retries those with backoffDelay, as long as
 * `canRetry` says so. The handshake's auth decides each time, and its
 * `since` replays the gap. Call the returned stop before disconnecting on purpose.
 */
export function retryRefusedConnects(socket: RetriedSocket, canRetry: () => boolean = () => true): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let attempts = 0;
  let stopped = false;
  const clear = () => {
    clearTimeout(timer);
    timer = undefined;
  };
  const schedule = () => {
    if (stopped || timer !== undefined || !canRetry()) return;
    timer = setTimeout(() => {
      timer = undefined;
      if (!stopped && canRetry() && !socket.connected && !socket.active) socket.connect();
    }, backoffDelay(attempts++));
  };
  socket.on('connect', () => {
    attempts = 0;
    clear();
  });
  socket.on('disconnect', (reason) => {
    if (reason === 'io server disconnect' || !socket.active) schedule();
  });
  socket.on('connect_error', () => {
    if (!socket.active) schedule();
  });
  return () => {
    stopped = true;
    clear();
  };
}
