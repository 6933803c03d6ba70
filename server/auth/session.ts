import 'server-only';
import { getServerSession } from 'next-auth';
import { redirect } from 'next/navigation';
import type { Actor } from '@/server/auth/actor';
import { authOptions } from '@/server/auth/next-auth';
import { loadActiveActor } from '@/server/auth/resolve-actor';
import { getRuntime } from '@/server/runtime';

/** The signed-in, still active user of a page, or a redirect to the login page. */
export async function requirePageActor(returnTo: string): Promise<Actor> {
  const session = await getServerSession(authOptions());
  const uid = (session?.user as { id?: unknown } | undefined)?.id;
  const actor = typeof uid === 'number' ? await loadActiveActor(getRuntime().db, uid) : null;
  if (!actor) redirect(`/login?callbackUrl=${encodeURIComponent(returnTo)}`);
  return actor;
}
