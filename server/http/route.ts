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

export type RouteContext = {
  req: IncomingMessage;
  res: ServerResponse;
  deps: AppDeps;
  params: Record<string, string | undefined>;
  query: Record<string, string>;
  body: unknown;
  ip: string;
};

export type AuthedContext = RouteContext & { actor: Actor };

type Common = {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** find-my-way syntax: /api/assignments/:id */
  path: string;
  summary: string;
  tag: string;
  /** Documents who may call it; the domain module enforces it. */
  roles?: readonly Role[];
  body?: z.ZodType;
  /** Only application/json bodies (415 otherwise). */
  jsonOnly?: boolean;
  query?: z.ZodType;
  status?: number;
  response?: z.ZodType;
  errors?: number[];
};

export type Route =
  | (Common & { auth: false; handler: (ctx: RouteContext) => Promise<unknown> })
  | (Common & { auth: true; handler: (ctx: AuthedContext) => Promise<unknown> });

export const route = <R extends Route>(r: R): R => r;
