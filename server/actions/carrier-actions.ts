import { ADMIN_ONLY } from '@/lib/roles';
import { carrierCreateSchema, carrierUpdateSchema } from '@/lib/schemas/carriers';
import { defineAction, noInput } from '@/server/actions/run-action';
import { createCarrier, deleteCarrier, updateCarrier } from '@/server/carriers/carriers';

// The carriers screen's writes (SPEC §9): the same schemas, roles and domain functions as server/http/routes/carrier-routes.ts.

export const createCarrierSpec = defineAction({
  name: 'carriers.create',
  roles: ADMIN_ONLY,
  input: carrierCreateSchema,
  handler: ({ db }, data) => createCarrier(db, data),
});
/** Also "deactivate instead": `{ is_active: false }`. */
export const updateCarrierSpec = defineAction({
  name: 'carriers.update',
  roles: ADMIN_ONLY,
  withId: true,
  input: carrierUpdateSchema,
  handler: ({ db, id }, data) => updateCarrier(db, id, data),
});
export const deleteCarrierSpec = defineAction({
  name: 'carriers.delete',
  roles: ADMIN_ONLY,
  withId: true,
  input: noInput,
  handler: ({ db, id }) => deleteCarrier(db, id),
});
