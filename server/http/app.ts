import { STAFF } from '@/lib/roles';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import findMyWay from 'find-my-way';
import { z } from 'zod';
import { idSchema } from '@/lib/schemas/common';
import { requireRole, type Actor } from '@/server/auth/actor';
import { clientAddress, CLIENT_IP_HEADER, REQUEST_PATH_HEADER } from '@/server/auth/client-ip';
import { actorFromRequest } from '@/server/auth/resolve-actor';
import { IdempotencyRace, runWithIdempotency, type StoredAnswer } from '@/server/db/idempotency';
import { isConnectionError } from '@/server/db/pg-errors';
import { databaseUnavailable, deadlineExceeded, HttpError, parseOrThrow } from '@/server/errors';
import { readBody } from '@/server/http/body';
import { serveDocs } from '@/server/http/docs';
import { API_SECURITY_HEADERS, pageSecurityHeaders } from '@/server/http/security-headers';
import { sendStoredAnswer, startIdempotent, storeAfterTheFact, winnerAnswer, type IdempotentStart } from '@/server/http/idempotency';
import { createLifecycle, type Lifecycle } from '@/server/http/lifecycle';
import { buildOpenApi } from '@/server/http/openapi';
import { RawBody, type AppDeps, type AuthedContext, type Route, type RouteContext } from '@/server/http/route';
import { routes } from '@/server/http/routes';

/**
 * The accept queue: when an instance stops, every screen it served reconnects
 * to the others at once; Node's default (511) overflows under a few thousand,
 * and the SYNs the kernel then drops come back only after a second or more.
 * The kernel caps it at net.core.somaxconn.
 */
export const LISTEN_BACKLOG = 4096;

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

const API_HEADERS = { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...API_SECURITY_HEADERS };

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  if (body === undefined || status === 204) {
    res.writeHead(status, { ...API_HEADERS, ...headers, 'Content-Length': '0' });
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { ...API_HEADERS, ...headers, 'Content-Length': String(Buffer.byteLength(text)) });
  res.end(text);
}

/**
 * The HTTP server: the REST API is routed here; every other request goes to
 * `fallback` (Next.js in production, a 404 in tests that boot only the API).
 */
export function createApp(deps: AppDeps, fallback?: RequestHandler): { server: Server; handle: RequestHandler; lifecycle: Lifecycle } {
  const router = findMyWay({ ignoreTrailingSlash: true, ignoreDuplicateSlashes: true, maxParamLength: 200 });
  const openApi = JSON.stringify(buildOpenApi(routes));

  for (const r of routes) {
    const hasId = PATH_ID.test(r.path);
    router.on(r.method, r.path, (req, res, params) => runRoute(r, hasId, deps, req, res, params as Record<string, string | undefined>));
  }
  router.on('GET', '/api/openapi.json', (_req, res) => {
    res.writeHead(200, { ...API_HEADERS, 'Cache-Control': 'public, max-age=60' });
    res.end(openApi);
  });
  router.on('GET', '/api/docs', (req, res) => serveDocs(req, res, ''));
  router.on('GET', '/api/docs/:file', (req, res, params) => serveDocs(req, res, params.file ?? ''));

  const handle: RequestHandler = async (req, res) => {
    const url = req.url ?? '/';
    const path = url.split('?', 1)[0]!;
    const found = router.find(req.method as 'GET', path);
    if (found) {
      await found.handler(req, res, found.params, found.store, found.searchParams);
      return;
    }
    if (fallback && !isOwnApiPath(path)) {
      // Overwrites whatever a client sent under this name.
      req.headers[CLIENT_IP_HEADER] = clientAddress(req, deps.config);
      req.headers[REQUEST_PATH_HEADER] = url;
      // A load balancer in front sets these; direct requests are plain HTTP.
      req.headers['x-forwarded-proto'] ??= 'http';
      req.headers['x-forwarded-host'] ??= req.headers.host;
      for (const [name, value] of Object.entries(pageSecurityHeaders(path, deps.config))) res.setHeader(name, value);
      return fallback(req, res);
    }
    if (router.find('GET', path) || routes.some((r) => router.find(r.method, path))) {
      sendJson(res, 405, { detail: 'Method Not Allowed' });
      return;
    }
    sendJson(res, 404, { detail: 'Not Found' });
  };

  const server = createServer({ requestTimeout: 30_000, headersTimeout: 20_000 }, (req, res) => {
    lifecycle.track(res);
    Promise.resolve(handle(req, res)).catch((error: unknown) => {
      deps.logger.error({ err: error, method: req.method, path: req.url?.split('?', 1)[0] }, 'unhandled request error');
      sendJson(res, 500, { detail: 'Internal Server Error' });
    });
  });
  server.keepAliveTimeout = 65_000;
  const lifecycle = createLifecycle(server);
  deps.lifecycle = lifecycle;
  return { server, handle, lifecycle };
}

