import type { Role } from '@/lib/schemas/users';
import { forbidden } from '@/server/errors';

/**
 * Who is acting: resolved from a token or a session, always re-read from the
 * database. `tokenVersion` is the user's current one (absent for internal
 * actors such as the seed).
 */
export type Actor = { id: number; email: string; fullName: string; role: Role; tokenVersion?: number };

export { ADMIN_ONLY, WRITE_ASSIGNMENTS, WRITE_LOADS } from '@/lib/roles';

export function requireRole(actor: Actor, roles: readonly Role[]): void {
  if (!roles.includes(actor.role)) throw forbidden();
}
