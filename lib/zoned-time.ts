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
