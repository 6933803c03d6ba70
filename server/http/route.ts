import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import type { Role } from '@/lib/schemas/users';
import type { Actor } from '@/server/auth/actor';
import type { LoginGuard } from '@/server/auth/login';
import type { Config } from '@/server/config';
import type { Db } from '@/server/db/client';
import type { Lifecycle } from '@/server/http/lifecycle';
import type { Logger } from '@/server/logger';

export type AppDeps = {
  config: Config;
  db: Db;
  logger: Logger;
  loginGuard: LoginGuard;
  /** Set once the sockets are up; /api/ws/stats reads it. */
  realtime?: { stats: () => Promise<{ active_connections: number; clients: unknown[] }> };
  /** Set by createApp; /api/ready reads whether the instance is draining. */
  lifecycle?: Lifecycle;
};

/** What a declared schema hands the handler: its parsed output, or `fallback` when none is declared. */
type Parsed<S, Fallback> = S extends z.ZodType ? z.output<S> : Fallback;
/** A path with an `:id` segment gets it parsed as a positive integer. */
type PathId<P extends string> = P extends `${string}/:id` | `${string}/:id/${string}` ? number : undefined;

/**
 * What a handler gets. `body` and `query` are already parsed with the
 * route's schemas (without a `query` schema: the raw parameters), `id` is the
 * parsed `:id` of the path; the declared roles have been checked.
 */
export type RouteContext<P extends string = string, B = unknown, Q = unknown> = {
  req: IncomingMessage;
  res: ServerResponse;
  deps: AppDeps;
  params: Record<string, string | undefined>;
  id: PathId<P>;
  query: Q;
  body: B;
  ip: string;
};

export type AuthedContext<P extends string = string, B = unknown, Q = unknown> = RouteContext<P, B, Q> & { actor: Actor };

/**
 * A handler's answer that is not JSON (a CSV download): runRoute sends the
 * status and headers once the first chunk is read, then streams the chunks
 * with backpressure. The request deadline covers the answer's start only.
 */
export class RawBody {
  constructor(
    readonly contentType: string,
    readonly chunks: AsyncIterable<string>,
    readonly headers: Record<string, string> = {},
  ) {}
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

type Common<P extends string, B, Q> = {
  method: Method;
  /** find-my-way syntax: /api/assignments/:id */
  path: P;
  summary: string;
  tag: string;
  /** Who may call it (STAFF when absent: carrier users only get routes that name CARRIER); runRoute refuses others (403) before it parses query and body. */
  roles?: readonly Role[];
  /** Parses the body (422 at ['body', …]); the handler gets its output. */
  body?: B;
  /** Only application/json bodies (415 otherwise). */
  jsonOnly?: boolean;
  /** Parses the query string (422 at ['query', …]); the handler gets its output. */
  query?: Q;
  status?: number;
  response?: z.ZodType;
  /** The response's content type when it is not JSON (the handler returns a RawBody); the OpenAPI document says so. */
  produces?: string;
  /**
   * What the client is sent of a 2xx answer the handler returned. The answer
   * itself is what an Idempotency-Key stores, so a secret in it is returned
   * sealed and opened here, on its way out, replays included.
   */
  reveal?: (answer: unknown, deps: AppDeps) => unknown;
  errors?: number[];
};

type RouteSpec<P extends string, B, Q> = Common<P, B, Q> &
  (
    | { auth: false; handler: (ctx: RouteContext<P, Parsed<B, undefined>, Parsed<Q, Record<string, string>>>) => Promise<unknown> }
    | { auth: true; handler: (ctx: AuthedContext<P, Parsed<B, undefined>, Parsed<Q, Record<string, string>>>) => Promise<unknown> }
  );

/** A route as the router, the OpenAPI builder and the role test see it. */
export type Route = Common<string, z.ZodType, z.ZodType> &
  ({ auth: false; handler: (ctx: RouteContext) => Promise<unknown> } | { auth: true; handler: (ctx: AuthedContext) => Promise<unknown> });

/**
 * Declares a route. The handler's `body`, `query` and `id` are typed from the
 * schemas and the path; runRoute (server/http/app.ts) parses them before the
 * handler runs, so the types hold.
 */
export const route = <const P extends string, B extends z.ZodType | undefined = undefined, Q extends z.ZodType | undefined = undefined>(
  r: RouteSpec<P, B, Q>,
): Route => r as unknown as Route;
