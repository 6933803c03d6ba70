import 'server-only';
import { getServerSession } from 'next-auth';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { isCarrier } from '@/lib/roles';
import type { Actor } from '@/server/auth/actor';
import { authOptions } from '@/server/auth/next-auth';
import { loadActiveActor } from '@/server/auth/resolve-actor';
import { sessionFromCookie } from '@/server/auth/session-cookie';
import { getRuntime } from '@/server/runtime';

/** The carrier portal (SPEC §9): the only pages a carrier user has. */
export const CARRIER_HOME = '/book';
const isCarrierPage = (path: string) => {
  const pathname = path.split(/[?#]/, 1)[0]!;
  return pathname === CARRIER_HOME || pathname.startsWith(`${CARRIER_HOME}/`);
};

/**
 * The signed-in, still active user of a page, or a redirect to the login page.
 * A carrier user on any staff page (the board, history, reports, admin) is sent to its portal, /book.
 * The session callback has already refused sessions past SESSION_MAX_HOURS;
 * a revoked token version also signs the page out.
 */
export async function requirePageActor(returnTo: string): Promise<Actor> {
  const session = await getServerSession(authOptions());
  const user = session?.user as { id?: unknown; tv?: unknown } | undefined;
  const tv = typeof user?.tv === 'number' ? user.tv : 1;
  const actor = typeof user?.id === 'number' ? await loadActiveActor(getRuntime().db, user.id, tv) : null;
  if (!actor) redirect(`/login?callbackUrl=${encodeURIComponent(returnTo)}`);
  if (isCarrier(actor.role) && !isCarrierPage(returnTo)) redirect(CARRIER_HOME);
  return actor;
}

/**
 * The active user behind the session cookie of a server action, or null
 * (none, expired, past SESSION_MAX_HOURS, revoked, inactive): the same checks
 * as a REST request with that cookie (server/auth/resolve-actor.ts), in one
 * query. Never redirects: the action answers "signed out" and the page decides.
 */
export async function actionActor(): Promise<Actor | null> {
  const { db, config } = getRuntime();
  const cookie = (await headers()).get('cookie') ?? undefined;
  const session = await sessionFromCookie(cookie, config.authSecret, config.sessionMaxSeconds);
  if (!session || session.exp * 1000 < Date.now()) return null;
  return loadActiveActor(db, session.userId, session.tokenVersion);
}
