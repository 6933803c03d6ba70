'use client';

import Link from 'next/link';
import { usePathname, useSearchParams } from 'next/navigation';
import { DATE_RE } from '@/lib/zoned-time';

/** On the board: a link to the printable day plan of the day the board shows (its `?date=`, else today). */
export function PrintPlanLink() {
  const path = usePathname();
  const params = useSearchParams();
  if (path !== '/board') return null;
  const date = params.get('date');
  const href = date && DATE_RE.test(date) ? `/board/print?date=${date}` : '/board/print';
  return (
    <Link
      href={href}
      prefetch={false}
      className="hidden items-center gap-1.5 whitespace-nowrap rounded-md px-3 py-1.5 text-sm font-medium text-slate-600 hover:bg-slate-100 hover:text-slate-900 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600/40 md:inline-flex"
      data-testid="print-plan-link"
    >
      <svg aria-hidden viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" className="h-4 w-4">
        <path d="M6 9V3h12v6M6 18H4a2 2 0 0 1-2-2v-5a2 2 0 0 1 2-2h16a2 2 0 0 1 2 2v5a2 2 0 0 1-2 2h-2M6 14h12v7H6z" />
      </svg>
      Day plan
    </Link>
  );
}
