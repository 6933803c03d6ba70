'use client';

import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createContext, useContext, useState, type ReactNode } from 'react';
import type { Role } from '@/lib/schemas/users';
import { ToastProvider } from '@/components/ui/toasts';
import { ApiError } from '@/lib/api-client';
import { mayPlan } from '@/lib/roles';

export type SessionUser = { id: number; email: string; fullName: string; role: Role };
/** `locale`: SITE_LOCALE, which every date and time on the screens is written in (lib/zoned-time.ts). */
type Site = { user: SessionUser; timeZone: string; locale: string };

const SiteContext = createContext<Site | null>(null);

/** The signed-in user, the site's time zone and locale, as the server resolved them. */
export function useSite(): Site {
  const site = useContext(SiteContext);
  if (!site) throw new Error('useSite outside <Providers>');
  return site;
}

export const canEditBoard = (role: Role) => mayPlan(role);

export function Providers({ user, timeZone, locale, children }: Site & { children: ReactNode }) {
  const [client] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          // A 4xx will not change by asking again; a network error or 5xx might.
          queries: { staleTime: 30_000, refetchOnWindowFocus: false, retry: (count, error) => count < 1 && !(error instanceof ApiError && error.status < 500) },
        },
      }),
  );
  return (
    <SiteContext.Provider value={{ user, timeZone, locale }}>
      <QueryClientProvider client={client}>
        <ToastProvider>{children}</ToastProvider>
      </QueryClientProvider>
    </SiteContext.Provider>
  );
}
