'use client';

import { useContext, useEffect, useState } from 'react';
import { formatClock, formatZone, uses12Hour } from '@/lib/zoned-time';
import { TvLocale } from '@/components/tv/tv-locale';
import { formatLongDate, u } from '@/components/tv/tv-units';

/**
 * The wall clock, in the site's zone. It ticks on its own (once a second, on
 * the second) so the rest of the board does not re-render with it.
 */
export function TvClock({ timeZone, offset, initial }: { timeZone: string; offset: number; initial: number }) {
  const locale = useContext(TvLocale);
  const [now, setNow] = useState(initial);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout>;
    const tick = () => {
      const t = Date.now() + offset;
      setNow(t);
      timer = setTimeout(tick, 1000 - (t % 1000) + 5);
    };
    tick();
    return () => clearTimeout(timer);
  }, [offset]);
  const seconds = String(new Date(now).getUTCSeconds()).padStart(2, '0');
  return (
    <div className="flex flex-col items-end leading-none">
      <div className="font-semibold tabular-nums tracking-tight text-white" style={{ fontSize: u(3.9) }} suppressHydrationWarning>
        {formatClock(now, timeZone, locale)}
        {uses12Hour(locale) ? null : (
          <span className="text-slate-500" style={{ fontSize: u(2.3) }}>
            :{seconds}
          </span>
        )}
      </div>
      <div className="text-slate-400" style={{ fontSize: u(1.15), marginTop: u(0.4) }} suppressHydrationWarning>
        {formatLongDate(now, timeZone, locale)}
        <span className="text-slate-500"> · </span>
        <span data-testid="tv-time-zone" className="font-semibold text-slate-300">
          {formatZone(timeZone, locale, new Date(now))}
        </span>
      </div>
    </div>
  );
}