/** next-auth owns /api/auth/* except login and logout-all; everything else under /api is ours. */
function isOwnApiPath(path: string): boolean {
  if (!path.startsWith('/api/') && path !== '/api') return false;
  return !path.startsWith('/api/auth/') || /^\/api\/auth\/(login|logout-all)\/?$/.test(path);
}

/**
 * Every API request is answered within the deadline, whatever the database
 * or its driver does: past it the client gets 503 (a write: outcome unknown,
 * safe to retry with its Idempotency-Key) and a late result is dropped.
 */
async function runRoute(
  r: Route,
  hasId: boolean,
  deps: AppDeps,
  req: IncomingMessage,
  res: ServerResponse,
  params: Record<string, string | undefined>,
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), deps.config.requestDeadlineMs);
  });
  let streaming: () => void = () => {};
  const started = new Promise<'streaming'>((resolve) => {
    streaming = () => resolve('streaming');
  });
  const late: Late = { passed: false, streaming };
  const work = answerRoute(r, hasId, deps, req, res, params, late);
  const outcome = await Promise.race([work.then(() => 'done' as const), deadline, started]);
  clearTimeout(timer);
  // A download under way is past the deadline's reach: it ends when its last chunk is sent or the client goes.
  if (outcome === 'streaming') return work;
  if (outcome === 'late') {
    late.passed = true;
    deps.logger.error({ method: req.method, route: r.path, ms: deps.config.requestDeadlineMs }, 'request ran past its deadline');
    const error = deadlineExceeded(r.method !== 'GET');
    sendJson(res, error.status, { detail: error.detail, ...error.extra }, error.headers);
    work.catch(() => {});
  }
}

/** Resolves once the response may take more (drained), or is gone. */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/**
 * Streams a raw body. Its first chunk is read before anything is sent, so a
 * failure there (the database away, the deadline) is answered as JSON like any
 * other; a failure after the headers cuts the download short (the client sees
 * an incomplete file, never a truncated one presented as whole).
 */
async function sendRaw(res: ServerResponse, status: number, body: RawBody, late: Late, deps: AppDeps, path: string): Promise<void> {
  const chunks = body.chunks[Symbol.asyncIterator]();
  const first = await chunks.next();
  if (late.passed || res.headersSent) {
    await chunks.return?.();
    return;
  }
  res.writeHead(status, { ...API_HEADERS, 'Content-Type': body.contentType, ...body.headers });
  late.streaming();
  try {
    if (!first.done && !res.write(first.value)) await drained(res);
    for (let next = first; !next.done; ) {
      if (res.destroyed) {
        await chunks.return?.();
        return;
      }
      next = await chunks.next();
      if (!next.done && !res.write(next.value)) await drained(res);
    }
    res.end();
  } catch (error) {
    deps.logger.error({ err: error, route: path }, 'download failed after it started');
    res.destroy(error instanceof Error ? error : new Error(String(error)));
  }
}

/** A route whose path has an `:id` segment: the id is parsed as a positive integer (422 at [path, id]). */
const PATH_ID = /\/:id(\/|$)/;
// Built once: zod compiles an object schema on its first parse.
const pathIdSchema = z.object({ id: idSchema });

type Input = { params: Record<string, string | undefined>; id?: number; query: unknown; body: unknown };

/**
 * The boundary: the path id (422), the declared roles (403), then the query
 * and the body (422), in the order the API has always answered them. Handlers
 * and the domain functions they call get parsed values only.
 */
function parseInput(r: Route, hasId: boolean, input: Input, actor?: Actor): void {
  if (hasId) input.id = parseOrThrow(pathIdSchema, input.params, 'path').id;
  if (actor) requireRole(actor, r.roles ?? STAFF);
  if (r.query) input.query = parseOrThrow(r.query, input.query, 'query');
  if (r.body) input.body = parseOrThrow(r.body, input.body, 'body');
}

