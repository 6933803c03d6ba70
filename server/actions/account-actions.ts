import { STAFF } from '@/lib/roles';
import { meUpdateSchema } from '@/lib/schemas/users';
import { defineAction } from '@/server/actions/run-action';
import { updateMe } from '@/server/users/users';

// The signed-in user's own settings, from the header's account menu: the same schema,
// roles and domain function as PATCH /api/users/me (server/http/routes/user-routes.ts).

/** Subscribes the caller to overdue e-mails, or unsubscribes; carrier users are refused (they get no overdue alerts). */
export const updateMeSpec = defineAction({
  name: 'users.update-me',
  roles: STAFF,
  input: meUpdateSchema,
  handler: ({ db, actor }, data) => updateMe(db, actor, data),
});
