import { assignmentCreateSchema, assignmentDeleteQuerySchema, assignmentUpdateSchema } from '@/lib/schemas/assignments';
import { WRITE_ASSIGNMENTS } from '@/lib/roles';
import { defineAction } from '@/server/actions/run-action';
import { createAssignment } from '@/server/assignments/create-assignment';
import { deleteAssignment } from '@/server/assignments/delete-assignment';
import { updateAssignment } from '@/server/assignments/update-assignment';

// The board's writes: the same schemas, roles and domain functions as
// POST/PATCH/DELETE /api/assignments (server/http/routes.ts).

export const createAssignmentSpec = defineAction({
  name: 'assignments.create',
  roles: WRITE_ASSIGNMENTS,
  input: assignmentCreateSchema,
  handler: ({ db, actor }, data) => createAssignment(db, actor, data),
});

/** Moves, edits and the conflict dialog's "apply mine": `version` is the one the change was based on. */
export const updateAssignmentSpec = defineAction({
  name: 'assignments.update',
  roles: WRITE_ASSIGNMENTS,
  withId: true,
  input: assignmentUpdateSchema,
  handler: ({ db, actor, id }, data) => updateAssignment(db, actor, id, data),
});

/** Answers the assignment as it was; with `version`, only if nobody changed it since. */
export const deleteAssignmentSpec = defineAction({
  name: 'assignments.delete',
  roles: WRITE_ASSIGNMENTS,
  withId: true,
  where: 'query',
  input: assignmentDeleteQuerySchema,
  handler: ({ db, actor, id }, data) => deleteAssignment(db, actor, id, data),
});
