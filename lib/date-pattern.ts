// The site locale's own way of writing a date and a time, for text inputs that show and read it
// (native date/time inputs follow the browser's locale, not the site's).

type DatePart = 'day' | 'month' | 'year';

// The letters people of a language write a date pattern with (de "TT.MM.JJJJ", pl "DD.MM.RRRR").
const LETTERS: Record<string, Record<DatePart, string>> = {
  de: { day: 'T', month: 'M', year: 'J' },
  nl: { day: 'D', month: 'M', year: 'J' },
  pl: { day: 'D', month: 'M', year: 'R' },
  cs: { day: 'D', month: 'M', year: 'R' },
  fr: { day: 'J', month: 'M', year: 'A' },
  es: { day: 'D', month: 'M', year: 'A' },
  pt: { day: 'D', month: 'M', year: 'A' },
  it: { day: 'G', month: 'M', year: 'A' },
};
const ENGLISH = { day: 'D', month: 'M', year: 'Y' };

const cache = new Map<string, unknown>();
function once<T>(key: string, make: () => T): T {
  if (!cache.has(key)) cache.set(key, make());
  return cache.get(key) as T;
}

const numericDate = (locale: string) =>
  once(`nd|${locale}`, () => new Intl.DateTimeFormat(locale, { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' }));

/** The order of day, month and year and the placeholder: en-GB "DD/MM/YYYY", de-DE "TT.MM.JJJJ", en-US "MM/DD/YYYY". */
export function datePattern(locale: string): { order: DatePart[]; placeholder: string } {
  return once(`dp|${locale}`, () => {
    const letters = LETTERS[new Intl.Locale(locale).language] ?? ENGLISH;
    const parts = numericDate(locale).formatToParts(Date.UTC(2026, 11, 1));
    const order = parts.filter((p) => p.type === 'day' || p.type === 'month' || p.type === 'year').map((p) => p.type as DatePart);
    const placeholder = parts
      .map((p) => (p.type === 'literal' ? p.value : p.type in letters ? letters[p.type as DatePart].repeat(p.type === 'year' ? 4 : 2) : ''))
      .join('');
    return { order, placeholder };
  });
}

const pad = (n: number) => String(n).padStart(2, '0');
const isoDay = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;

/** 'YYYY-MM-DD' as the locale writes it with digits: "01.12.2026", "12/01/2026". */
export function formatDateInput(day: string, locale: string): string {
  return numericDate(locale).format(new Date(`${day}T12:00:00Z`));
}

/**
 * A typed date in the locale's order (any separators), or an ISO 'YYYY-MM-DD', as 'YYYY-MM-DD'.
 * `strict` wants the four-digit year (so a half-typed "01.12.20" is not taken for 2020).
 */
export function parseDateInput(text: string, locale: string, strict = false): string | null {
  const groups = text.trim().match(/\d+/g);
  if (groups?.length !== 3 || /[^\d\s./\-,]/.test(text)) return null;
  const { order } = datePattern(locale);
  const byPart: Partial<Record<DatePart, string>> = {};
  const iso = groups[0]!.length === 4;
  for (const [i, part] of (iso ? (['year', 'month', 'day'] as DatePart[]) : order).entries()) byPart[part] = groups[i];
  const yearText = byPart.year!;
  if (yearText.length !== 4 && (strict || yearText.length !== 2)) return null;
  const year = yearText.length === 2 ? 2000 + Number(yearText) : Number(yearText);
  const month = Number(byPart.month);
  const day = Number(byPart.day);
  if (byPart.day!.length > 2 || byPart.month!.length > 2 || month < 1 || month > 12 || day < 1) return null;
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCMonth() !== month - 1 || year < 1900) return null;
  return isoDay(year, month, day);
}

const numericTime = (locale: string) => once(`nt|${locale}`, () => new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit', timeZone: 'UTC' }));

/** Whether the locale writes 12-hour times, its AM/PM words and the placeholder ("HH:MM", "h:mm AM"). */
export function timePattern(locale: string): { h12: boolean; am: string; pm: string; placeholder: string } {
  return once(`tp|${locale}`, () => {
    const cycle = numericTime(locale).resolvedOptions().hourCycle;
    const h12 = cycle === 'h12' || cycle === 'h11';
    const period = (h: number) =>
      numericTime(locale)
        .formatToParts(Date.UTC(2026, 0, 1, h))
        .find((p) => p.type === 'dayPeriod')?.value ?? (h < 12 ? 'AM' : 'PM');
    return { h12, am: period(1), pm: period(13), placeholder: h12 ? `h:mm ${period(1)}` : 'HH:MM' };
  });
}

/** 'HH:mm' as the locale writes it: "14:30" or "2:30 PM". */
export function formatTimeInput(time: string, locale: string): string {
  const [h, m] = time.split(':').map(Number) as [number, number];
  const { h12, am, pm } = timePattern(locale);
  if (!h12) return `${pad(h)}:${pad(m)}`;
  return `${h % 12 === 0 ? 12 : h % 12}:${pad(m)} ${h < 12 ? am : pm}`;
}

/** "14:30", "1430", "2:30 pm", "2 PM" as 'HH:mm'; a 12-hour locale takes 24-hour input too. */
export function parseTimeInput(text: string, locale: string): string | null {
  const { am, pm } = timePattern(locale);
  let t = text
    .trim()
    .toLowerCase()
    .replace(/[\s\u00a0\u202f]+/g, ' ');
  let period: 'am' | 'pm' | null = null;
  for (const [word, p] of [
    [am.toLowerCase(), 'am'],
    [pm.toLowerCase(), 'pm'],
    ['a.m.', 'am'],
    ['p.m.', 'pm'],
    ['am', 'am'],
    ['pm', 'pm'],
    ['a', 'am'],
    ['p', 'pm'],
  ] as const) {
    if (t.endsWith(word)) {
      period = p;
      t = t.slice(0, -word.length).trim();
      break;
    }
  }
  const m = /^(\d{1,2})(?:[:.h]?(\d{2}))?$/.exec(t);
  if (!m) return null;
  let hour = Number(m[1]);
  const minute = Number(m[2] ?? '0');
  if (minute > 59) return null;
  if (period) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (period === 'pm' ? 12 : 0);
  } else if (hour > 23) return null;
  return `${pad(hour)}:${pad(minute)}`;
}

/** The first day of the locale's week, 0 = Sunday … 6 = Saturday (Monday where the browser cannot tell). */
export function firstDayOfWeek(locale: string): number {
  const l = new Intl.Locale(locale) as Intl.Locale & { getWeekInfo?: () => { firstDay: number }; weekInfo?: { firstDay: number } };
  const first = l.getWeekInfo?.().firstDay ?? l.weekInfo?.firstDay;
  if (first) return first % 7;
  return ['US', 'CA', 'JP', 'BR', 'MX', 'IL', 'PH', 'KR', 'TW', 'IN', 'ZA', 'AU'].includes(l.maximize().region ?? '') ? 0 : 1;
}

/** Short weekday names from Sunday: ["Sun", "Mon", …] / ["So", "Mo", …]. */
export function weekdayNames(locale: string): string[] {
  const f = new Intl.DateTimeFormat(locale, { weekday: 'short', timeZone: 'UTC' });
  return Array.from({ length: 7 }, (_, i) => f.format(Date.UTC(2026, 10, 1 + i))); // 1 Nov 2026 is a Sunday
}
