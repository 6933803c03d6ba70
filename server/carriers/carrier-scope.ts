import type { Assignment, HistoryEntry } from '@/lib/schemas/assignments';
import type { Actor } from '@/server/auth/actor';

// SPEC §9: a carrier user reads only its own carrier's loads and assignments, and never who did what.

/** The carrier an actor's reads are limited to, or null for the site's staff (everything). */
export function carrierScope(actor: Actor): number | null {
  if (actor.role !== 'CARRIER') return null;
  // users_carrier_role makes this impossible; 0 matches no carrier, so such a user would see nothing.
  return actor.carrierId ?? 0;
}

/** An assignment without the people in it: who created and last changed it. */
export const withoutPeople = (a: Assignment): Assignment => ({ ...a, created_by: null, updated_by: null, creator: null, updater: null });

/** A history entry as a carrier user sees it: what changed and when, not by whom. */
export const entryWithoutPeople = (e: HistoryEntry): HistoryEntry => ({
  ...e,
  user_id: null,
  user_email: null,
  user_name: null,
  before: e.before ? withoutPeople(e.before) : null,
  after: e.after ? withoutPeople(e.after) : null,
  changes: Object.fromEntries(Object.entries(e.changes).filter(([k]) => k !== 'created_by' && k !== 'updated_by')),
});

/** Whether an assignment (as the API or an event shows it) is of this carrier's loads. */
export const isOwnAssignment = (a: Pick<Assignment, 'load'> | null | undefined, carrierId: number) => a?.load?.carrier_id === carrierId;
