// The browser's way to the REST API: session cookie + CSRF header, JSON in and out.

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

export async function apiFetch<T>(path: string, options: { method?: string; body?: unknown; signal?: AbortSignal } = {}): Promise<T> {
  const res = await fetch(path, {
    method: options.method ?? 'GET',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', 'x-dcdock-csrf': '1' },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: options.signal,
  });
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
