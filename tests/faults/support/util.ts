export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls `check` until it returns true; throws with `what` after `timeoutMs`. */
export async function waitFor(check: () => boolean | Promise<boolean>, options: { timeoutMs: number; what: string; everyMs?: number }): Promise<number> {
  const started = performance.now();
  for (;;) {
    if (await check()) return performance.now() - started;
    if (performance.now() - started > options.timeoutMs) throw new Error(`timed out after ${options.timeoutMs} ms waiting for ${options.what}`);
    await sleep(options.everyMs ?? 50);
  }
}

/** fetch with a deadline; a network error or timeout is status 0. */
export async function timedFetch(
  url: string,
  init: RequestInit & { timeoutMs?: number } = {},
): Promise<{ status: number; ms: number; headers: Headers | undefined; body: unknown; error?: string }> {
  const started = performance.now();
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(init.timeoutMs ?? 10_000) });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON */
    }
    return { status: res.status, ms: performance.now() - started, headers: res.headers, body };
  } catch (error) {
    return {
      status: 0,
      ms: performance.now() - started,
      headers: undefined,
      body: undefined,
      error: error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error),
    };
  }
}

export type Probe = { path: string; at: number; status: number; ms: number; retryAfter: string | null; body: unknown };

/** GETs each path every `everyMs` (one at a time per path) until stopped; `at` is performance.now() at the send. */
export function startProbes(url: string, paths: string[], everyMs: number, token?: string): { probes: Probe[]; stop: () => Promise<void> } {
  const probes: Probe[] = [];
  let stopped = false;
  const loops = paths.map(async (path) => {
    while (!stopped) {
      const at = performance.now();
      const r = await timedFetch(`${url}${path}`, { timeoutMs: 10_000, headers: token ? { Authorization: `Bearer ${token}` } : {} });
      probes.push({ path, at, status: r.status, ms: r.ms, retryAfter: r.headers?.get('retry-after') ?? null, body: r.body });
      await sleep(Math.max(0, everyMs - r.ms));
    }
  });
  return {
    probes,
    stop: async () => {
      stopped = true;
      await Promise.all(loops);
    },
  };
}
