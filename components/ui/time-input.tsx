'use client';

import { useSite } from '@/components/providers';
import { PatternedInput, type PatternedProps } from '@/components/ui/patterned-input';
import { formatTimeInput, parseTimeInput, timePattern } from '@/lib/date-pattern';

/** A time of day ('HH:mm') typed as the site locale writes it ("14:30", "2:30 PM"); ↑/↓ step 15 minutes. */
export function TimeInput(props: PatternedProps) {
  const { locale } = useSite();
  const { placeholder } = timePattern(locale);
  const codec = {
    format: (v: string) => formatTimeInput(v, locale),
    parse: (t: string) => parseTimeInput(t, locale),
    step: (v: string, by: 1 | -1) => {
      const [h, m] = v.split(':').map(Number) as [number, number];
      const total = (((Math.floor((h * 60 + m) / 15) * 15 + (by === 1 ? 15 : m % 15 ? 0 : -15)) % 1440) + 1440) % 1440;
      return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
    },
    placeholder,
    problem: `Enter a time as ${placeholder}.`,
    width: 'w-28',
  };
  return <PatternedInput {...props} codec={codec} />;
}
