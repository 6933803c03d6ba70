import { z } from 'zod';
import { detailSchema, validationErrorSchema } from '@/lib/schemas/common';
import { conflictSchema } from '@/lib/schemas/assignments';
import type { Route } from '@/server/http/route';

type JsonSchema = Record<string, unknown>;

const ERROR_TEXT: Record<number, string> = {
  400: 'Bad request',
  401: 'Missing, invalid or expired token',
  403: 'The role may not do this',
  404: 'Not found',
  409: 'Conflict: stale version, overlapping window or duplicate',
  413: 'Body too large',
  415: 'The body must be application/json',
  422: 'Invalid input, with a message per field',
  429: 'Too many attempts',
  503: 'The database is unreachable (Retry-After says when to retry); `outcome: "unknown"` when a write may have committed: retry it with the same Idempotency-Key',
};

/** OpenAPI 3.1 from the route table and the zod schemas that validate the requests. */
export function buildOpenApi(routes: Route[]): JsonSchema {
  const components: Record<string, JsonSchema> = {};
  const toSchema = (schema: z.ZodType, io: 'input' | 'output'): JsonSchema => {
    const json = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' });
    // Schemas with a meta id come back as $defs; they become shared components.
    const {
      $schema: _,
      $defs,
      ...rest
    } = JSON.parse(JSON.stringify(json).replaceAll('"#/$defs/', '"#/components/schemas/')) as JsonSchema & {
      $defs?: Record<string, JsonSchema>;
    };
    for (const [name, def] of Object.entries($defs ?? {})) components[name] ??= def;
    return rest;
  };
  const errorContent = (status: number) => ({
    description: ERROR_TEXT[status] ?? 'Error',
    content: {
      'application/json': {
        schema: toSchema(status === 422 ? validationErrorSchema : status === 409 ? z.union([detailSchema, conflictSchema]) : detailSchema, 'output'),
      },
    },
  });

  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = r.path.replace(/:(\w+)/g, '{$1}');
    const parameters: unknown[] = [];
    for (const [, name] of r.path.matchAll(/:(\w+)/g)) {
      parameters.push({ name, in: 'path', required: true, schema: name === 'id' ? { type: 'integer', minimum: 1 } : { type: 'string' } });
    }
    if (r.query) {
      const q = toSchema(r.query, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
      for (const [name, schema] of Object.entries(q.properties ?? {})) {
        parameters.push({ name, in: 'query', required: q.required?.includes(name) ?? false, schema });
      }
    }
    const isWrite = r.method !== 'GET';
    if (r.auth && isWrite) {
      parameters.push({
        name: 'Idempotency-Key',
        in: 'header',
        required: false,
        description: 'Makes the write safe to retry: a repeat with the same key within 24 h returns the first answer and changes nothing.',
        schema: { type: 'string', minLength: 1, maxLength: 255 },
      });
    }
    const status = r.status ?? 200;
    const responses: Record<string, unknown> = {
      [status]: r.produces
        ? { description: 'OK', content: { [r.produces]: { schema: { type: 'string' } } } }
        : r.response
          ? { description: 'OK', content: { 'application/json': { schema: toSchema(r.response, 'output') } } }
          : { description: status === 204 ? 'No Content' : 'OK' },
    };
    const errors = new Set([
      ...(r.auth ? [401] : []),
      ...(r.roles ? [403] : []),
      ...(r.path.includes(':') ? [404, 422] : []),
      ...(r.body ? [400, 413, 422] : []),
      ...(r.errors ?? []),
      ...(r.auth ? [503] : []),
    ]);
    for (const code of [...errors].sort()) responses[code] = errorContent(code);
    paths[path] ??= {};
    paths[path][r.method.toLowerCase()] = {
      tags: [r.tag],
      summary: r.summary,
      description: r.roles ? `Roles: ${r.roles.join(', ')}` : r.auth ? 'Any signed-in user' : 'No authentication',
      ...(r.auth ? { security: [{ bearer: [] }] } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(r.body ? { requestBody: { required: true, content: { 'application/json': { schema: toSchema(r.body, 'input') } } } } : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'DCDock API', version: '1.0.0', description: 'The live dock board. Times are ISO 8601; input without an offset is read as UTC.' },
    servers: [{ url: '/' }],
    components: { schemas: components, securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    paths,
  };
}
