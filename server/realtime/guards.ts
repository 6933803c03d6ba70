import type { IncomingMessage } from 'node:http';

/**
 * Cross-site WebSocket hijacking guard: a browser always sends Origin, and it
 * must be the page's own origin or one configured. Clients that send no Origin
 * (scripts, the CLI listener, the original Python client) are not browsers.
 */
export function originAllowed(req: IncomingMessage, allowed: string[]): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  if (allowed.includes(origin)) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

/** A token bucket per connection: `burst` messages at once, `perSecond` sustained. */
export class MessageBucket {
  private tokens: number;
  private last = Date.now();
  refused = 0;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
  ) {
    this.tokens = burst;
  }

  take(): boolean {
    const now = Date.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens < 1) {
      this.refused++;
      return false;
    }
    this.tokens -= 1;
    return true;
  }
}

export function pathOf(req: IncomingMessage): string {
  return (req.url ?? '/').split('?', 1)[0]!.replace(/\/+$/, '') || '/';
}

const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/** Runs `fn` at an instant that may be weeks away (setTimeout alone overflows past ~24.8 days). */
export function runAt(atMs: number, fn: () => void): { cancel: () => void } {
  let timer: NodeJS.Timeout;
  const arm = () => {
    const wait = atMs - Date.now();
    timer = wait > MAX_TIMEOUT_MS ? setTimeout(arm, MAX_TIMEOUT_MS) : setTimeout(fn, Math.max(0, wait));
    timer.unref?.();
  };
  arm();
  return { cancel: () => clearTimeout(timer) };
}

/**
 * Open sockets per user and per client address on this instance, both socket
 * kinds together. `take` returns the release for one socket, or null when the
 * user or the address has no place left.
 */
export class SocketLimits {
  private readonly byUser = new Map<number, number>();
  private readonly byAddress = new Map<string, number>();

  constructor(
    private readonly maxPerUser: number,
    private readonly maxPerAddress: number,
  ) {}

  take(address: string, userId: number | null): (() => void) | null {
    if ((this.byAddress.get(address) ?? 0) >= this.maxPerAddress) return null;
    if (userId !== null && (this.byUser.get(userId) ?? 0) >= this.maxPerUser) return null;
    bump(this.byAddress, address, 1);
    if (userId !== null) bump(this.byUser, userId, 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      bump(this.byAddress, address, -1);
      if (userId !== null) bump(this.byUser, userId, -1);
    };
  }
}

function bump<K>(counts: Map<K, number>, key: K, by: number): void {
  const next = (counts.get(key) ?? 0) + by;
  if (next > 0) counts.set(key, next);
  else counts.delete(key);
}

class DeadlineError extends Error {}

/** `promise`, or a DeadlineError after `ms`: a socket never waits on the database for good. */
export function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/** Close code for "try again later": the client reconnects (with `since`), it does not log in again. */
export const TRY_AGAIN_LATER = 1013;
