'use client';

import { useSite } from '@/components/providers';
import { CalendarButton } from '@/components/ui/calendar-popover';
import { PatternedInput, type PatternedProps } from '@/components/ui/patterned-input';
import { datePattern, formatDateInput, formatTimeInput, parseDateInput, parseTimeInput, timePattern } from '@/lib/date-pattern';
import { dayOf, shiftDay } from '@/lib/zoned-time';

/**
 * A day ('YYYY-MM-DD') typed in the site locale's pattern ("01.12.2026" in de-DE, "12/01/2026" in
 * en-US) or picked from a calendar; ↑/↓ step a day.
 */
export function DateInput(props: PatternedProps & { min?: string; max?: string }) {
  const { locale, timeZone } = useSite();
  const { placeholder } = datePattern(locale);
  const within = (d: string) => (props.min && d < props.min ? props.min : props.max && d > props.max ? props.max : d);
  const codec = {
    format: (d: string) => formatDateInput(d, locale),
    parse: (t: string, strict: boolean) => {
      const d = parseDateInput(t, locale, strict);
      return d && within(d) === d ? d : null;
    },
    step: (d: string, by: 1 | -1) => within(shiftDay(d, by)),
    placeholder,
    problem: `Enter a date as ${placeholder}${props.max ? `, not after ${formatDateInput(props.max, locale)}` : ''}.`,
    width: 'min-w-0',
  };
  return (
    <PatternedInput {...props} codec={codec}>
      <CalendarButton
        value={props.value}
        today={dayOf(new Date(), timeZone)}
        locale={locale}
        disabled={props.disabled}
        onPick={(d) => props.onChange(within(d))}
      />
    </PatternedInput>
  );
}

const WALL = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})$/;

/**
 * A wall-clock date and time in the site zone ('YYYY-MM-DDTHH:mm', what lib/zoned-time.ts's
 * toLocalInput/fromLocalInput speak) in one text field: "01.12.2026 14:30", "12/01/2026 2:30 PM";
 * ↑/↓ step 15 minutes. Set `reportInvalid` so that a caller's own check refuses unreadable text.
 */
export function DateTimeInput(props: PatternedProps) {
  const { locale, timeZone } = useSite();
  const pattern = `${datePattern(locale).placeholder} ${timePattern(locale).placeholder}`;
  const codec = {
    format: (v: string) => {
      const m = WALL.exec(v)!;
      return `${formatDateInput(m[1]!, locale)} ${formatTimeInput(m[2]!, locale)}`;
    },
    parse: (t: string, strict: boolean) => {
      const iso = WALL.exec(t.trim());
      if (iso) return `${iso[1]}T${iso[2]}`;
      // The date is the first three numbers and what separates them; the time is the rest.
      const m = /^\s*(\d+\D+\d+\D+\d+)[\sT,]+(.+)$/.exec(t);
      const day = m && parseDateInput(m[1]!, locale, strict);
      const time = m && parseTimeInput(m[2]!, locale);
      return day && time ? `${day}T${time}` : null;
    },
    step: (v: string, by: 1 | -1) => {
      const m = WALL.exec(v)!;
      const [h, min] = m[2]!.split(':').map(Number) as [number, number];
      const total = Math.floor((h * 60 + min) / 15) * 15 + (by === 1 ? 15 : min % 15 ? 0 : -15);
      const day = shiftDay(m[1]!, Math.floor(total / 1440));
      const rest = ((total % 1440) + 1440) % 1440;
      return `${day}T${String(Math.floor(rest / 60)).padStart(2, '0')}:${String(rest % 60).padStart(2, '0')}`;
    },
    placeholder: pattern,
    problem: `Enter a date and time as ${pattern}.`,
    width: 'min-w-0',
  };
  const m = WALL.exec(props.value);
  return (
    <PatternedInput {...props} codec={codec}>
      <CalendarButton
        value={m ? m[1]! : ''}
        today={dayOf(new Date(), timeZone)}
        locale={locale}
        disabled={props.disabled}
        onPick={(d) => props.onChange(`${d}T${m ? m[2] : '08:00'}`)}
      />
    </PatternedInput>
  );
}
