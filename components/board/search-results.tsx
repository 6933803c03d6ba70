'use client';

import { useSite } from '@/components/providers';
import type { SearchResult } from '@/lib/schemas/search';
import { formatClock } from '@/lib/zoned-time';

/** "Thu 3 Dec" (en-GB), "Do., 3. Dez." (de-DE): a site day (YYYY-MM-DD) as the results list names it. */
export const dayName = (day: string, locale: string) =>
  new Date(`${day}T12:00:00Z`).toLocaleDateString(locale, { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });

const FIELD_WORD = { reference: 'reference', carrier: 'carrier', notes: 'notes', ramp: 'ramp' } as const;

/** Where a result is: its ramp and time, or that it has no ramp yet. */
function placeOf(r: SearchResult, timeZone: string, locale: string): string {
  if (r.assignment) return `${r.assignment.ramp_code} ${formatClock(r.assignment.eta_in, timeZone, locale)} · ${r.assignment.status.label}`;
  return r.load.planned_arrival ? `No ramp · planned ${formatClock(r.load.planned_arrival, timeZone, locale)}` : 'No ramp · no planned time';
}

type Props = { results: SearchResult[]; more: boolean; timeZone: string; onJump: (r: SearchResult) => void };

/** The loads of other days that match the search, each a button that opens its day on the board. */
export function SearchResults({ results, more, timeZone, onJump }: Props) {
  const { locale } = useSite();
  return (
    <>
      <ul className="max-h-80 divide-y divide-slate-100 overflow-y-auto">
        {results.map((r) => {
          const day = r.date ? dayName(r.date, locale) : "Today's list";
          const detail = [r.load.carrier, r.load.notes].filter(Boolean).join(' · ');
          return (
            <li key={r.load.id}>
              <button
                type="button"
                onClick={() => onJump(r)}
                data-testid={`search-result-${r.load.reference}`}
                className="block w-full px-3 py-2 text-left text-sm hover:bg-blue-50 focus:bg-blue-50 focus:outline-none"
              >
                <span className="flex items-baseline justify-between gap-2">
                  <span className="truncate font-semibold text-slate-900">{r.load.reference}</span>
                  <span className="shrink-0 text-xs font-medium text-blue-800">{day}</span>
                </span>
                <span className="block truncate text-xs text-slate-600">
                  {placeOf(r, timeZone, locale)}
                  {r.matched.length ? ` · matches ${r.matched.map((f) => FIELD_WORD[f]).join(', ')}` : ''}
                </span>
                {detail ? <span className="block truncate text-xs text-slate-600">{detail}</span> : null}
              </button>
            </li>
          );
        })}
      </ul>
      {more ? <p className="border-t border-slate-100 px-3 py-1.5 text-xs text-slate-600">More loads match: type more of the text.</p> : null}
    </>
  );
}
