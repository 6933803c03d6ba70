// CSV as spreadsheets read it: RFC 4180 quoting, UTF-8 with a byte-order mark
// (Excel otherwise guesses the encoding), times in the site's zone with their offset.
import { zoneOffsetMinutes } from '@/lib/zoned-time';

export const CSV_BOM = '\uFEFF';
export type Cell = string | number | null;

/**
 * One cell. Text a spreadsheet would run as a formula (=, +, -, @, tab, CR
 * first: free text such as a carrier typed by a user) gets a leading
 * apostrophe, the usual guard against CSV injection.
 */
export function csvCell(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text;
}

export const csvLine = (cells: Cell[]): string => `${cells.map(csvCell).join(',')}\r\n`;

const QUARTER_HOUR_MS = 900_000;
const offsets = new Map<string, number>();

/**
 * The zone's offset, remembered per quarter hour (Intl is ~µs a call, six times
 * a row): offsets change only at transitions, and those fall on quarter hours.
 */
function offsetAt(epochMs: number, timeZone: string): number {
  const key = `${timeZone} ${Math.floor(epochMs / QUARTER_HOUR_MS)}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    if (offsets.size > 100_000) offsets.clear();
    offset = zoneOffsetMinutes(new Date(epochMs), timeZone);
    offsets.set(key, offset);
  }
  return offset;
}

/** ISO 8601 in the zone with its offset: 2026-03-29T03:15:00+02:00. */
export function isoInZone(epochMs: number | null, timeZone: string): string | null {
  if (epochMs === null) return null;
  const offset = offsetAt(epochMs, timeZone);
  const local = new Date(Math.floor(epochMs / 1000) * 1000 + offset * 60_000).toISOString().slice(0, 19);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** Minutes from a to b with one decimal; null unless both are known. */
export const minutesBetween = (a: number | null, b: number | null): number | null => (a !== null && b !== null ? Math.round((b - a) / 6_000) / 10 : null);

/** A file name part from a range: assignments-2026-01-01_2026-01-31.csv */
export const rangeFileName = (kind: string, r: { from: string; to: string }): string => `${kind}-${r.from}_${r.to}.csv`;
