// The e2e server runs with the default SITE_LOCALE (en-GB): date fields show and take DD/MM/YYYY.

/** A 'YYYY-MM-DD' day as the site's date fields write it (en-GB: "01/12/2026"). */
export function siteDay(day: string, locale = 'en-GB'): string {
  return new Intl.DateTimeFormat(locale, { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${day}T12:00:00Z`));
}

/** A 'YYYY-MM-DDTHH:mm' wall time as the site's date-and-time fields write it (en-GB: "01/12/2026 14:30"). */
export const siteDateTime = (wall: string, locale = 'en-GB'): string => `${siteDay(wall.slice(0, 10), locale)} ${wall.slice(11, 16)}`;
