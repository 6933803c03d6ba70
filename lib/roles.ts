import type { Role } from '@/lib/schemas/users';

// Who may do what: the server enforces these (route table, server actions);
// the browser uses the same sets only to hide what would be refused.
/** The site's own people. A route or server action that names no roles is theirs: a carrier user gets only what names CARRIER (SPEC §9). */
export const STAFF: readonly Role[] = ['ADMIN', 'OPERATOR', 'SUPERVISOR'];
/** Every signed-in user, carrier users included: their own account, sign-out, reference lists without people. */
export const ANY_USER: readonly Role[] = ['ADMIN', 'OPERATOR', 'SUPERVISOR', 'CARRIER'];
/** Self-booking (SPEC §9): a carrier user's own requests. */
export const BOOK_SLOTS: readonly Role[] = ['CARRIER'];
/** Approve or decline requested bookings. */
export const DECIDE_REQUESTS: readonly Role[] = ['ADMIN', 'OPERATOR'];
export const WRITE_ASSIGNMENTS: readonly Role[] = ['ADMIN', 'OPERATOR'];
export const WRITE_LOADS: readonly Role[] = ['ADMIN', 'OPERATOR'];
export const ADMIN_ONLY: readonly Role[] = ['ADMIN'];
/** Reports and their CSV downloads (SPEC §8). */
export const READ_REPORTS: readonly Role[] = ['ADMIN', 'SUPERVISOR'];

export const isCarrier = (role: Role): boolean => role === 'CARRIER';
export const mayPlan = (role: Role): boolean => WRITE_ASSIGNMENTS.includes(role);
export const mayEditLoads = (role: Role): boolean => WRITE_LOADS.includes(role);
export const isAdmin = (role: Role): boolean => ADMIN_ONLY.includes(role);
export const mayReadReports = (role: Role): boolean => READ_REPORTS.includes(role);

/** Browser writes with a session cookie carry this header (set by lib/api-client.ts), so another site's form cannot forge them. */
export const CSRF_HEADER = 'x-dcdock-csrf';
