'use client';

import { useSite } from '@/components/providers';
import { formatDay } from '@/lib/zoned-time';
import { Group } from '@visx/group';
import type { PickD3Scale } from '@visx/scale';
import { type ReactNode, useId } from 'react';

// Every chart is drawn in one coordinate system and scaled to its box by the viewBox:
// crisp at any width and on paper, no resize observer.
export const CHART = { width: 720, height: 230, margin: { top: 12, right: 12, bottom: 30, left: 44 } } as const;
export const innerWidth = CHART.width - CHART.margin.left - CHART.margin.right;
export const innerHeight = CHART.height - CHART.margin.top - CHART.margin.bottom;

type ScaleLinear = PickD3Scale<'linear', number>;
type ScaleBand = PickD3Scale<'band', number, string>;

export type Series<T> = { key: string; label: string; className: string; swatch: string; value: (row: T) => number | null };

/**
 * A chart as one image for assistive technology: its name and a sentence that
 * says what it shows (`summary`); the same figures are in the tables below the charts.
 */
export function ChartFigure({
  title,
  summary,
  legend,
  testId,
  children,
}: {
  title: string;
  summary: string;
  legend?: { label: string; swatch: string }[];
  testId: string;
  children: ReactNode;
}) {
  const id = useId();
  return (
    <figure className="break-inside-avoid rounded-xl border border-slate-200 bg-white p-4 shadow-sm print:shadow-none" data-testid={testId}>
      <figcaption className="mb-2 flex flex-wrap items-baseline justify-between gap-2">
        <span id={`${id}-title`} className="text-sm font-semibold text-slate-900">
          {title}
        </span>
        {legend ? (
          <span aria-hidden className="flex flex-wrap gap-3 text-xs text-slate-600">
            {legend.map((l) => (
              <span key={l.label} className="inline-flex items-center gap-1.5">
                <span className={`inline-block h-2.5 w-2.5 rounded-sm ${l.swatch}`} />
                {l.label}
              </span>
            ))}
          </span>
        ) : null}
      </figcaption>
      <svg
        viewBox={`0 0 ${CHART.width} ${CHART.height}`}
        className="h-auto w-full overflow-visible text-slate-500"
        role="img"
        aria-labelledby={`${id}-svg-title ${id}-desc`}
      >
        <title id={`${id}-svg-title`}>{title}</title>
        <desc id={`${id}-desc`}>{summary}</desc>
        <Group left={CHART.margin.left} top={CHART.margin.top}>
          {children}
        </Group>
      </svg>
    </figure>
  );
}

/** Horizontal grid lines with their values on the left. */
export function ValueAxis({ scale, format = (v) => String(v) }: { scale: ScaleLinear; format?: (v: number) => string }) {
  return (
    <g aria-hidden>
      {scale.ticks(4).map((t) => (
        <g key={t} transform={`translate(0, ${scale(t)})`}>
          <line x2={innerWidth} className="stroke-slate-200" strokeDasharray={t === 0 ? undefined : '3 3'} />
          <text x={-8} dy="0.32em" textAnchor="end" className="fill-current text-[11px] tabular-nums">
            {format(t)}
          </text>
        </g>
      ))}
    </g>
  );
}

/** "12 Nov" for a 'YYYY-MM-DD' day. */
export const shortDay = (day: string, locale: string) => formatDay(day, locale, 'short');

/** Day labels under the bars: all of them for a week, about eight for a longer range. */
export function DayAxis({ scale, days }: { scale: ScaleBand; days: string[] }) {
  const { locale } = useSite();
  const every = Math.max(1, Math.ceil(days.length / 8));
  return (
    <g aria-hidden transform={`translate(0, ${innerHeight})`}>
      <line x2={innerWidth} className="stroke-slate-300" />
      {days.map((d, i) =>
        i % every === 0 || (days.length <= 8 && i === days.length - 1) ? (
          <text key={d} x={(scale(d) ?? 0) + scale.bandwidth() / 2} y={18} textAnchor="middle" className="fill-current text-[11px]">
            {shortDay(d, locale)}
          </text>
        ) : null,
      )}
    </g>
  );
}

/** The note drawn in place of a chart with nothing to show. */
export function NoData({ text }: { text: string }) {
  return (
    <text x={innerWidth / 2} y={innerHeight / 2} textAnchor="middle" className="fill-current text-[13px]">
      {text}
    </text>
  );
}
