'use client';

import { useCallback, useMemo, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import type { Assignment } from '@/lib/schemas/assignments';
import type { Ramp } from '@/lib/schemas/ramps';
import { formatClock } from '@/lib/zoned-time';
import { refusalOf, stepText, type DropTarget } from '@/components/board/drag-rules';
import { PX_PER_HOUR, ROW_HEIGHT, type BlockKeys, type MoveView, type TimelineHandle } from '@/components/board/timeline';
import type { AssignmentChanges } from '@/components/board/use-board-mutations';

const MINUTE = 60_000;
const STEP = 15 * MINUTE;
const HOUR = 60 * MINUTE;
export const BLOCK_KEYS_ID = 'block-keys-help';

/** The block's real keyboard map (its aria-describedby), in place of dnd-kit's "press space bar to pick up…". */
export const BLOCK_KEYS =
  'Enter opens its details. To move it: Space picks it up; arrow up and down change the ramp, arrow left and right move it by 15 minutes ' +
  '(with Shift, by an hour); Enter or Space drops it there; Escape cancels.';

type Move = { a: Assignment; origin: number; index: number; shift: number };
type Deps = {
  ramps: Ramp[];
  byRamp: Map<number, Assignment[]>;
  dayStart: number;
  dayEnd: number;
  timeZone: string;
  locale: string;
  editable: boolean;
  timeline: RefObject<TimelineHandle | null>;
  save: (a: Assignment, changes: AssignmentChanges) => Promise<Assignment | null>;
  toast: (text: string, tone?: 'info' | 'error' | 'success') => void;
};

/** Puts focus back on a block once it is rendered again (a move to another ramp renders it in that ramp's row). */
function keepFocus(id: number, ms = 2_000) {
  const until = performance.now() + ms;
  const tick = () => {
    const el = document.querySelector<HTMLElement>(`button[data-block-id="${id}"]`);
    const active = document.activeElement;
    const lost = !active || active === document.body || !active.isConnected;
    if (el && lost) el.focus();
    if (performance.now() < until && (lost || active === el)) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

/**
 * Keyboard moves of blocks (WCAG 2.1.1, 2.5.7): Space picks a focused block up, arrows move it by ramp row
 * (rows shown only) and by 15 minutes, Enter or Space saves it through `save`, Escape cancels; each step is
 * said in the live region. Focus stays on the block throughout and after.
 */
export function useKeyboardMove(deps: Deps) {
  const [move, setMove] = useState<Move | null>(null);
  const [said, setSaid] = useState('');
  const live = useRef({ deps, move });
  live.current.deps = deps;

  const targetOf = useCallback((m: Move): DropTarget => {
    const { ramps, byRamp, timeZone, locale } = live.current.deps;
    const ramp = ramps[m.index]!;
    const start = Date.parse(m.a.eta_in) + m.shift;
    const end = Date.parse(m.a.eta_out) + m.shift;
    const reason = refusalOf(ramp, byRamp.get(ramp.id) ?? [], m.a.load.direction, start, end, m.a.id, timeZone, locale);
    return { rampId: ramp.id, rampCode: ramp.code, start, end, reason, reference: m.a.load.reference };
  }, []);

  const put = useCallback(
    (m: Move | null) => {
      live.current.move = m;
      setMove(m);
      if (m) {
        const t = targetOf(m);
        live.current.deps.timeline.current?.reveal(m.index, t.start, t.end);
      }
    },
    [targetOf],
  );

  const drop = useCallback(
    async (m: Move) => {
      const { deps } = live.current;
      const t = targetOf(m);
      const { a } = m;
      if (t.reason) {
        setSaid(`${t.reason}. ${a.load.reference} is still picked up: move it elsewhere, or press Escape.`);
        deps.toast(`${a.load.reference} was not moved: ${t.reason}.`, 'error');
        return;
      }
      put(null);
      const at = `${t.rampCode} at ${formatClock(new Date(t.start), deps.timeZone, deps.locale)}`;
      if (m.index === m.origin && m.shift === 0) {
        setSaid(`${a.load.reference} stays on ${at}.`);
        return;
      }
      const changes: AssignmentChanges = {
        ...(t.rampId !== a.ramp_id ? { ramp_id: t.rampId } : {}),
        ...(m.shift ? { eta_in: new Date(t.start).toISOString(), eta_out: new Date(t.end).toISOString() } : {}),
      };
      setSaid(`${a.load.reference} dropped on ${at}.`);
      keepFocus(a.id);
      const saved = await deps.save(a, changes);
      setSaid(saved ? `${a.load.reference} moved to ${at}.` : `${a.load.reference} was not moved.`);
      keepFocus(a.id);
    },
    [put, targetOf],
  );

  const cancel = useCallback(
    (m: Move) => {
      put(null);
      const { timeZone, locale } = live.current.deps;
      setSaid(`Move cancelled. ${m.a.load.reference} stays on ${m.a.ramp.code} at ${formatClock(m.a.eta_in, timeZone, locale)}.`);
    },
    [put],
  );

  const onKeyDown = useCallback(
    (a: Assignment, e: KeyboardEvent<HTMLButtonElement>) => {
      const { deps, move: m } = live.current;
      if (!m || m.a.id !== a.id) {
        if (e.key !== ' ' || e.repeat || !deps.editable || a.id < 0 || e.altKey || e.ctrlKey || e.metaKey) return;
        const origin = deps.ramps.findIndex((r) => r.id === a.ramp_id);
        if (origin < 0) return;
        e.preventDefault();
        e.stopPropagation();
        put({ a, origin, index: origin, shift: 0 });
        setSaid(
          `Picked up ${a.load.reference} on ${a.ramp.code} at ${formatClock(a.eta_in, deps.timeZone, deps.locale)}. ${BLOCK_KEYS.split('To move it: ')[1]}`,
        );
        return;
      }
      const step = e.shiftKey ? HOUR : STEP;
      const length = Date.parse(a.eta_out) - Date.parse(a.eta_in);
      const minShift = deps.dayStart - Date.parse(a.eta_in);
      const maxShift = deps.dayEnd - Math.min(length, STEP) - Date.parse(a.eta_in);
      let next: Move | null = null;
      switch (e.key) {
        case 'ArrowUp':
        case 'ArrowDown': {
          const index = m.index + (e.key === 'ArrowUp' ? -1 : 1);
          if (index < 0 || index >= deps.ramps.length) setSaid(`${deps.ramps[m.index]!.code} is the ${index < 0 ? 'first' : 'last'} ramp shown.`);
          else next = { ...m, index };
          break;
        }
        case 'ArrowLeft':
        case 'ArrowRight':
          next = { ...m, shift: Math.min(maxShift, Math.max(minShift, m.shift + (e.key === 'ArrowLeft' ? -step : step))) };
          break;
        case 'Enter':
        case ' ':
          void drop(m);
          break;
        case 'Escape':
          cancel(m);
          break;
        default:
          return;
      }
      e.preventDefault();
      e.stopPropagation();
      if (next) {
        put(next);
        setSaid(stepText(targetOf(next), deps.timeZone, deps.locale));
      }
    },
    [put, drop, cancel, targetOf],
  );

  // Focus leaving a picked-up block (Tab, a click elsewhere) puts it back.
  const onBlur = useCallback(
    (a: Assignment) => {
      const m = live.current.move;
      if (m && m.a.id === a.id) cancel(m);
    },
    [cancel],
  );

  const keys: BlockKeys = useMemo(() => ({ onKeyDown, onBlur, describedBy: BLOCK_KEYS_ID }), [onKeyDown, onBlur]);
  // Recomputed on every render: the ramp's other blocks may change while one is picked up.
  const target = move ? targetOf(move) : null;
  const moving: MoveView['moving'] =
    move && target
      ? {
          id: move.a.id,
          rampId: move.a.ramp_id,
          dx: (move.shift / HOUR) * PX_PER_HOUR,
          dy: (move.index - move.origin) * ROW_HEIGHT,
          start: target.start,
          end: target.end,
          refused: target.reason !== null,
        }
      : null;
  return { keys, target, moving, said };
}

/** The blocks' keyboard map (referenced by their aria-describedby) and the live region that says each step of a move. */
export function KeyboardMoveHelp({ said }: { said: string }) {
  return (
    <>
      <p id={BLOCK_KEYS_ID} hidden>
        {BLOCK_KEYS}
      </p>
      <div aria-live="assertive" aria-atomic="true" className="sr-only" data-testid="move-announcer">
        {said}
      </div>
    </>
  );
}
