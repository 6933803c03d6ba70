// The browser's way to the server: reads from the REST API (session cookie + CSRF header, JSON in and out),
// writes through server actions (callAction); both retry a write safely with one idempotency key.
import { ActionError, fieldErrorsOf, summarizeIssues, type ActionResult, type FieldErrors, type FieldIssue } from '@/lib/action-result';
import { CSRF_HEADER } from '@/lib/roles';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: { detail?: unknown; [key: string]: unknown },
  ) {
    super(typeof body.detail === 'string' ? body.detail : Array.isArray(body.detail) ? summarizeIssues(ApiError.issues(body.detail)) : 'Request failed');
  }

  private static issues(detail: unknown[]): FieldIssue[] {
    return (detail as Partial<FieldIssue>[]).map((d) => ({ loc: d.loc ?? [], msg: d.msg ?? 'Invalid' }));
  }

  /** 422 field messages keyed by field name, for forms. */
  get fieldErrors(): FieldErrors {
    return Array.isArray(this.body.detail) ? fieldErrorsOf(ApiError.issues(this.body.detail)) : {};
  }
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Waits before the retries of a write that met a network failure or a 503. */
const RETRY_DELAYS_MS = [400, 1_200, 3_000];

/** A fresh key for one user action; crypto.randomUUID needs a secure context, getRandomValues does not. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function wait(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

/** Retry-After in seconds, bounded so a write is never held for long. */
function retryAfterMs(res: Response, fallback: number): number {
  const seconds = Number(res.headers.get('Retry-After'));
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds * 1000, 5_000) : fallback;
}

/**
 * One call is one user action. A write carries an `Idempotency-Key` and is
 * retried with the same key when the network fails or the server answers 503
 * (database away, or an outcome it cannot know): the server then answers as it
 * did the first time, so nothing is done twice.
 */
export async function apiFetch<T>(path: string, options: { method?: string; body?: unknown; signal?: AbortSignal; idempotencyKey?: string } = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const write = WRITES.has(method);
  const headers: Record<string, string> = { 'Content-Type': 'application/json', [CSRF_HEADER]: '1' };
  if (write) headers['Idempotency-Key'] = options.idempotencyKey ?? newIdempotencyKey();
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  for (let attempt = 0; ; attempt++) {
    const retry = write && attempt < RETRY_DELAYS_MS.length ? RETRY_DELAYS_MS[attempt]! : undefined;
    let res: Response;
    try {
      res = await fetch(path, { method, credentials: 'same-origin', headers, body, signal: options.signal });
    } catch (error) {
      if (retry === undefined || options.signal?.aborted) throw error;
      await wait(retry, options.signal);
      continue;
    }
    if (res.status === 503 && retry !== undefined) {
      await res.body?.cancel();
      await wait(retryAfterMs(res, retry), options.signal);
      continue;
    }
    return readAnswer<T>(res);
  }
}

async function readAnswer<T>(res: Response): Promise<T> {
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    body = { detail: text || res.statusText };
  }
  if (!res.ok) {
    if (res.status === 401) toLogin();
    throw new ApiError(res.status, body as { detail?: unknown });
  }
  return body as T;
}

const NOT_REACHED = 'The server could not be reached; nothing was saved.';

function toLogin(): void {
  if (typeof window !== 'undefined') window.location.assign(`/login?callbackUrl=${encodeURIComponent(window.location.pathname + window.location.search)}`);
}

/**
 * One user action through a server action: `send(key)` calls it with one
 * idempotency key, again with the same key when the network fails or the
 * server answers "unavailable" (503), so a retry is answered as the first
 * attempt was and nothing is done twice. Resolves with the saved value;
 * rejects with an ActionError (a refusal, a conflict, field errors).
 */
export async function callAction<T, C = unknown>(send: (idempotencyKey: string) => Promise<ActionResult<T, C>>): Promise<T> {
  const key = newIdempotencyKey();
  for (let attempt = 0; ; attempt++) {
    const retry = attempt < RETRY_DELAYS_MS.length ? RETRY_DELAYS_MS[attempt]! : undefined;
    let result: ActionResult<T, C>;
    try {
      result = await send(key);
    } catch {
      // The request failed on the way (or Next refused it before the action ran): unknown outcome, same key.
      if (retry === undefined) throw new ActionError<C>({ ok: false, kind: 'refused', status: 0, message: NOT_REACHED });
      await wait(retry);
      continue;
    }
    if (result.ok) return result.value;
    if (result.kind === 'unavailable' && retry !== undefined) {
      await wait(Math.min(Math.max(result.retryAfterMs, retry), 5_000));
      continue;
    }
    if (result.kind === 'signed-out') toLogin();
    throw new ActionError<C>(result);
  }
}
