'use client';

import { DragOverlay, PointerSensor, useSensor, useSensors, type Active, type Announcements, type DragStartEvent } from '@dnd-kit/core';
import { useCallback, useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import type { Assignment } from '@/lib/schemas/assignments';
import type { Load } from '@/lib/schemas/loads';
import type { Ramp } from '@/lib/schemas/ramps';
import { directionRefusal } from '@/lib/ramp-refusal';
import { formatClock } from '@/lib/zoned-time';
import { snapMinutes } from '@/components/board/board-model';
import { DragGhost } from '@/components/board/drag-ghost';
import { cardStart, plannedDuration, refusalOf, stepText, type DropTarget } from '@/components/board/drag-rules';
import { HEADER_HEIGHT, LABEL_WIDTH, type TimelineHandle } from '@/components/board/timeline';
import type { AssignmentChanges } from '@/components/board/use-board-mutations';

/** Auto-scroll only with the pointer this close to the timeline's edge, and only after it stayed there a moment. */
const EDGE_PX = 32;
const DWELL_MS = 400;
const MAX_SPEED_PX = 14;

export type Dragged = { kind: 'block'; a: Assignment; grab: number } | { kind: 'card'; load: Load };
type Deps = {
  ramps: Ramp[];
  byRamp: Map<number, Assignment[]>;
  dayStart: number;
  timeZone: string;
  locale: string;
  timeline: RefObject<TimelineHandle | null>;
  save: (a: Assignment, changes: AssignmentChanges) => Promise<Assignment | null>;
  create: (load: Load, rampId: number, etaIn: string, etaOut: string) => Promise<Assignment | null>;
  toast: (text: string, tone?: 'info' | 'error' | 'success') => void;
};

const referenceOf = (d: Dragged) => (d.kind === 'block' ? d.a.load.reference : d.load.reference);
const sameTarget = (x: DropTarget | null, y: DropTarget | null) =>
  x === y || (!!x && !!y && x.rampId === y.rampId && x.start === y.start && x.end === y.end && x.reason === y.reason);

/**
 * Pointer drags of blocks and load cards: the ramp and time under the pointer (read from the timeline, so
 * scrolling is accounted for) shown in a ghost and on the row before the drop, refusals in plain words, a
 * toast for any drop that changes nothing, and an edge auto-scroll that waits for the pointer to rest there.
 */
export function useBoardDrag(deps: Deps) {
  const [dragged, setDragged] = useState<Dragged | null>(null);
  const [target, setTarget] = useState<DropTarget | null>(null);
  const live = useRef({ deps, dragged: null as Dragged | null, target: null as DropTarget | null, last: null as DropTarget | null, x: 0, y: 0 });
  live.current.deps = deps;

  const locate = useCallback(() => {
    const s = live.current;
    const d = s.dragged;
    const hit = d && s.deps.timeline.current?.targetAt(s.x, s.y);
    let next: DropTarget | null = null;
    if (d && hit) {
      const { byRamp, dayStart, timeZone, locale } = s.deps;
      const start =
        d.kind === 'block' ? Date.parse(d.a.eta_in) + snapMinutes(hit.time - d.grab - Date.parse(d.a.eta_in)) : cardStart(hit.time, d.load, dayStart);
      const end = start + (d.kind === 'block' ? Date.parse(d.a.eta_out) - Date.parse(d.a.eta_in) : plannedDuration(d.load));
      const direction = d.kind === 'block' ? d.a.load.direction : d.load.direction;
      const self = d.kind === 'block' ? d.a.id : null;
      const reason = refusalOf(hit.ramp, byRamp.get(hit.ramp.id) ?? [], direction, start, end, self, timeZone, locale);
      next = { rampId: hit.ramp.id, rampCode: hit.ramp.code, start, end, reason, reference: referenceOf(d) };
    }
    if (!sameTarget(next, s.target)) {
      s.target = next;
      setTarget(next);
    }
  }, []);

  // The pointer's last position, always (a drag starts with it); while dragging, what it is over.
  useEffect(() => {
    const track = (e: PointerEvent) => {
      live.current.x = e.clientX;
      live.current.y = e.clientY;
      if (live.current.dragged) locate();
    };
    window.addEventListener('pointermove', track, { passive: true });
    return () => window.removeEventListener('pointermove', track);
  }, [locate]);

  // Edge auto-scroll of the timeline; the time under the pointer follows the scroll (the ghost shows it).
  useEffect(() => {
    if (!dragged) return;
    const el = deps.timeline.current?.element();
    if (!el) return;
    el.addEventListener('scroll', locate, { passive: true });
    let since = 0;
    let frame = requestAnimationFrame(function tick(now) {
      const { x, y } = live.current;
      const box = el.getBoundingClientRect();
      const left = box.left + el.clientLeft + LABEL_WIDTH;
      const right = box.left + el.clientLeft + el.clientWidth;
      const top = box.top + el.clientTop + HEADER_HEIGHT;
      const bottom = box.top + el.clientTop + el.clientHeight;
      const speed = (depth: number) => Math.ceil((MAX_SPEED_PX * Math.min(depth, EDGE_PX)) / EDGE_PX);
      const inX = x >= left && x < right;
      const inY = y >= top && y < bottom;
      const dx = !inY ? 0 : x >= right - EDGE_PX && x < right ? speed(x - (right - EDGE_PX)) : x >= left && x < left + EDGE_PX ? -speed(left + EDGE_PX - x) : 0;
      const dy = !inX ? 0 : y >= bottom - EDGE_PX && y < bottom ? speed(y - (bottom - EDGE_PX)) : y >= top && y < top + EDGE_PX ? -speed(top + EDGE_PX - y) : 0;
      if (!dx && !dy) since = 0;
      else if (!since) since = now;
      else if (now - since >= DWELL_MS) el.scrollBy(dx, dy);
      frame = requestAnimationFrame(tick);
    });
    return () => {
      cancelAnimationFrame(frame);
      el.removeEventListener('scroll', locate);
    };
  }, [dragged, deps.timeline, locate]);

  const finish = () => {
    const s = live.current;
    const d = s.dragged;
    const t = s.target;
    s.dragged = null;
    s.target = null;
    // For the announcement of the drop, which dnd-kit asks for after onDragEnd.
    s.last = t;
    setDragged(null);
    setTarget(null);
    return { d, t };
  };

  const onDragStart = ({ active, activatorEvent }: DragStartEvent) => {
    const a = active.data.current?.assignment as Assignment | undefined;
    const load = active.data.current?.load as Load | undefined;
    const s = live.current;
    const start = activatorEvent as PointerEvent;
    s.x = start.clientX;
    s.y = start.clientY;
    const hit = s.deps.timeline.current?.targetAt(s.x, s.y);
    const d: Dragged | null = a ? { kind: 'block', a, grab: hit ? hit.time - Date.parse(a.eta_in) : 0 } : load ? { kind: 'card', load } : null;
    s.dragged = d;
    setDragged(d);
    locate();
  };

  const onDragEnd = async () => {
    locate();
    const { d, t } = finish();
    if (!d) return;
    const { toast, timeZone, locale } = live.current.deps;
    const ref = referenceOf(d);
    const not = d.kind === 'block' ? `${ref} was not moved` : `${ref} was not planned`;
    if (!t) return toast(`${not}: drop it on a ramp row.`, 'info');
    if (t.reason) return toast(`${not}: ${t.reason}.`, 'error');
    if (d.kind === 'card') {
      await live.current.deps.create(d.load, t.rampId, new Date(t.start).toISOString(), new Date(t.end).toISOString());
      return;
    }
    const { a } = d;
    const shifted = t.start !== Date.parse(a.eta_in);
    if (t.rampId === a.ramp_id && !shifted) return toast(`${ref} stays on ${t.rampCode} at ${formatClock(a.eta_in, timeZone, locale)}.`, 'info');
    const changes: AssignmentChanges = {
      ...(t.rampId !== a.ramp_id ? { ramp_id: t.rampId } : {}),
      ...(shifted ? { eta_in: new Date(t.start).toISOString(), eta_out: new Date(t.end).toISOString() } : {}),
    };
    await live.current.deps.save(a, changes);
  };

  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 6 } }));
  const accessibility = useMemo(() => ({ screenReaderInstructions: { draggable: POINTER_HELP }, announcements: announcements(live) }), []);

  // Ramps that refuse the dragged load whatever the time: its direction.
  const { ramps } = deps;
  const refusals = useMemo(() => {
    if (!dragged) return null;
    const direction = dragged.kind === 'block' ? dragged.a.load.direction : dragged.load.direction;
    const out = new Map<number, string>();
    for (const r of ramps) {
      const why = directionRefusal(r, direction);
      if (why) out.set(r.id, why);
    }
    return out;
  }, [dragged, ramps]);

  const overlay = (
    <DragOverlay dropAnimation={null} zIndex={1000}>
      {dragged ? <DragGhost dragged={dragged} target={target} timeZone={deps.timeZone} /> : null}
    </DragOverlay>
  );
  return {
    context: { sensors, accessibility, autoScroll: false, onDragStart, onDragEnd: () => void onDragEnd(), onDragCancel: () => void finish() },
    target,
    refusals,
    overlay,
  };
}

const POINTER_HELP = 'Drag onto a ramp row with a mouse or a finger: the ramp and the time under the pointer are shown while dragging.';

const referenceIn = (active: Active) =>
  (active.data.current?.assignment as Assignment | undefined)?.load.reference ?? (active.data.current?.load as Load | undefined)?.reference ?? 'The load';

function announcements(live: RefObject<{ last: DropTarget | null; deps: Deps }>): Announcements {
  return {
    onDragStart: ({ active }) => `Picked up ${referenceIn(active)}.`,
    onDragOver: () => undefined,
    onDragEnd: ({ active }) => {
      const t = live.current.last;
      return t ? stepText(t, live.current.deps.timeZone, live.current.deps.locale) : `${referenceIn(active)} dropped outside the ramps; nothing changed.`;
    },
    onDragCancel: ({ active }) => `Dragging ${referenceIn(active)} was cancelled; nothing changed.`,
  };
}
