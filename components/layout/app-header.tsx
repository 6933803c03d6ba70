'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { signOut } from 'next-auth/react';
import { Suspense, useEffect, useRef, useState } from 'react';
import { OverdueAlertsItem } from '@/components/layout/overdue-alerts-item';
import { PrintPlanLink } from '@/components/print/print-plan-link';
import { useSite } from '@/components/providers';
import { isCarrier, mayReadReports } from '@/lib/roles';

const ROLE_LABEL = { ADMIN: 'Administrator', OPERATOR: 'Operator', SUPERVISOR: 'Supervisor', CARRIER: 'Carrier' } as const;

/** The navigation offers what the role may use; the server checks every write anyway. */
function navFor(role: keyof typeof ROLE_LABEL) {
  // A carrier user has its portal only (SPEC §9); every staff page sends it there.
  if (isCarrier(role)) return [{ href: '/book', label: 'Book' }];
  const items = [
    { href: '/board', label: 'Board' },
    { href: '/history', label: 'History' },
  ];
  if (mayReadReports(role)) items.push({ href: '/reports', label: 'Reports' });
  if (role === 'ADMIN') {
    items.push(
      { href: '/admin/ramps', label: 'Ramps' },
      { href: '/admin/loads', label: 'Loads' },
      { href: '/admin/statuses', label: 'Statuses' },
      { href: '/admin/load-types', label: 'Load types' },
      { href: '/admin/carriers', label: 'Carriers' },
      { href: '/admin/users', label: 'Users' },
      { href: '/admin/displays', label: 'TV links' },
      { href: '/admin/webhooks', label: 'Webhooks' },
    );
  } else {
    items.push({ href: '/admin/loads', label: 'Loads' });
  }
  return items;
}

/** `overdueAlerts`: the staff user's own setting; `mailReady`: SMTP is set up (the layout passes a boolean, never the URL). */
export function AppHeader({ overdueAlerts, mailReady }: { overdueAlerts: boolean; mailReady: boolean }) {
  const { user } = useSite();
  const carrier = isCarrier(user.role);
  const path = usePathname();
  const [menuOpen, setMenuOpen] = useState(false);
  const menuRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!menuOpen) return;
    const close = (e: MouseEvent | KeyboardEvent) => {
      if (e instanceof KeyboardEvent ? e.key === 'Escape' : !menuRef.current?.contains(e.target as Node)) setMenuOpen(false);
    };
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', close);
    };
  }, [menuOpen]);

  return (
    <header className="sticky top-0 z-30 border-b border-slate-200 bg-white/95 backdrop-blur print:hidden">
      <div className="flex h-14 items-center gap-6 px-4">
        <Link href={carrier ? '/book' : '/board'} className="text-lg font-bold tracking-tight text-slate-900">
          DC<span className="text-blue-700">Dock</span>
        </Link>
        <nav aria-label="Main" className="flex items-center gap-1 overflow-x-auto text-sm">
          {navFor(user.role).map((item) => {
            const active = path === item.href || path.startsWith(`${item.href}/`);
            return (
              <Link
                key={item.href}
                href={item.href}
                aria-current={active ? 'page' : undefined}
                className={`whitespace-nowrap rounded-md px-3 py-1.5 font-medium ${active ? 'bg-blue-50 text-blue-800' : 'text-slate-600 hover:bg-slate-100 hover:text-slate-900'}`}
              >
                {item.label}
              </Link>
            );
          })}
        </nav>
        <div className="ml-auto">
          {carrier ? null : (
            <Suspense fallback={null}>
              <PrintPlanLink />
            </Suspense>
          )}
        </div>
        <div ref={menuRef} className="relative">
          <button
            type="button"
            aria-haspopup="menu"
            aria-expanded={menuOpen}
            onClick={() => setMenuOpen((o) => !o)}
            className="flex items-center gap-2 rounded-md px-2 py-1.5 text-sm hover:bg-slate-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600/40"
            data-testid="user-menu"
          >
            <span className="flex h-7 w-7 items-center justify-center rounded-full bg-blue-700 text-xs font-semibold text-white" aria-hidden>
              {user.fullName
                .split(/\s+/)
                .map((p) => p[0])
                .join('')
                .slice(0, 2)
                .toUpperCase()}
            </span>
            <span className="hidden text-left sm:block">
              <span className="block font-medium leading-tight">{user.fullName}</span>
              <span className="block text-xs leading-tight text-slate-600">{ROLE_LABEL[user.role]}</span>
            </span>
          </button>
          {menuOpen ? (
            <div role="menu" className="absolute right-0 mt-1 w-64 rounded-lg border border-slate-200 bg-white p-1 shadow-lg">
              <p className="px-3 py-2 text-xs text-slate-500">{user.email}</p>
              {/* Carrier users get no overdue alerts (SPEC §9). */}
              {carrier ? null : <OverdueAlertsItem initial={overdueAlerts} mailReady={mailReady} />}
              <button
                type="button"
                role="menuitem"
                onClick={() => void signOut({ callbackUrl: '/login' })}
                className="w-full rounded-md px-3 py-2 text-left text-sm hover:bg-slate-100 focus:bg-slate-100 focus:outline-none"
              >
                Sign out
              </button>
            </div>
          ) : null}
        </div>
      </div>
    </header>
  );
}