/** A stored 2xx answer as the client is sent it (Route.reveal); errors and empty answers as stored. */
function revealStored(r: Route, answer: StoredAnswer, deps: AppDeps): StoredAnswer {
  if (!r.reveal || answer.body === null || answer.status >= 300) return answer;
  return { ...answer, body: JSON.stringify(r.reveal(JSON.parse(answer.body), deps)) };
}

/** `passed`: the client has had its 503. `streaming`: called once a raw body's headers are sent. */
type Late = { passed: boolean; streaming: () => void };

/** `late.passed`: the client has had its 503; a write not yet begun is dropped (its body may be cut short). */
async function answerRoute(
  r: Route,
  hasId: boolean,
  deps: AppDeps,
  req: IncomingMessage,
  res: ServerResponse,
  params: Record<string, string | undefined>,
  late: Late,
): Promise<void> {
  const started = performance.now();
  let status = r.status ?? 200;
  let idempotent: IdempotentStart | undefined;
  try {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const query: Record<string, string> = {};
    for (const [k, v] of url.searchParams) query[k] = v;
    const ctx: Omit<RouteContext, 'id'> & Input = { req, res, deps, params, query, body: undefined, ip: clientAddress(req, deps.config) };
    let result: unknown;
    if (r.auth) {
      const actor = await actorFromRequest(deps.db, req.headers, req.method ?? 'GET', deps.config);
      ctx.body = r.method === 'GET' || r.method === 'DELETE' ? undefined : await readBody(req, deps.config.bodyLimitBytes);
      if (late.passed) return;
      // The raw body is the request's fingerprint; a refusal below is stored under the key like any 4xx.
      idempotent = await startIdempotent(deps.db, req, r.method, actor.id, status, ctx.body);
      if (idempotent?.replay) {
        status = idempotent.replay.status;
        sendStoredAnswer(res, revealStored(r, idempotent.replay, deps), API_HEADERS);
        return;
      }
      parseInput(r, hasId, ctx, actor);
      const authed = { ...ctx, actor } as AuthedContext;
      const scope = idempotent?.scope;
      result = scope ? await runWithIdempotency(scope, () => r.handler(authed)) : await r.handler(authed);
      if (scope) await storeAfterTheFact(deps.db, scope, status, result);
    } else {
      ctx.body = r.method === 'GET' ? undefined : await readBody(req, deps.config.bodyLimitBytes, r.jsonOnly);
      parseInput(r, hasId, ctx);
      result = await r.handler(ctx as RouteContext);
    }
    if (result instanceof RawBody) await sendRaw(res, status, result, late, deps, r.path);
    else sendJson(res, status, status === 204 ? undefined : r.reveal ? r.reveal(result, deps) : result);
  } catch (thrown) {
    let caught = thrown;
    const scope = idempotent?.scope;
    if (scope && (caught instanceof IdempotencyRace || (caught instanceof HttpError && caught.status < 500))) {
      // A concurrent request with the same key may have committed first: answer as it did.
      try {
        const winner = await winnerAnswer(deps.db, scope);
        if (winner) {
          status = winner.status;
          sendStoredAnswer(res, revealStored(r, winner, deps), API_HEADERS);
          return;
        }
        if (caught instanceof IdempotencyRace)
          caught = new HttpError(409, 'A request with the same Idempotency-Key is still in progress; retry shortly', {}, { 'Retry-After': '1' });
      } catch (error) {
        caught = error;
      }
    }
    // The database is unreachable or dropped the connection: retry later, without the driver's words.
    const error = !(caught instanceof HttpError) && isConnectionError(caught) ? databaseUnavailable() : caught;
    if (error !== caught) deps.logger.warn({ err: caught, method: req.method, route: r.path }, 'database unavailable');
    if (error instanceof HttpError) {
      status = error.status;
      if (scope && status < 500) await storeAfterTheFact(deps.db, scope, status, { detail: error.detail, ...error.extra });
      const headers = { ...error.headers };
      if (status === 413) {
        headers.Connection = 'close';
        req.resume();
      }
      sendJson(res, status, { detail: error.detail, ...error.extra }, headers);
    } else {
      status = 500;
      deps.logger.error({ err: error, method: req.method, route: r.path }, 'request failed');
      sendJson(res, 500, { detail: 'Internal Server Error' });
    }
  } finally {
    deps.logger.debug({ method: req.method, route: r.path, status, ms: Math.round(performance.now() - started) }, 'request');
  }
}
