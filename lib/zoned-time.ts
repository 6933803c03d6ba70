// Wall-clock arithmetic in the site's IANA time zone, with Intl only.

const partsFormatters = new Map<string, Intl.DateTimeFormat>();

function wallParts(date: Date, timeZone: string) {
  let f = partsFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partsFormatters.set(timeZone, f);
  }
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(date)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  return { year: p.year!, month: p.month!, day: p.day!, hour: p.hour!, minute: p.minute!, second: p.second! };
}

/** Minutes the zone is ahead of UTC at `date`. */
export function zoneOffsetMinutes(date: Date, timeZone: string): number {
  const w = wallParts(date, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return Math.round((asUtc - Math.floor(date.getTime() / 1000) * 1000) / 60_000);
}

/** The instant a wall-clock time in `timeZone` stands for. */
export function zonedToInstant(year: number, month: number, day: number, hour: number, minute: number, timeZone: string): Date {
  const guess = Date.UTC(year, month - 1, day, hour, minute);
  let instant = guess - zoneOffsetMinutes(new Date(guess), timeZone) * 60_000;
  const second = guess - zoneOffsetMinutes(new Date(instant), timeZone) * 60_000;
  if (second !== instant) instant = second;
  return new Date(instant);
}

export const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** 'YYYY-MM-DD' of `date` in the zone. */
export function dayOf(date: Date, timeZone: string): string {
  const w = wallParts(date, timeZone);
  return `${w.year}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
}

/** [start, end) of a calendar day in the zone (23 or 25 hours on DST days). */
export function dayBounds(day: string, timeZone: string): { start: Date; end: Date } {
  const m = DATE_RE.exec(day);
  if (!m) throw new Error(`not a day: ${day}`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const next = new Date(Date.UTC(y, mo - 1, d + 1));
  return {
    start: zonedToInstant(y, mo, d, 0, 0, timeZone),
    end: zonedToInstant(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate(), 0, 0, timeZone),
  };
}

export function shiftDay(day: string, days: number): string {
  const m = DATE_RE.exec(day)!;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + days));
  return d.toISOString().slice(0, 10);
}

/** 'HH:mm' in the zone. */
export function formatTime(value: string | Date, timeZone: string): string {
  const w = wallParts(typeof value === 'string' ? new Date(value) : value, timeZone);
  return `${String(w.hour).padStart(2, '0')}:${String(w.minute).padStart(2, '0')}`;
}

/** The value of an <input type="datetime-local"> showing `iso` in the zone. */
export function toLocalInput(iso: string, timeZone: string): string {
  return `${dayOf(new Date(iso), timeZone)}T${formatTime(iso, timeZone)}`;
}

/** An <input type="datetime-local"> value read in the zone, as an ISO instant. */
export function fromLocalInput(value: string, timeZone: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value);
  if (!m) return null;
  return zonedToInstant(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), timeZone).toISOString();
}

// Dates and times as people read them: in the site's locale (SITE_LOCALE), 12- or 24-hour as it says.

export const DEFAULT_LOCALE = 'en-GB';

const localeFormatters = new Map<string, Intl.DateTimeFormat>();

function localeFormatter(locale: string, timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${JSON.stringify(options)}`;
  let f = localeFormatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { ...options, timeZone });
    localeFormatters.set(key, f);
  }
  return f;
}

/** Whether the locale's clock is 12-hour (en-US "2:30 PM") rather than 24-hour (de-DE "14:30"). */
export function uses12Hour(locale: string): boolean {
  const cycle = localeFormatter(locale, 'UTC', { hour: 'numeric' }).resolvedOptions().hourCycle;
  return cycle === 'h12' || cycle === 'h11';
}

// 24-hour clocks read "09:05"; 12-hour ones "9:05 AM".
const clock = (locale: string, seconds = false): Intl.DateTimeFormatOptions => ({
  hour: uses12Hour(locale) ? 'numeric' : '2-digit',
  minute: '2-digit',
  ...(seconds ? { second: '2-digit' } : {}),
});

const instant = (value: string | Date | number) => (value instanceof Date ? value : new Date(value));

/** "14:05" (de-DE, en-GB) or "2:05 PM" (en-US) in the zone. */
export const formatClock = (value: string | Date | number, timeZone: string, locale: string) =>
  localeFormatter(locale, timeZone, clock(locale)).format(instant(value));

/** "14:05:09" or "2:05:09 PM" in the zone. */
export const formatClockSeconds = (value: string | Date | number, timeZone: string, locale: string) =>
  localeFormatter(locale, timeZone, clock(locale, true)).format(instant(value));

/** "27 Nov 2026, 14:05" (en-GB) in the zone. */
export const formatDateTime = (value: string | Date | number, timeZone: string, locale: string) =>
  localeFormatter(locale, timeZone, { day: 'numeric', month: 'short', year: 'numeric', ...clock(locale) }).format(instant(value));

/** "27 Nov" (en-GB), "27. Nov." (de-DE) in the zone. */
export const formatShortDate = (value: string | Date | number, timeZone: string, locale: string) =>
  localeFormatter(locale, timeZone, { day: 'numeric', month: 'short' }).format(instant(value));

/** "Wed" in the zone. */
export const formatWeekday = (value: string | Date | number, timeZone: string, locale: string) =>
  localeFormatter(locale, timeZone, { weekday: 'short' }).format(instant(value));

/** "Wednesday, 12 June" (no year) in the zone. */
export const formatWeekdayDate = (value: string | Date | number, timeZone: string, locale: string) =>
  localeFormatter(locale, timeZone, { weekday: 'long', day: 'numeric', month: 'long' }).format(instant(value));

const DAY_STYLES = {
  /** "Tuesday, 1 December 2026", "Dienstag, 1. Dezember 2026" */
  long: { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' },
  /** "Tue 1 Dec" */
  weekday: { weekday: 'short', day: 'numeric', month: 'short' },
  /** "1 Dec" */
  short: { day: 'numeric', month: 'short' },
  /** "December 2026" */
  month: { month: 'long', year: 'numeric' },
} satisfies Record<string, Intl.DateTimeFormatOptions>;

/** A 'YYYY-MM-DD' calendar day in words (no zone involved: the day is already the site's). */
export function formatDay(day: string, locale: string, style: keyof typeof DAY_STYLES = 'long'): string {
  return localeFormatter(locale, 'UTC', DAY_STYLES[style]).format(new Date(`${day}T12:00:00Z`));
}

/** "Europe/Amsterdam · CET" (the zone's short name at `at` in the locale; just the zone when they are the same). */
export function formatZone(timeZone: string, locale: string, at: Date = new Date()): string {
  const name = localeFormatter(locale, timeZone, { timeZoneName: 'short' })
    .formatToParts(at)
    .find((p) => p.type === 'timeZoneName')?.value;
  return name && name !== timeZone ? `${timeZone} · ${name}` : timeZone;
}
