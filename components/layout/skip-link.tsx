'use client';

import { usePathname } from 'next/navigation';

/** The first tab stop of every signed-in page: straight past the navigation to the page's content (WCAG 2.4.1). */
export function SkipLink({ target }: { target: string }) {
  const path = usePathname();
  return (
    <a
      href={`#${target}`}
      className="sr-only z-50 rounded-md bg-blue-700 px-3 py-2 text-sm font-medium text-white shadow focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-300 print:hidden"
    >
      {path === '/board' || path.startsWith('/board/') ? 'Skip to board' : 'Skip to content'}
    </a>
  );
}
