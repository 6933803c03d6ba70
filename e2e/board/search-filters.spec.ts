import { boardAs } from '../support/board';
import { ACCOUNTS, Api, expect, test, unique } from '../support/fixtures';
import { siteDay } from '../support/locale';

// The e2e server runs with SITE_TIMEZONE=UTC: a site day is a UTC date.
const HOUR = 3_600_000;
const dayOf = (t: number) => new Date(t).toISOString().slice(0, 10);
const iso = (t: number) => new Date(t).toISOString();

let counter = 0;
/** Two ramps of the test's own, sorted to the top of the board like setupLane's. */
async function lane(admin: Api) {
  const tag = `S${Date.now().toString(36).toUpperCase()}${(++counter % 36).toString(36).toUpperCase()}${process.pid % 10}`;
  const rampA = await admin.ok('POST', '/api/ramps', { code: `${tag}-A`, description: 'E2E search lane A', kind: 'BOTH', sort_order: -500_000 });
  const rampB = await admin.ok('POST', '/api/ramps', { code: `${tag}-B`, description: 'E2E search lane B', kind: 'BOTH', sort_order: -500_000 });
  return { tag, rampA, rampB };
}

/** A load planned at `from` for an hour (none: no planned time), on `rampId` at that time when given. */
async function plan(admin: Api, reference: string, from: number | null, extra: { rampId?: number; notes?: string; carrier?: string } = {}) {
  const load = await admin.ok('POST', '/api/loads', {
    reference,
    direction: 'IB',
    planned_arrival: from === null ? null : iso(from),
    planned_departure: from === null ? null : iso(from + HOUR),
    notes: extra.notes ?? null,
    carrier: extra.carrier ?? null,
  });
  if (extra.rampId && from !== null)
    await admin.ok('POST', '/api/assignments', { ramp_id: extra.rampId, load_id: load.id, eta_in: iso(from), eta_out: iso(from + HOUR) });
  return load;
}

/** Whole hours from now, so that "late" and "on time" do not depend on when the suite runs. */
const fromNow = (hours: number) => Math.floor(Date.now() / (15 * 60_000)) * 15 * 60_000 + hours * HOUR;

test('search finds a word of the notes on the day shown, and a reference of another day whose result opens that day on its block', async ({
  browser,
  request,
}) => {
  const admin = await Api.once(request, ACCOUNTS.admin);
  const { tag, rampA, rampB } = await lane(admin);
  const word = `quetzal${tag.toLowerCase()}`;
  const today = await plan(admin, `${tag}-NOTE`, fromNow(1), { rampId: rampA.id, notes: `Supplier ${word}, 12 pallets` });
  const later = fromNow(0) + 3 * 24 * HOUR;
  const other = await plan(admin, `${tag}-LATER`, later, { rampId: rampB.id });
  const page = await boardAs(browser, ACCOUNTS.operator1);

  const search = page.getByLabel('Search load reference');
  await search.fill(word);
  await expect(page.getByTestId('search-count')).toHaveText('1 on this day');
  await expect(page.getByTestId(`block-${today.reference}`)).toBeInViewport();
  await expect(page.getByTestId(`block-${today.reference}`)).toHaveCSS('filter', 'none');

  await search.fill(other.reference);
  await expect(page.getByTestId('search-count')).toHaveText('0 on this day');
  const results = page.getByTestId('search-elsewhere');
  await expect(results).toContainText('1 match on other days');
  const result = results.getByTestId(`search-result-${other.reference}`);
  await expect(result).toContainText(`${rampB.code} ${iso(later).slice(11, 16)}`);
  await result.click();

  await expect(page.getByLabel('Date', { exact: true })).toHaveValue(siteDay(dayOf(later)));
  await expect(page).toHaveURL(new RegExp(`date=${dayOf(later)}`));
  await expect(search).toHaveValue(other.reference);
  const block = page.getByTestId(`block-${other.reference}`);
  await expect(block).toBeInViewport();
  await expect(block).toHaveCSS('filter', 'none');
  await expect(page.getByTestId('search-count')).toHaveText('1 on this day');
  await expect(results).toHaveCount(0);
});

