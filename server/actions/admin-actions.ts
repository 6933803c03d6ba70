import { displayCreateSchema, displayUpdateSchema } from '@/lib/schemas/displays';
import { loadCreateSchema, loadUpdateSchema } from '@/lib/schemas/loads';
import { rampCreateSchema, rampUpdateSchema } from '@/lib/schemas/ramps';
import { statusCreateSchema, statusUpdateSchema } from '@/lib/schemas/statuses';
import { userCreateSchema, userUpdateSchema } from '@/lib/schemas/users';
import { ADMIN_ONLY, WRITE_LOADS } from '@/lib/roles';
import { defineAction, noInput } from '@/server/actions/run-action';
import { createDisplay, revokeDisplay, updateDisplay } from '@/server/displays/displays';
import { createLoad, deleteLoad, updateLoad } from '@/server/loads/loads';
import { createRamp, deleteRamp, updateRamp } from '@/server/ramps/ramps';
import { createStatus, deleteStatus, updateStatus } from '@/server/statuses/statuses';
import { createUser, deleteUser, revokeSessions, updateUser } from '@/server/users/users';

// The admin screens' writes: the same schemas, roles and domain functions as
// the REST routes of ramps, statuses, loads, users and displays (server/http/routes.ts).

export const createRampSpec = defineAction({
  name: 'ramps.create',
  roles: ADMIN_ONLY,
  input: rampCreateSchema,
  handler: ({ db, actor }, data) => createRamp(db, actor, data),
});
/** Also "deactivate instead": `{ is_active: false }`. */
export const updateRampSpec = defineAction({
  name: 'ramps.update',
  roles: ADMIN_ONLY,
  withId: true,
  input: rampUpdateSchema,
  handler: ({ db, actor, id }, data) => updateRamp(db, actor, id, data),
});
export const deleteRampSpec = defineAction({
  name: 'ramps.delete',
  roles: ADMIN_ONLY,
  withId: true,
  input: noInput,
  handler: ({ db, actor, id }) => deleteRamp(db, actor, id),
});

export const createStatusSpec = defineAction({
  name: 'statuses.create',
  roles: ADMIN_ONLY,
  input: statusCreateSchema,
  handler: ({ db, actor }, data) => createStatus(db, actor, data),
});
export const updateStatusSpec = defineAction({
  name: 'statuses.update',
  roles: ADMIN_ONLY,
  withId: true,
  input: statusUpdateSchema,
  handler: ({ db, actor, id }, data) => updateStatus(db, actor, id, data),
});
export const deleteStatusSpec = defineAction({
  name: 'statuses.delete',
  roles: ADMIN_ONLY,
  withId: true,
  input: noInput,
  handler: ({ db, actor, id }) => deleteStatus(db, actor, id),
});

export const createLoadSpec = defineAction({
  name: 'loads.create',
  roles: WRITE_LOADS,
  input: loadCreateSchema,
  handler: ({ db, actor }, data) => createLoad(db, actor, data),
});
export const updateLoadSpec = defineAction({
  name: 'loads.update',
  roles: WRITE_LOADS,
  withId: true,
  input: loadUpdateSchema,
  handler: ({ db, actor, id }, data) => updateLoad(db, actor, id, data),
});
export const deleteLoadSpec = defineAction({
  name: 'loads.delete',
  roles: WRITE_LOADS,
  withId: true,
  input: noInput,
  handler: ({ db, actor, id }) => deleteLoad(db, actor, id),
});

export const createUserSpec = defineAction({
  name: 'users.create',
  roles: ADMIN_ONLY,
  input: userCreateSchema,
  handler: ({ db, actor }, data) => createUser(db, actor, data),
});
/** Also deactivation (`is_active: false`); a password, role or activity change signs the user out everywhere. */
export const updateUserSpec = defineAction({
  name: 'users.update',
  roles: ADMIN_ONLY,
  withId: true,
  input: userUpdateSchema,
  handler: ({ db, actor, id }, data) => updateUser(db, actor, id, data),
});
export const deleteUserSpec = defineAction({
  name: 'users.delete',
  roles: ADMIN_ONLY,
  withId: true,
  input: noInput,
  handler: ({ db, actor, id }) => deleteUser(db, actor, id),
});
export const revokeUserSessionsSpec = defineAction({
  name: 'users.revoke-sessions',
  roles: ADMIN_ONLY,
  withId: true,
  input: noInput,
  handler: ({ db, actor, id }) => revokeSessions(db, actor, id),
});

export const createDisplaySpec = defineAction({
  name: 'displays.create',
  roles: ADMIN_ONLY,
  input: displayCreateSchema,
  handler: ({ db, actor }, data) => createDisplay(db, actor, data),
});
/** Rename, rescope, or change how its TVs page. */
export const updateDisplaySpec = defineAction({
  name: 'displays.update',
  roles: ADMIN_ONLY,
  withId: true,
  input: displayUpdateSchema,
  handler: ({ db, actor, id }, data) => updateDisplay(db, actor, id, data),
});
export const revokeDisplaySpec = defineAction({
  name: 'displays.revoke',
  roles: ADMIN_ONLY,
  withId: true,
  input: noInput,
  handler: ({ db, actor, id }) => revokeDisplay(db, actor, id),
});
