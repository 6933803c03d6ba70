import { headers } from 'next/headers';
import type { ReactNode } from 'react';
import { AppHeader } from '@/components/layout/app-header';
import { SkipLink } from '@/components/layout/skip-link';
import { Providers } from '@/components/providers';
import { isCarrier } from '@/lib/roles';
import { REQUEST_PATH_HEADER } from '@/server/auth/client-ip';
import { requirePageActor } from '@/server/auth/session';
import { getRuntime } from '@/server/runtime';

export const dynamic = 'force-dynamic';

/** Every signed-in page: the user is checked on the server (active, not only a valid cookie). */
export default async function AppLayout({ children }: { children: ReactNode }) {
  const path = (await headers()).get(REQUEST_PATH_HEADER) ?? '/board';
  const actor = await requirePageActor(path);
  const { config } = getRuntime();
  // The account menu's overdue alerts: staff only, offered when SMTP is set up (a boolean reaches the browser, not the URL).
  const overdueAlerts = !isCarrier(actor.role) && actor.overdueAlerts === true;
  return (
    <Providers user={{ id: actor.id, email: actor.email, fullName: actor.fullName, role: actor.role }} timeZone={config.timeZone} locale={config.locale}>
      <div className="flex min-h-screen flex-col">
        <SkipLink target="content" />
        <AppHeader overdueAlerts={overdueAlerts} mailReady={config.mail.smtpUrl !== null} />
        {/* The page's one main landmark; the skip link moves focus here (tabIndex -1: focusable by script and link only). */}
        <main id="content" tabIndex={-1} className="flex min-h-0 flex-1 flex-col focus:outline-none">
          {children}
        </main>
      </div>
    </Providers>
  );
}
