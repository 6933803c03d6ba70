import Link from 'next/link';
import { SignOutButton } from '@/components/auth/sign-out-button';
import { requirePageActor } from '@/server/auth/session';

export const dynamic = 'force-dynamic';

const ROLE_LABEL = { ADMIN: 'Administrator', OPERATOR: 'Operator', SUPERVISOR: 'Supervisor' } as const;

export default async function HomePage() {
  const actor = await requirePageActor('/');
  const links = [
    { href: '/api/docs', label: 'API documentation', text: 'Every endpoint, its fields and its errors.' },
  ];
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-5xl items-center justify-between px-6 py-3">
          <span className="text-lg font-bold tracking-tight">DCDock</span>
          <div className="flex items-center gap-3 text-sm">
            <span data-testid="signed-in-user">
              {actor.fullName} <span className="text-slate-500">· {ROLE_LABEL[actor.role]}</span>
            </span>
            <SignOutButton />
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-5xl px-6 py-10">
        <h1 className="text-2xl font-semibold">Welcome, {actor.fullName}</h1>
        <p className="mt-2 text-slate-600">You are signed in as {actor.email}.</p>
        <ul className="mt-8 grid gap-4 sm:grid-cols-2">
          {links.map((l) => (
            <li key={l.href}>
              <Link href={l.href} className="block rounded-lg border border-slate-200 bg-white p-5 shadow-sm hover:border-blue-400">
                <span className="font-semibold text-blue-800">{l.label}</span>
                <span className="mt-1 block text-sm text-slate-600">{l.text}</span>
              </Link>
            </li>
          ))}
        </ul>
      </main>
    </div>
  );
}
