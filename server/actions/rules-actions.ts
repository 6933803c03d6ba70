import { ADMIN_ONLY } from '@/lib/roles';
import { closureCreateSchema, loadTypeCreateSchema, loadTypeUpdateSchema, rampHoursPutSchema } from '@/lib/schemas/rules';
import { defineAction, noInput } from '@/server/actions/run-action';
import { createLoadType, deleteLoadType, updateLoadType } from '@/server/rules/load-types';
import { createClosure, deleteClosure, putRampHours } from '@/server/rules/ramp-rules';

// SPEC §9 admin writes: the same schemas, roles and domain functions as server/http/routes/rules-routes.ts.

export const putRampHoursSpec = defineAction({
  name: 'ramps.hours',
  roles: ADMIN_ONLY,
  withId: true,
  input: rampHoursPutSchema,
  handler: ({ db, actor, id, timeZone }, data) => putRampHours(db, actor, timeZone, id, data),
});
export const createClosureSpec = defineAction({
  name: 'ramps.closures.create',
  roles: ADMIN_ONLY,
  withId: true,
  input: closureCreateSchema,
  handler: ({ db, actor, id, timeZone }, data) => createClosure(db, actor, timeZone, id, data),
});
export const deleteClosureSpec = defineAction({
  name: 'closures.delete',
  roles: ADMIN_ONLY,
  withId: true,
  input: noInput,
  handler: ({ db, actor, id, timeZone }) => deleteClosure(db, actor, timeZone, id),
});

export const createLoadTypeSpec = defineAction({
  name: 'load-types.create',
  roles: ADMIN_ONLY,
  input: loadTypeCreateSchema,
  handler: ({ db, actor }, data) => createLoadType(db, actor, data),
});
export const updateLoadTypeSpec = defineAction({
  name: 'load-types.update',
  roles: ADMIN_ONLY,
  withId: true,
  input: loadTypeUpdateSchema,
  handler: ({ db, actor, id }, data) => updateLoadType(db, actor, id, data),
});
export const deleteLoadTypeSpec = defineAction({
  name: 'load-types.delete',
  roles: ADMIN_ONLY,
  withId: true,
  input: noInput,
  handler: ({ db, actor, id }) => deleteLoadType(db, actor, id),
});
