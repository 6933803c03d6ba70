// How the wall TV pages its ramps: problems first and on every page, free ramps
// left off when the link says so, and as many rows per page as the screen holds.
import type { RampRow } from '@/components/tv/tv-model';
import { PAGE_SECONDS } from '@/lib/display-options';

/** A row is at least this tall (in row units) before the board pages, at most this tall when few ramps fill the screen. */
export const MIN_ROW_UNITS = 3.9;
export const MAX_ROW_UNITS = 6;
export const ROW_GAP_UNITS = 0.45;
/**
 * The row unit stops growing at this many CSS pixels (a 2400 px wide screen): a
 * larger screen shows more rows at the same size instead of the same rows larger.
 */
export const ROW_UNIT_MAX_PX = 24;

/** The ramp list's unit in CSS pixels for a viewport (tv-units' `--u`, capped). */
export const rowUnitOf = (width: number, height: number) => Math.min(width / 100, (height * 1.7778) / 100, ROW_UNIT_MAX_PX);

/** How many rows of at least MIN_ROW_UNITS fit a list `height` px tall. */
export function rowsPerPage(height: number, unit: number): number {
  const gap = unit * ROW_GAP_UNITS;
  return Math.max(1, Math.floor((height + gap) / (unit * MIN_ROW_UNITS + gap)));
}

/** Each row's height in px: rows stretch to fill the list when fewer are shown, up to MAX_ROW_UNITS. */
export function rowHeightOf(height: number, unit: number, rowsShown: number): number {
  const gap = unit * ROW_GAP_UNITS;
  const rows = Math.max(1, rowsShown);
  return Math.floor(Math.min(unit * MAX_ROW_UNITS, (height - gap * (rows - 1)) / rows));
}

/** The link's page time in ms, kept in bounds whatever the server sent. */
export function pageMsOf(seconds: number | undefined): number {
  const s = Number.isFinite(seconds) ? Math.round(seconds as number) : PAGE_SECONDS.default;
  return Math.min(PAGE_SECONDS.max, Math.max(PAGE_SECONDS.min, s)) * 1000;
}

/** Nothing at the door and nothing planned. */
export const isFree = (row: RampRow) => row.current === null && row.next === null;

/** A late, overdue or called truck: the ramps someone across the hall must see now. */
export function needsAttention(row: RampRow, calledRamps: ReadonlySet<string>): boolean {
  return Boolean(row.current?.late || row.current?.overdue || row.next?.late || row.next?.overdue || calledRamps.has(row.ramp.code));
}

/** A row in display order; `page` null means on every page (pinned at the top). */
export type PagedRow = { row: RampRow; page: number | null };
export type PagePlan = { rows: PagedRow[]; pages: number; pinned: number };

/**
 * Pins the rows needing attention to every page and pages the rest through the
 * slots left. When the problems alone fill a page, everything pages in turn,
 * problems first, so no ramp is ever left off for good.
 */
export function planPages(rows: RampRow[], opts: { perPage: number; hideFree: boolean; calledRamps: ReadonlySet<string> }): PagePlan {
  const perPage = Math.max(1, Math.floor(opts.perPage));
  const pinned: RampRow[] = [];
  const rest: RampRow[] = [];
  for (const row of rows) {
    if (needsAttention(row, opts.calledRamps)) pinned.push(row);
    else if (!(opts.hideFree && isFree(row))) rest.push(row);
  }
  const slots = perPage - pinned.length;
  if (slots < 1) {
    const all = [...pinned, ...rest];
    return { rows: all.map((row, i) => ({ row, page: Math.floor(i / perPage) })), pages: Math.max(1, Math.ceil(all.length / perPage)), pinned: 0 };
  }
  return {
    rows: [...pinned.map((row) => ({ row, page: null })), ...rest.map((row, i) => ({ row, page: Math.floor(i / slots) }))],
    pages: Math.max(1, Math.ceil(rest.length / slots)),
    pinned: pinned.length,
  };
}

/** The most rows any page shows (pinned included), so row heights do not change from page to page. */
export const rowsShownOf = (plan: PagePlan, perPage: number) => Math.min(Math.max(1, perPage), plan.rows.length);
