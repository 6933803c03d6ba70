'use client';

import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { firstDayOfWeek, weekdayNames } from '@/lib/date-pattern';
import { DATE_RE, formatDay, shiftDay } from '@/lib/zoned-time';

const monthOf = (day: string) => day.slice(0, 7);
const firstOfMonth = (month: string, delta = 0) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1 + delta, 1)).toISOString().slice(0, 10);
};

/** The weeks of `month` ('YYYY-MM'), each seven 'YYYY-MM-DD' days from the locale's first weekday. */
function weeksOf(month: string, firstDay: number): string[][] {
  const first = firstOfMonth(month);
  const lead = (new Date(`${first}T12:00:00Z`).getUTCDay() - firstDay + 7) % 7;
  let day = shiftDay(first, -lead);
  const weeks: string[][] = [];
  while (weeks.length < 6 && (weeks.length === 0 || monthOf(day) === month)) {
    const week = Array.from({ length: 7 }, (_, i) => shiftDay(day, i));
    weeks.push(week);
    day = shiftDay(day, 7);
  }
  return weeks;
}

type Props = { value: string; today: string; locale: string; disabled?: boolean; onPick: (day: string) => void };

/** A button opening a month grid in the site locale: arrow keys move by day and week, Enter picks, Escape closes. */
export function CalendarButton({ value, today, locale, disabled, onPick }: Props) {
  const [open, setOpen] = useState(false);
  const [focus, setFocus] = useState(DATE_RE.test(value) ? value : today);
  const [at, setAt] = useState<{ top: number; left: number }>({ top: 0, left: 0 });
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    panel.current?.querySelector<HTMLButtonElement>(`[data-day="${focus}"]`)?.focus();
  }, [open, focus]);
  useEffect(() => {
    if (!open) return;
    const away = (e: MouseEvent) => {
      if (!panel.current?.contains(e.target as Node) && !button.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', away);
    return () => document.removeEventListener('mousedown', away);
  }, [open]);

  const toggle = () => {
    if (open) return setOpen(false);
    const r = button.current!.getBoundingClientRect();
    // Fixed, so a dialog's scrolling box does not clip it; kept on screen.
    setAt({ top: Math.min(r.bottom + 4, window.innerHeight - 330), left: Math.max(8, Math.min(r.right - 280, window.innerWidth - 288)) });
    setFocus(DATE_RE.test(value) ? value : today);
    setOpen(true);
  };
  const close = () => {
    setOpen(false);
    button.current?.focus();
  };
  const keys = (e: KeyboardEvent<HTMLDivElement>) => {
    const move = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -7, ArrowDown: 7 }[e.key];
    if (move) {
      e.preventDefault();
      setFocus(shiftDay(focus, move));
    } else if (e.key === 'PageUp' || e.key === 'PageDown') {
      e.preventDefault();
      setFocus(firstOfMonth(monthOf(focus), e.key === 'PageUp' ? -1 : 1));
    } else if (e.key === 'Escape') {
      // Only the calendar closes, not a dialog around it.
      e.preventDefault();
      e.stopPropagation();
      close();
    }
  };

  const month = monthOf(focus);
  const firstDay = firstDayOfWeek(locale);
  const names = weekdayNames(locale);
  const heading = formatDay(firstOfMonth(month), locale, 'month');
  return (
    <>
      <button
        ref={button}
        type="button"
        aria-label="Open calendar"
        aria-haspopup="dialog"
        aria-expanded={open}
        disabled={disabled}
        onClick={toggle}
        className="shrink-0 rounded-md border border-slate-300 bg-white px-2 text-slate-700 shadow-sm hover:bg-slate-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600/40 disabled:opacity-50"
      >
        <svg aria-hidden viewBox="0 0 20 20" className="h-4 w-4" fill="none" stroke="currentColor" strokeWidth="1.6">
          <rect x="3" y="4.5" width="14" height="12" rx="1.5" />
          <path d="M3 8.5h14M7 3v3M13 3v3" />
        </svg>
      </button>
      {open ? (
        <div
          ref={panel}
          role="dialog"
          aria-label={`Choose a date, ${heading}`}
          onKeyDown={keys}
          style={{ top: at.top, left: at.left }}
          className="fixed z-[60] w-70 rounded-lg border border-slate-200 bg-white p-2 text-slate-900 shadow-xl"
        >
          <div className="mb-1 flex items-center justify-between">
            <button
              type="button"
              aria-label="Previous month"
              onClick={() => setFocus(firstOfMonth(month, -1))}
              className="rounded px-2 py-1 hover:bg-slate-100"
            >
              ‹
            </button>
            <p className="text-sm font-semibold" aria-live="polite">
              {heading}
            </p>
            <button type="button" aria-label="Next month" onClick={() => setFocus(firstOfMonth(month, 1))} className="rounded px-2 py-1 hover:bg-slate-100">
              ›
            </button>
          </div>
          <table className="w-full border-collapse text-center text-sm">
            <thead>
              <tr>
                {Array.from({ length: 7 }, (_, i) => names[(firstDay + i) % 7]!).map((n) => (
                  <th key={n} scope="col" className="py-1 text-xs font-medium text-slate-600">
                    {n}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {weeksOf(month, firstDay).map((week) => (
                <tr key={week[0]}>
                  {week.map((d) => {
                    const chosen = d === value;
                    const outside = monthOf(d) !== month;
                    return (
                      <td key={d} className="p-0.5">
                        <button
                          type="button"
                          data-day={d}
                          tabIndex={d === focus ? 0 : -1}
                          aria-pressed={chosen}
                          aria-current={d === today ? 'date' : undefined}
                          aria-label={formatDay(d, locale)}
                          onClick={() => {
                            onPick(d);
                            close();
                          }}
                          className={`h-8 w-8 rounded-md tabular-nums focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600 ${
                            chosen ? 'bg-blue-700 font-semibold text-white' : outside ? 'text-slate-500 hover:bg-slate-100' : 'hover:bg-slate-100'
                          } ${d === today && !chosen ? 'ring-1 ring-slate-400' : ''}`}
                        >
                          {Number(d.slice(8))}
                        </button>
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}
