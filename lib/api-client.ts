// The browser's way to the REST API: session cookie + CSRF header, JSON in and out.
import { CSRF_HEADER } from '@/lib/roles';

export type FieldErrors = Record<string, string>;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: { detail?: unknown; [key: string]: unknown },
  ) {
    super(typeof body.detail === 'string' ? body.detail : ApiError.summary(body.detail));
  }

  private static summary(detail: unknown): string {
    if (Array.isArray(detail)) return detail.map((d: { loc?: unknown[]; msg?: string }) => `${(d.loc ?? []).slice(1).join('.') || 'input'}: ${d.msg}`).join('; ');
    return 'Request failed';
  }

  /** 422 field messages keyed by field name, for forms. */
  get fieldErrors(): FieldErrors {
    const out: FieldErrors = {};
    if (Array.isArray(this.body.detail)) {
      for (const d of this.body.detail as { loc?: (string | number)[]; msg?: string }[]) {
        const key = String(d.loc?.[1] ?? '_');
        out[key] ??= d.msg ?? 'Invalid';
      }
    }
    return out;
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
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    }, { once: true });
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
    if (res.status === 401 && typeof window !== 'undefined') window.location.assign(`/login?callbackUrl=${encodeURIComponent(window.location.pathname + window.location.search)}`);
    throw new ApiError(res.status, body as { detail?: unknown });
  }
  return body as T;
}
