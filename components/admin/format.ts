// Dates and times of admin tables and history rows, in the site time zone.

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string, kind: 'dateTime' | 'date' | 'longDate' | 'timeSeconds'): Intl.DateTimeFormat {
  const key = `${timeZone}|${kind}`;
  let f = formatters.get(key);
  if (!f) {
    const options: Intl.DateTimeFormatOptions =
      kind === 'dateTime'
        ? { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }
        : kind === 'date'
          ? { day: 'numeric', month: 'short' }
          : kind === 'longDate'
            ? { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }
            : { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' };
    f = new Intl.DateTimeFormat('en-GB', { ...options, timeZone });
    formatters.set(key, f);
  }
  return f;
}

/** "27 Nov 2026, 14:05" in the zone. */
export const formatDateTime = (iso: string, timeZone: string) => formatter(timeZone, 'dateTime').format(new Date(iso));

/** "27 Nov" in the zone. */
export const formatShortDate = (iso: string, timeZone: string) => formatter(timeZone, 'date').format(new Date(iso));

/** "14:05:09" in the zone. */
export const formatTimeSeconds = (iso: string, timeZone: string) => formatter(timeZone, 'timeSeconds').format(new Date(iso));

/** "Friday, 27 November 2026" for a 'YYYY-MM-DD' calendar day. */
export const formatDay = (day: string) => formatter('UTC', 'longDate').format(new Date(`${day}T12:00:00Z`));
