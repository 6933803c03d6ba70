'use client';

import { useDraggable } from '@dnd-kit/core';
import { memo } from 'react';
import { arrivalDelayMinutes, flagsOf, hasArrived, isNoShow, LATE_TOLERANCE_MS } from '@/lib/board-rules';
import type { Assignment } from '@/lib/schemas/assignments';
import { isRequested, REQUESTED_HATCH_LIGHT, requestedLabel } from '@/lib/requested-style';
import { statusStyle } from '@/lib/status-colors';
import { useSite } from '@/components/providers';
import { formatClock } from '@/lib/zoned-time';
import type { BlockKeys } from '@/components/board/timeline';

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
  /** Where a keyboard move would put it: shown in place of its plan until dropped or cancelled. */
  moving: BlockMove | null;
  keys: BlockKeys;
};

export type BlockMove = { dx: number; dy: number; start: number; end: number; refused: boolean };

const HOUR = 3_600_000;

/**
 * One assignment on the timeline: always labelled (reference, flag, times, status), never colour alone. Its accessible
 * name is its text (the full text; what a short block cannot show is in its tooltip and read out, not cut to "IB-2026-…").
 */
export const AssignmentBlock = memo(function AssignmentBlock({ a, left, width, timeZone, now, editable, highlighted, dimmed, onOpen, moving, keys }: Props) {
  // A placeholder (negative id: a plan on its way to the server) cannot move yet.
  const movable = editable && a.id > 0;
  const { listeners, setNodeRef, isDragging } = useDraggable({ id: `a:${a.id}`, data: { assignment: a }, disabled: !movable });
  const style = statusStyle(a.status.color);
  const { late, overdue } = flagsOf(a, now);
  // A no-show that has not come at all says so; one that came after its window shows its arrival instead.
  const noShow = isNoShow(a, now) && !hasArrived(a, now);
  const flag = noShow ? 'No-show' : overdue ? 'Overdue' : late ? 'Late' : null;
  const { locale } = useSite();
  const formatTime = (at: string | Date | number, tz: string) => formatClock(at, tz, locale);
  const actual = actualOf(a, timeZone, locale);
  const start = moving ? new Date(moving.start) : a.eta_in;
  const end = moving ? new Date(moving.end) : a.eta_out;
  // A requested booking (SPEC §9) is hatched and always says "Requested": waiting for the site's approval.
  const requested = isRequested(a);
  const times = `${formatTime(start, timeZone)}–${formatTime(end, timeZone)} · ${requested ? requestedLabel(a.status.label) : a.status.label}`;
  const short = Date.parse(a.eta_out) - Date.parse(a.eta_in) <= HOUR;
  const full = [a.load.reference, flag ? `⚠ ${flag}` : null, actual?.text, times].filter(Boolean).join(' · ');
  // A picked-up block's ring says whether it can go there (red: refused); inline, so the focus ring does not hide it.
  const ring = moving ? `0 0 0 2px #fff, 0 0 0 4px ${moving.refused ? '#b91c1c' : '#1d4ed8'}, 0 10px 15px -3px rgb(0 0 0 / 0.2)` : undefined;
  return (
    <button
      ref={setNodeRef}
      type="button"
      {...(movable ? listeners : {})}
      onKeyDown={(e) => keys.onKeyDown(a, e)}
      // Space picks a block up (keys.onKeyDown); it never clicks it open: Enter does.
      onKeyUp={(e) => (e.key === ' ' ? e.preventDefault() : undefined)}
      onBlur={() => keys.onBlur(a)}
      onClick={() => onOpen(a)}
      data-testid={`block-${a.load.reference}`}
      data-block-id={a.id}
      data-ramp={a.ramp.code}
      data-version={a.version}
      data-moving={moving ? 'true' : undefined}
      data-requested={requested ? 'true' : undefined}
      aria-describedby={movable ? keys.describedBy : undefined}
      title={full}
      className={`keep-light absolute top-1 bottom-1 flex flex-col overflow-hidden rounded-md border-l-4 text-left leading-tight shadow-sm transition-[opacity,box-shadow] focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-700 ${
        short ? 'justify-start px-1 pt-0.5 text-[11px] focus-visible:z-[15] focus-visible:min-w-max' : 'justify-center px-2 text-xs'
      } ${isDragging ? 'opacity-40' : editable ? 'cursor-grab' : 'cursor-pointer'} ${moving ? 'z-[15]' : ''} ${
        highlighted ? 'animate-flash' : ''
      } ${dimmed ? 'border-dashed shadow-none grayscale' : ''}`}
      style={{
        left,
        width: Math.max(width, 6),
        backgroundColor: style.bg,
        backgroundImage: requested ? REQUESTED_HATCH_LIGHT : undefined,
        borderLeftColor: style.border,
        color: style.text,
        transform: moving ? `translate3d(${moving.dx}px, ${moving.dy}px, 0)` : undefined,
        boxShadow: ring,
        outline: flag ? `2px ${noShow ? 'dashed' : 'solid'} ${noShow || overdue ? '#dc2626' : '#ea580c'}` : undefined,
        outlineOffset: -2,
        // Keep a focused or scrolled-to block clear of the sticky ramp column.
        scrollMarginLeft: 184,
        scrollMarginRight: 24,
      }}
    >
      {/* The reference and the flag first: what a short block must never lose. */}
      <span className={short ? 'flex flex-col' : 'flex min-w-0 items-baseline gap-1.5'}>
        {/* Two lines at most on a short block, so its flag's line always shows (focus widens it to the whole reference; hover shows its tooltip). */}
        <span className={short ? 'line-clamp-2 font-semibold [overflow-wrap:anywhere]' : 'truncate font-semibold'}>{a.load.reference}</span>
        {flag ? (
          <strong className={`shrink-0 ${short ? 'truncate' : ''} ${flagTone(noShow || overdue, requested)}`}>
            <span className="sr-only">, </span>⚠ {flag}
          </strong>
        ) : null}
        {actual && !short ? (
          <span data-testid="block-actual" className={`min-w-0 truncate tabular-nums ${actual.tone}`}>
            <span className="sr-only">, </span>
            {actual.text}
          </span>
        ) : null}
      </span>
      {actual && short ? (
        <span data-testid="block-actual" className={`truncate tabular-nums ${actual.tone}`}>
          <span className="sr-only">, </span>
          {actual.text}
        </span>
      ) : null}
      <span className="truncate">
        <span className="sr-only">, </span>
        {times}
      </span>
    </button>
  );
});

const LATE_MINUTES = LATE_TOLERANCE_MS / 60_000;

/** A flag's colour; a shade darker on a hatched block, so it keeps 4.5:1 on the darker stripes too. */
const flagTone = (red: boolean, hatched: boolean) => (red ? (hatched ? 'text-red-800' : 'text-red-700') : hatched ? 'text-orange-800' : 'text-orange-700');

/**
 * What actually happened, beside the plan: the arrival ("arr 08:12", with the
 * minutes late once past the 15 minutes' tolerance: "arr 08:42 +27") and the
 * latest step after it. In words, not colour alone; the status colours stay.
 */
function actualOf(a: Assignment, timeZone: string, locale: string): { text: string; tone: string } | null {
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
  return { text: parts.join(' · '), tone: lateBy ? 'font-semibold' : 'font-normal opacity-90' };
}
