import type { Role } from '@/lib/schemas/users';
import { forbidden } from '@/server/errors';

/**
 * Who is acting: resolved from a token or a session, always re-read from the
 * database. `tokenVersion` is the user's current one (absent for internal
 * actors such as the seed).
 */
export type Actor = { id: number; email: string; fullName: string; role: Role; tokenVersion?: number };

export const WRITE_ASSIGNMENTS: readonly Role[] = ['ADMIN', 'OPERATOR'];
export const WRITE_LOADS: readonly Role[] = ['ADMIN', 'OPERATOR'];
export const ADMIN_ONLY: readonly Role[] = ['ADMIN'];

export function requireRole(actor: Actor, roles: readonly Role[]): void {
  if (!roles.includes(actor.role)) throw forbidden();
}
