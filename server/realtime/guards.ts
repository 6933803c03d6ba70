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
