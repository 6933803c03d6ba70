import type { Role } from '@/lib/schemas/users';
import { forbidden } from '@/server/errors';

/**
 * Who is acting: resolved from a token or a session, always re-read from the
 * database. `tokenVersion` is the user's current one (absent for internal
 * actors such as the seed).
 */
export type Actor = {
  id: number;
  email: string;
  fullName: string;
  role: Role;
  tokenVersion?: number;
  /** A CARRIER user's carrier: everything it reads and writes is scoped to it (SPEC §9). Absent or null for staff. */
  carrierId?: number | null;
  /** Wants overdue e-mails (users.overdue_alerts): read with the rest of the row, so a page shows it without another query. */
  overdueAlerts?: boolean;
};

/** The boundary's role check (a route's `roles`, a server action's): 403 unless the actor has one of `roles`. */
export function requireRole(actor: Actor, roles: readonly Role[]): void {
  if (!roles.includes(actor.role)) throw forbidden();
}
