'use client';

import { useDraggable } from '@dnd-kit/core';
import { memo } from 'react';
import { flagsOf } from '@/lib/board-rules';
import type { Assignment } from '@/lib/schemas/assignments';
import { statusStyle } from '@/lib/status-colors';
import { formatTime } from '@/lib/zoned-time';

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
  const flag = overdue ? 'Overdue' : late ? 'Late' : null;
  return (
    <button
      ref={setNodeRef}
      type="button"
      {...(editable ? { ...attributes, ...listeners } : {})}
      onClick={() => onOpen(a)}
      data-testid={`block-${a.load.reference}`}
      data-ramp={a.ramp.code}
      data-version={a.version}
      aria-label={`${a.load.reference}, ${a.status.label}, ${formatTime(a.eta_in, timeZone)} to ${formatTime(a.eta_out, timeZone)}${flag ? `, ${flag}` : ''}`}
      className={`absolute top-1 bottom-1 flex flex-col justify-center overflow-hidden rounded-md border-l-4 px-2 text-left text-xs leading-tight shadow-sm transition-[opacity,box-shadow] focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-700 ${
        isDragging ? 'z-20 cursor-grabbing opacity-90 shadow-xl' : editable ? 'cursor-grab' : 'cursor-pointer'
      } ${highlighted ? 'animate-flash' : ''} ${dimmed ? 'opacity-30' : ''}`}
      style={{
        left,
        width: Math.max(width, 6),
        background: style.bg,
        borderLeftColor: style.border,
        color: style.text,
        transform: transform ? `translate3d(${transform.x}px, ${transform.y}px, 0)` : undefined,
        outline: flag ? `2px solid ${overdue ? '#dc2626' : '#ea580c'}` : undefined,
        outlineOffset: -2,
        // Keep a focused or scrolled-to block clear of the sticky ramp column.
        scrollMarginLeft: 184,
        scrollMarginRight: 24,
      }}
    >
      <span className="truncate font-semibold">{a.load.reference}</span>
      <span className="truncate">
        {formatTime(a.eta_in, timeZone)}–{formatTime(a.eta_out, timeZone)} · {a.status.label}
        {flag ? <strong className={overdue ? 'ml-1 text-red-700' : 'ml-1 text-orange-700'}> ⚠ {flag}</strong> : null}
      </span>
    </button>
  );
});
