import { z } from 'zod';
import { ANY_USER, WRITE_ASSIGNMENTS } from '@/lib/roles';
import {
  assignmentCreateSchema,
  assignmentDeleteQuerySchema,
  assignmentListQuerySchema,
  assignmentSchema,
  assignmentUpdateSchema,
  historyEntrySchema,
} from '@/lib/schemas/assignments';
import { assignmentHistory } from '@/server/assignments/assignment-history';
import { createAssignment } from '@/server/assignments/create-assignment';
import { deleteAssignment } from '@/server/assignments/delete-assignment';
import { getAssignment } from '@/server/assignments/get-assignment';
import { listAssignments } from '@/server/assignments/list-assignments';
import { updateAssignment } from '@/server/assignments/update-assignment';
import { carrierScope, entryWithoutPeople, withoutPeople } from '@/server/carriers/carrier-scope';
import { route } from '@/server/http/route';

export const assignmentRoutes = [
  route({
    method: 'GET',
    path: '/api/assignments',
    summary: 'List assignments (window: those overlapping [from, to))',
    tag: 'assignments',
    auth: true,
    // A carrier user: its own carrier's only, without people (SPEC §9).
    roles: ANY_USER,
    query: assignmentListQuerySchema,
    response: z.array(assignmentSchema),
    handler: async ({ deps, query, actor }) => {
      const carrierId = carrierScope(actor);
      const found = await listAssignments(deps.db, { ...query, carrierId });
      return carrierId === null ? found : found.map(withoutPeople);
    },
  }),
  route({
    method: 'POST',
    path: '/api/assignments',
    summary: 'Assign a load to a ramp for a time window; a load checked in at the gate starts ARRIVED with its arrival',
    tag: 'assignments',
    auth: true,
    roles: WRITE_ASSIGNMENTS,
    body: assignmentCreateSchema,
    status: 201,
    response: assignmentSchema,
    errors: [409, 422],
    handler: async ({ deps, actor, body }) => createAssignment(deps.db, actor, body),
  }),
  route({
    method: 'GET',
    path: '/api/assignments/:id',
    summary: 'Get an assignment',
    tag: 'assignments',
    auth: true,
    // A carrier user: its own carrier's only (another's is 404), without people.
    roles: ANY_USER,
    response: assignmentSchema,
    handler: async (ctx) => {
      const carrierId = carrierScope(ctx.actor);
      const found = await getAssignment(ctx.deps.db, ctx.id, carrierId);
      return carrierId === null ? found : withoutPeople(found);
    },
  }),
  ...(['PATCH', 'PUT'] as const).map((method) =>
    route({
      method,
      path: '/api/assignments/:id',
      summary: 'Update an assignment; `version` must be the one the change was based on (409 otherwise); a status change records its actual time',
      tag: 'assignments',
      auth: true,
      roles: WRITE_ASSIGNMENTS,
      body: assignmentUpdateSchema,
      response: assignmentSchema,
      errors: [409, 422],
      handler: async (ctx) => updateAssignment(ctx.deps.db, ctx.actor, ctx.id, ctx.body),
    }),
  ),
  route({
    method: 'DELETE',
    path: '/api/assignments/:id',
    summary: 'Delete an assignment; `?version=` makes it conditional',
    tag: 'assignments',
    auth: true,
    roles: WRITE_ASSIGNMENTS,
    query: assignmentDeleteQuerySchema,
    status: 204,
    errors: [409],
    handler: async (ctx) => deleteAssignment(ctx.deps.db, ctx.actor, ctx.id, ctx.query),
  }),
  route({
    method: 'GET',
    path: '/api/assignments/:id/history',
    summary: 'Every change of an assignment, from the event log',
    tag: 'assignments',
    auth: true,
    // A carrier user: its own carrier's only (another's is 404), without who made each change.
    roles: ANY_USER,
    response: z.array(historyEntrySchema),
    handler: async (ctx) => {
      const carrierId = carrierScope(ctx.actor);
      const entries = await assignmentHistory(ctx.deps.db, ctx.id, carrierId);
      return carrierId === null ? entries : entries.map(entryWithoutPeople);
    },
  }),
];