test("today's side list holds a load without a planned time and yesterday's unassigned load; its empty state says what the search did", async ({
  browser,
  request,
}) => {
  const admin = await Api.once(request, ACCOUNTS.admin);
  const tag = unique('BKL');
  const noTime = await plan(admin, `${tag}-NOTIME`, null);
  const yesterday = await plan(admin, `${tag}-YDAY`, fromNow(-24));
  const page = await boardAs(browser, ACCOUNTS.operator1);
  const list = page.getByRole('region', { name: 'Unassigned loads' });

  await page.getByLabel('Search load reference').fill(tag);
  await expect(list.getByTestId(`load-${noTime.reference}`)).toBeVisible();
  await expect(list.getByTestId(`load-${yesterday.reference}`)).toBeVisible();
  // Both are on the day shown (today's list): nothing to open on another day.
  await expect(page.getByTestId('search-elsewhere')).toHaveCount(0);

  const nothing = `nothing-${tag}`;
  await page.getByLabel('Search load reference').fill(nothing);
  await expect(list).toContainText(`No unassigned load matches “${nothing}”.`);
  await expect(list).not.toContainText('Every load of this day has a ramp');

  await page.getByLabel('Search load reference').fill('');
  await page.getByLabel('Date', { exact: true }).fill('2039-03-01');
  await expect(list).toContainText('Every load of this day has a ramp.');
});

test('"Late N" filters the board to the late blocks, and filters clear', async ({ browser, request }) => {
  const admin = await Api.once(request, ACCOUNTS.admin);
  const { tag, rampA, rampB } = await lane(admin);
  // Late: not arrived, past eta_in + 15 min (SPEC §8); not overdue, its eta_out is ahead.
  const late = await plan(admin, `${tag}-LATE`, fromNow(-0.75), { rampId: rampA.id, carrier: `Carrier ${tag}` });
  const onTime = await plan(admin, `${tag}-SOON`, fromNow(2), { rampId: rampB.id, carrier: `Carrier ${tag}` });
  const page = await boardAs(browser, ACCOUNTS.operator1);

  const lateButton = page.getByTestId('board-kpi-late');
  await expect(lateButton).toHaveAccessibleName(/^Late [1-9]\d*$/);
  await expect(lateButton).toHaveAttribute('aria-pressed', 'false');
  // The search brings the lane into view (and matches both blocks); the filter then narrows it to the late one.
  await page.getByLabel('Search load reference').fill(tag);
  await expect(page.getByTestId(`block-${onTime.reference}`)).toBeInViewport();

  await lateButton.click();
  await expect(lateButton).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId(`block-${late.reference}`)).toHaveCSS('filter', 'none');
  await expect(page.getByTestId(`block-${onTime.reference}`)).toHaveCSS('filter', /grayscale/);
  await expect(page.getByTestId('filter-summary')).toContainText('others dimmed');

  await lateButton.click();
  await expect(lateButton).toHaveAttribute('aria-pressed', 'false');
  await expect(page.getByTestId(`block-${onTime.reference}`)).toHaveCSS('filter', 'none');

  // The carrier and status filters, and "Clear filters".
  await page.getByLabel('Filter by carrier').selectOption(`Carrier ${tag}`);
  await page.getByLabel('Show blocks in').selectOption({ label: 'Planned' });
  await expect(page.getByTestId(`block-${onTime.reference}`)).toHaveCSS('filter', 'none');
  await page.getByLabel('Show blocks in').selectOption({ label: 'Delayed' });
  await expect(page.getByTestId(`block-${onTime.reference}`)).toHaveCSS('filter', /grayscale/);
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(page.getByLabel('Filter by carrier')).toHaveValue('');
  await expect(page.getByRole('button', { name: 'Clear filters' })).toHaveCount(0);
});

test('a supervisor’s board says "View only"; an operator’s does not', async ({ browser }) => {
  const supervisor = await boardAs(browser, ACCOUNTS.supervisor);
  await expect(supervisor.getByText('View only', { exact: true })).toBeVisible();
  await expect(supervisor.getByRole('button', { name: 'Check in' })).toHaveCount(0);
  await expect(supervisor.getByRole('button', { name: 'Walk-in' })).toHaveCount(0);
  const operator = await boardAs(browser, ACCOUNTS.operator1);
  await expect(operator.getByText('View only', { exact: true })).toHaveCount(0);
});
