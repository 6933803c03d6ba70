import { redirect } from 'next/navigation';
import { requirePageActor } from '@/server/auth/session';

/** /admin: the first screen the role may use. */
export default async function AdminIndex() {
  const actor = await requirePageActor('/admin');
  redirect(actor.role === 'ADMIN' ? '/admin/ramps' : '/admin/loads');
}
