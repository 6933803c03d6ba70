import 'server-only';
import { getServerSession } from 'next-auth';
import { redirect } from 'next/navigation';
import type { Actor } from '@/server/auth/actor';
import { authOptions } from '@/server/auth/next-auth';
import { loadActiveActor } from '@/server/auth/resolve-actor';
import { getRuntime } from '@/server/runtime';

/**
 * The signed-in, still active user of a page, or a redirect to the login page.
 * The session callback has already refused sessions past SESSION_MAX_HOURS;
 * a revoked token version also signs the page out.
 */
export async function requirePageActor(returnTo: string): Promise<Actor> {
  const session = await getServerSession(authOptions());
  const user = session?.user as { id?: unknown; tv?: unknown } | undefined;
  const tv = typeof user?.tv === 'number' ? user.tv : 1;
  const actor = typeof user?.id === 'number' ? await loadActiveActor(getRuntime().db, user.id, tv) : null;
  if (!actor) redirect(`/login?callbackUrl=${encodeURIComponent(returnTo)}`);
  return actor;
}
