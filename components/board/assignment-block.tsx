'use client';

import { useDraggable } from '@dnd-kit/core';
import { memo } from 'react';
import { arrivalDelayMinutes, flagsOf, hasArrived, isNoShow, LATE_TOLERANCE_MS } from '@/lib/board-rules';
import type { Assignment } from '@/lib/schemas/assignments';
import { statusStyle } from '@/lib/status-colors';
import { useSite } from '@/components/providers';
import { formatClock } from '@/lib/zoned-time';

type Props = {
  a: Assignment;
  left: number;
  width: number;
  timeZone: string;
  now: number;
  editable: boolean;
  highlighted: boolean;
  dimmed: boolean;
  onOpen: (a: Assignment) => void;
};

/** One assignment on the timeline: always labelled (reference, times, status), never colour alone. */
export const AssignmentBlock = memo(function AssignmentBlock({ a, left, width, timeZone, now, editable, highlighted, dimmed, onOpen }: Props) {
  const { attributes, listeners, setNodeRef, transform, isDragging } = useDraggable({ id: `a:${a.id}`, data: { assignment: a }, disabled: !editable });
  const style = statusStyle(a.status.color);
  const { late, overdue } = flagsOf(a, now);
  // A no-show that has not come at all says so; one that came after its window shows its arrival instead.
  const noShow = isNoShow(a, now) && !hasArrived(a, now);
  const flag = noShow ? 'No-show' : overdue ? 'Overdue' : late ? 'Late' : null;
  const { locale } = useSite();
  const formatTime = (at: string | Date | number, tz: string) => formatClock(at, tz, locale);
  const actual = actualOf(a, timeZone, locale);
  const planned = `${formatTime(a.eta_in, timeZone)} to ${formatTime(a.eta_out, timeZone)}`;
  const label = [a.load.reference, a.status.label, planned, actual?.spoken, flag].filter(Boolean).join(', ');
  return (
    <button
      ref={setNodeRef}
      type="button"
      {...(editable ? { ...attributes, ...listeners } : {})}
      onClick={() => onOpen(a)}
      data-testid={`block-${a.load.reference}`}
      data-ramp={a.ramp.code}
      data-version={a.version}
      aria-label={label}
      className={`keep-light absolute top-1 bottom-1 flex flex-col justify-center overflow-hidden rounded-md border-l-4 px-2 text-left text-xs leading-tight shadow-sm transition-[opacity,box-shadow] focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-700 ${
        isDragging ? 'z-20 cursor-grabbing opacity-90 shadow-xl' : editable ? 'cursor-grab' : 'cursor-pointer'
      } ${highlighted ? 'animate-flash' : ''} ${dimmed ? 'border-dashed shadow-none grayscale' : ''}`}
      style={{
        left,
        width: Math.max(width, 6),
        background: style.bg,
        borderLeftColor: style.border,
        color: style.text,
        transform: transform ? `translate3d(${transform.x}px, ${transform.y}px, 0)` : undefined,
        outline: flag ? `2px ${noShow ? 'dashed' : 'solid'} ${noShow || overdue ? '#dc2626' : '#ea580c'}` : undefined,
        outlineOffset: -2,
        // Keep a focused or scrolled-to block clear of the sticky ramp column.
        scrollMarginLeft: 184,
        scrollMarginRight: 24,
      }}
    >
      <span className="flex min-w-0 items-baseline gap-1.5">
        <span className="truncate font-semibold">{a.load.reference}</span>
        {actual ? (
          <span data-testid="block-actual" className={`shrink-0 tabular-nums ${actual.tone}`}>
            {actual.text}
          </span>
        ) : null}
      </span>
      <span className="truncate">
        {formatTime(a.eta_in, timeZone)}–{formatTime(a.eta_out, timeZone)} · {a.status.label}
        {flag ? <strong className={noShow || overdue ? 'ml-1 text-red-700' : 'ml-1 text-orange-700'}> ⚠ {flag}</strong> : null}
      </span>
    </button>
  );
});

const LATE_MINUTES = LATE_TOLERANCE_MS / 60_000;

/**
 * What actually happened, beside the plan: the arrival ("arr 08:12", with the
 * minutes late once past the 15 minutes' tolerance: "arr 08:42 +27") and the
 * latest step after it. In words, not colour alone; the status colours stay.
 */
function actualOf(a: Assignment, timeZone: string, locale: string): { text: string; spoken: string; tone: string } | null {
  const formatTime = (at: string | Date | number, tz: string) => formatClock(at, tz, locale);
  const delay = arrivalDelayMinutes(a);
  const lateBy = delay !== null && delay > LATE_MINUTES ? delay : null;
  const arrived = a.arrived_at ? `arr ${formatTime(a.arrived_at, timeZone)}${lateBy ? ` +${lateBy}` : ''}` : null;
  const last = a.departed_at
    ? `left ${formatTime(a.departed_at, timeZone)}`
    : a.completed_at
      ? `done ${formatTime(a.completed_at, timeZone)}`
      : a.started_at
        ? `start ${formatTime(a.started_at, timeZone)}`
        : null;
  const parts = [arrived, last].filter((p): p is string => !!p);
  if (parts.length === 0) return null;
  const spoken = [
    a.arrived_at ? `arrived ${formatTime(a.arrived_at, timeZone)}${lateBy ? `, ${lateBy} minutes late` : ''}` : null,
    last
      ?.replace(/^left/, 'departed')
      .replace(/^done/, 'completed')
      .replace(/^start/, 'started'),
  ].filter(Boolean);
  return { text: parts.join(' · '), spoken: spoken.join(', '), tone: lateBy ? 'font-semibold' : 'font-normal opacity-90' };
}
