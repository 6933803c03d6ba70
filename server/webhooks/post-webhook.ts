import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { resolveTarget, TargetRefused } from '@/server/webhooks/target-guard';

export type PostResult = { ok: boolean; statusCode: number | null; durationMs: number; error: string | null };

// Kept-alive connections per host: a connection is only opened to an address resolveTarget checked.
const httpAgent = new http.Agent({ keepAlive: true, maxSockets: 4 });
const httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 4 });

/** How much of an answer is read (and dropped) before the connection is let go. */
const MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * POSTs one body with a deadline for the whole exchange. Only a 2xx is success;
 * a redirect is not followed (it could lead to a private address) and counts as a failure.
 */
export async function postWebhook(
  target: string,
  body: string,
  headers: Record<string, string>,
  options: { timeoutMs: number; allowPrivate: boolean },
): Promise<PostResult> {
  const started = performance.now();
  const done = (statusCode: number | null, error: string | null): PostResult => ({
    ok: error === null && statusCode !== null && statusCode >= 200 && statusCode < 300,
    statusCode,
    durationMs: Math.round(performance.now() - started),
    error,
  });
  const url = new URL(target);
  let resolved: Awaited<ReturnType<typeof resolveTarget>>;
  try {
    resolved = await resolveTarget(url, options.allowPrivate);
  } catch (error) {
    return done(null, error instanceof TargetRefused ? error.message : `DNS: ${(error as Error).message}`);
  }
  // The checked address, whatever the name resolves to by the time the socket connects.
  const pinned: LookupFunction = (_host, opts, callback) => {
    if ((opts as { all?: boolean }).all) (callback as (e: null, a: { address: string; family: number }[]) => void)(null, [resolved]);
    else callback(null, resolved.address, resolved.family);
  };
  const isHttps = url.protocol === 'https:';
  return new Promise<PostResult>((resolve) => {
    let settled = false;
    const finish = (statusCode: number | null, error: string | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(done(statusCode, error));
    };
    const req = (isHttps ? https : http).request(
      url,
      {
        method: 'POST',
        agent: isHttps ? httpsAgent : httpAgent,
        lookup: pinned,
        headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body).toString(), 'User-Agent': 'DCDock-Webhooks/1', ...headers },
      },
      (res) => {
        const status = res.statusCode ?? 0;
        let read = 0;
        res.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_RESPONSE_BYTES) res.destroy();
        });
        res.on('error', () => {});
        const settle = () =>
          finish(status, status >= 300 && status < 400 ? `Redirect to ${res.headers.location ?? '?'} not followed` : status >= 300 ? `HTTP ${status}` : null);
        res.on('end', settle);
        res.on('close', settle);
      },
    );
    const timer = setTimeout(() => {
      finish(null, `No answer within ${options.timeoutMs} ms`);
      req.destroy();
    }, options.timeoutMs);
    req.on('error', (error) => finish(null, error.message));
    req.end(body);
  });
}
