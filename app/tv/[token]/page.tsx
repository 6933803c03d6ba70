import type { Metadata, Viewport } from 'next';
import type { TvBoard } from '@/lib/schemas/board';
import { TvLive } from '@/components/tv/tv-live';
import { TvLocaleProvider } from '@/components/tv/tv-locale';
import { TvRevoked, TvShell } from '@/components/tv/tv-screens';
import { getTvBoard } from '@/server/displays/tv-board';
import { HttpError } from '@/server/errors';
import { getRuntime } from '@/server/runtime';

export const dynamic = 'force-dynamic';

export const metadata: Metadata = {
  title: 'Dock board TV',
  robots: { index: false, follow: false },
  // The link token is in the URL: never hand it to another site.
  referrer: 'no-referrer',
};

export const viewport: Viewport = { themeColor: '#05080f', colorScheme: 'dark' };

/**
 * A wall TV opened by a display link: no login, the token is the credential.
 * The board is read here so the first paint has data; the client keeps it live.
 */
export default async function TvPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const { db, config } = getRuntime();
  let initial: TvBoard | null = null;
  try {
    initial = await getTvBoard(db, config.timeZone, token);
  } catch (error) {
    if (error instanceof HttpError && error.status === 404) {
      return (
        <TvShell>
          <TvRevoked />
        </TvShell>
      );
    }
    // The database is away: the screen starts empty and fetches the board itself, with retries.
    getRuntime().logger.warn({ err: error }, 'TV board could not be read for the page; the client will retry');
  }
  return (
    <TvLocaleProvider locale={config.locale}>
      <TvLive token={token} initial={initial} />
    </TvLocaleProvider>
  );
}
