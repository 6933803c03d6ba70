import { describe, expect, it } from 'vitest';
import type { Assignment } from '@/lib/schemas/assignments';
import type { Ramp } from '@/lib/schemas/ramps';
import { activeCalls } from '@/components/tv/tv-calls';
import { HOUR, MINUTE, rampRows } from '@/components/tv/tv-model';
import { pageMsOf, planPages, rowHeightOf, rowsPerPage, rowUnitOf, type PagePlan } from '@/components/tv/tv-paging';

const NOW = Date.parse('2030-01-01T12:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
const PLANNED = { id: 1, code: 'PLANNED', label: 'Planned', color: 'blue' };
const IN_PROGRESS = { id: 3, code: 'IN_PROGRESS', label: 'In progress', color: 'yellow' };

const ramp = (id: number): Ramp => ({
  id,
  code: `R${String(id).padStart(2, '0')}`,
  description: '',
  kind: 'BOTH',
  is_active: true,
  sort_order: id,
  created_at: '',
  updated_at: '',
});

/** An assignment on ramp `rampId` from `from` to `to`. */
const on = (rampId: number, id: number, over: { from: number; to: number; status?: Assignment['status']; called_at?: string | null }): Assignment => ({
  id,
  ramp_id: rampId,
  load_id: 100 + id,
  status_id: (over.status ?? PLANNED).id,
  eta_in: iso(over.from),
  eta_out: iso(over.to),
  arrived_at: null,
  started_at: null,
  completed_at: null,
  departed_at: null,
  called_at: over.called_at ?? null,
  version: 1,
  created_by: null,
  updated_by: null,
  created_at: iso(NOW - HOUR),
  updated_at: iso(NOW - HOUR),
  ramp: { id: rampId, code: ramp(rampId).code, description: '', kind: 'BOTH' },
  load: { id: 100 + id, reference: `L-${id}`, direction: 'IB', planned_arrival: null, planned_departure: null, notes: null, carrier: null },
  status: over.status ?? PLANNED,
  creator: null,
  updater: null,
});

const ramps = Array.from({ length: 12 }, (_, i) => ramp(i + 1));
/** Codes of the rows a page shows, in order. */
const onPage = (plan: PagePlan, page: number) => plan.rows.filter((r) => r.page === null || r.page === page).map((r) => r.row.ramp.code);

describe('TV paging', () => {
  // R03: late (planned an hour ago, no truck); R07: overdue (in progress past ETA out);
  // R10: its truck was called to the door a minute ago; R01–R06 busy later today; the rest free.
  const assignments = [
    ...[1, 2, 4, 5, 6].map((r) => on(r, r, { from: NOW + HOUR, to: NOW + 2 * HOUR })),
    on(3, 3, { from: NOW - HOUR, to: NOW + HOUR }),
    on(7, 7, { from: NOW - 3 * HOUR, to: NOW - 30 * MINUTE, status: IN_PROGRESS }),
    on(10, 10, { from: NOW + 30 * MINUTE, to: NOW + 2 * HOUR, called_at: iso(NOW - MINUTE) }),
  ];
  const rows = rampRows(ramps, assignments, NOW);
  const calledRamps = new Set(activeCalls(assignments, NOW).map((c) => c.ramp));

  it('pins late, overdue and called ramps to the top of every page and pages the rest', () => {
    const plan = planPages(rows, { perPage: 5, hideFree: false, calledRamps });
    expect(plan.pinned).toBe(3);
    // 9 other ramps in the 2 slots left on each page.
    expect(plan.pages).toBe(5);
    for (let page = 0; page < plan.pages; page++) expect(onPage(plan, page).slice(0, 3)).toEqual(['R03', 'R07', 'R10']);
    expect(onPage(plan, 0)).toEqual(['R03', 'R07', 'R10', 'R01', 'R02']);
    expect(onPage(plan, 4)).toEqual(['R03', 'R07', 'R10', 'R12']);
    // Every ramp comes round.
    expect(new Set(Array.from({ length: plan.pages }, (_, p) => onPage(plan, p)).flat()).size).toBe(12);
  });

  it('a call no longer shown does not pin its ramp', () => {
    const later = NOW + 20 * MINUTE;
    const plan = planPages(rampRows(ramps, assignments, later), {
      perPage: 5,
      hideFree: false,
      calledRamps: new Set(activeCalls(assignments, later).map((c) => c.ramp)),
    });
    expect(plan.rows.filter((r) => r.page === null).map((r) => r.row.ramp.code)).toEqual(['R03', 'R07']);
  });

  it('when the problems alone fill a page, every ramp pages in turn, problems first', () => {
    const plan = planPages(rows, { perPage: 3, hideFree: false, calledRamps });
    expect(plan.pinned).toBe(0);
    expect(plan.pages).toBe(4);
    expect(onPage(plan, 0)).toEqual(['R03', 'R07', 'R10']);
    expect(onPage(plan, 1)).toEqual(['R01', 'R02', 'R04']);
  });

  it('hides free ramps when the link asks, never a pinned one', () => {
    const plan = planPages(rows, { perPage: 5, hideFree: true, calledRamps });
    const shown = plan.rows.map((r) => r.row.ramp.code);
    expect(shown).toEqual(['R03', 'R07', 'R10', 'R01', 'R02', 'R04', 'R05', 'R06']);
    expect(plan.pages).toBe(3);
    // Nothing planned anywhere: nothing to show, one page.
    const empty = planPages(rampRows(ramps, [], NOW), { perPage: 5, hideFree: true, calledRamps: new Set() });
    expect(empty).toEqual({ rows: [], pages: 1, pinned: 0 });
  });

  it('fits more rows on a taller screen instead of larger rows', () => {
    // The list's height is what is left under the header, figures and column titles (about 65% of the screen).
    const hd = rowUnitOf(1920, 1080);
    const uhd = rowUnitOf(3840, 2160);
    expect(hd).toBeCloseTo(19.2);
    expect(uhd).toBe(24);
    expect(rowsPerPage(700, hd)).toBe(8);
    expect(rowsPerPage(1400, 2 * hd)).toBe(8); // what scaling everything by two would give
    expect(rowsPerPage(1400, uhd)).toBe(13);
    // Never less than one row, and rows stretch (up to 6 units) when few fill the list.
    expect(rowsPerPage(40, hd)).toBe(1);
    expect(rowHeightOf(700, hd, 2)).toBe(Math.floor(6 * hd));
    expect(rowHeightOf(700, hd, 8)).toBeGreaterThanOrEqual(Math.floor(3.9 * hd));
  });

  it('keeps the page time in bounds', () => {
    expect(pageMsOf(10)).toBe(10_000);
    expect(pageMsOf(1)).toBe(5_000);
    expect(pageMsOf(600)).toBe(120_000);
    expect(pageMsOf(undefined)).toBe(10_000);
  });
});
