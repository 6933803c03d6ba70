'use client';

import { DndContext } from '@dnd-kit/core';
import { useQuery } from '@tanstack/react-query';
import { useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { canEditBoard, useSite } from '@/components/providers';
import { apiFetch } from '@/lib/api-client';
import { type PackedBoard, unpackBoard } from '@/lib/board-wire';
import type { Assignment } from '@/lib/schemas/assignments';
import type { Board } from '@/lib/schemas/board';
import type { DayKpis } from '@/lib/schemas/kpis';
import type { Load } from '@/lib/schemas/loads';
import { dayOf } from '@/lib/zoned-time';
import { boardQueryKey, boardUrl, shownOnBoard, type BoardKey } from '@/components/board/board-model';
import { BoardKpis } from '@/components/board/board-kpis';
import { BoardToolbar } from '@/components/board/board-toolbar';
import { ConflictDialog } from '@/components/board/conflict-dialog';
import { EditDialog } from '@/components/board/edit-dialog';
import { PlanDialog } from '@/components/board/plan-dialog';
import { focusLoad } from '@/components/board/plan-focus';
import { Timeline, type TimelineHandle } from '@/components/board/timeline';
import { BlockGateActions } from '@/components/board/block-gate-actions';
import { UnassignedList } from '@/components/board/unassigned-list';
import { isPlaceholder, useBoardMutations, type Conflict } from '@/components/board/use-board-mutations';
import { useBoardFilters } from '@/components/board/use-board-filters';
import { useBoardSocket } from '@/components/board/use-board-socket';
import { useGateMutations } from '@/components/board/use-gate-mutations';
import { useSearchJump } from '@/components/board/use-search-jump';
import { KeyboardMoveHelp, useKeyboardMove } from '@/components/board/keyboard-move';
import { useBoardDrag } from '@/components/board/use-board-drag';
import { useToast } from '@/components/ui/toasts';
import { YardPanel } from '@/components/board/yard-panel';
import { RequestDecision } from '@/components/board/request-decision';
import { RequestsButton } from '@/components/board/requests-button';
import { RequestsPanel } from '@/components/board/requests-panel';
import { useRequests } from '@/components/board/use-requests';
import { isRequested } from '@/lib/requested-style';

const HIGHLIGHT_MS = 2_000;

/** The operators' board: one day, ramps as rows, live. */
export function BoardScreen({ packed, direction, kpis }: { packed: PackedBoard; direction: BoardKey['direction']; kpis?: DayKpis | null }) {
  const initial = useMemo(() => unpackBoard(packed), [packed]);
  const { user, timeZone, locale } = useSite();
  const router = useRouter();
  const params = useSearchParams();
  const editable = canEditBoard(user.role);
  const [key, setKey] = useState<BoardKey>({ date: initial.date, direction });
  const { data: board = initial, isFetching } = useQuery({
    queryKey: boardQueryKey(key),
    queryFn: ({ signal }) => apiFetch<Board>(boardUrl(key), { signal }),
    initialData: key.date === initial.date && key.direction === direction ? initial : undefined,
    placeholderData: (previous) => previous,
  });

  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(t);
  }, []);

  const [highlighted, setHighlighted] = useState<ReadonlySet<number>>(new Set());
  const onChanged = useCallback((ids: number[]) => {
    if (!ids.length) return;
    setHighlighted((h) => new Set([...h, ...ids]));
    setTimeout(() => setHighlighted((h) => new Set([...h].filter((id) => !ids.includes(id)))), HIGHLIGHT_MS);
  }, []);
  const connection = useBoardSocket(initial.seq, onChanged, user.id);

  const [conflict, setConflict] = useState<Conflict | null>(null);
  const { save, create, remove, plan, applyMine } = useBoardMutations(setConflict);
  const [planning, setPlanning] = useState<Load | null>(null);
  const gate = useGateMutations();
  const [editing, setEditing] = useState<Assignment | null>(null);
  // A placeholder (a plan on its way to the server) has nothing to edit yet.
  const openEditor = useCallback((a: Assignment) => setEditing(isPlaceholder(a) ? null : a), []);
  const [search, setSearch] = useState('');
  const timeline = useRef<TimelineHandle>(null);
  // Focus after a dialog whose block or card is gone: the load's block (scrolled to), its card, or the side list.
  const latestBoard = useRef(board);
  latestBoard.current = board;
  const focusAfter = (load: { id: number; reference: string }) =>
    focusLoad(
      load,
      () => latestBoard.current.assignments.find((a) => a.load_id === load.id && !isPlaceholder(a)),
      (rampId, at) => {
        timeline.current?.scrollToRamp(rampId);
        timeline.current?.scrollToTime(at);
      },
    );

  const ramps = useMemo(
    () => board.ramps.filter((r) => r.is_active && (key.direction === 'all' || r.kind === 'BOTH' || r.kind === key.direction)),
    [board.ramps, key.direction],
  );
  const byRamp = useMemo(() => {
    const map = new Map<number, Assignment[]>();
    // A planned load's placeholder goes once the real block is there (its event may come before the action's answer).
    const real = board.assignments.some(isPlaceholder) ? new Set(board.assignments.filter((a) => !isPlaceholder(a)).map((a) => a.load_id)) : null;
    for (const a of board.assignments) {
      if (real && isPlaceholder(a) && real.has(a.load_id)) continue;
      if (!shownOnBoard(a)) continue;
      const list = map.get(a.ramp_id);
      if (list) list.push(a);
      else map.set(a.ramp_id, [a]);
    }
    return map;
  }, [board.assignments]);
  const filters = useBoardFilters({ ramps, byRamp, yard: board.yard, now, search });
  const matches = filters.matches;

  // Shows the first match once per search: when the text or a filter changes, or when a match first arrives
  // live for a search already typed (a booking made meanwhile); never again on later events.
  const jumpedFor = useRef<string | null>(null);
  const hasMatch = !!matches && matches.size > 0;
  // A new search (the same text typed again included) may jump again; runs before the jump below.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset on every change of the search, nothing else
  useEffect(() => {
    jumpedFor.current = null;
  }, [filters.key]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: only when the search changes or its first match appears, not on every event
  useEffect(() => {
    if (!matches || !hasMatch || jumpedFor.current !== null) return;
    const first = board.assignments.find((a) => matches.has(a.id));
    if (first) {
      jumpedFor.current = filters.key;
      timeline.current?.scrollToRamp(first.ramp_id);
      timeline.current?.scrollToTime(Date.parse(first.eta_in));
    }
  }, [filters.key, hasMatch]);

  const navigate = (next: BoardKey) => {
    setKey(next);
    const q = new URLSearchParams(params.toString());
    q.set('date', next.date);
    if (next.direction === 'all') q.delete('direction');
    else q.set('direction', next.direction);
    router.replace(`/board?${q.toString()}`, { scroll: false });
  };

  // Moving and planning by pointer drag and by keyboard (components/board/use-board-drag.tsx, keyboard-move.tsx).
  const toast = useToast();
  const dayStart = Date.parse(board.day_start);
  const dayEnd = Date.parse(board.day_end);
  const drag = useBoardDrag({ ramps, byRamp, dayStart, timeZone, locale, timeline, save, create, toast });
  const keyboard = useKeyboardMove({ ramps, byRamp, dayStart, dayEnd, timeZone, locale, editable, timeline, save, toast });
  const moveView = useMemo(
    () => ({ target: keyboard.target ?? drag.target, refusals: drag.refusals, moving: keyboard.moving }),
    [keyboard.target, keyboard.moving, drag.target, drag.refusals],
  );

  const today = dayOf(new Date(now), timeZone);
  const jump = useSearchJump({ board, boardKey: key, today, navigate, setSearch, timeline, flash: onChanged });
  // Requested bookings (SPEC §9): the toolbar's Requests list, and Approve / Decline in a requested block's dialog.
  const requests = useRequests(now);
  const [requestsOpen, setRequestsOpen] = useState(false);
  const editingNow = editing ? (board.assignments.find((a) => a.id === editing.id) ?? editing) : null;
  return (
    <DndContext {...drag.context}>
      {/* A fixed height (not flex-1) so the timeline scrolls inside and virtualizes its rows. */}
      <div className="flex min-h-0 flex-none flex-col" style={{ height: 'calc(100dvh - 3.5rem)' }}>
        <BoardToolbar
          boardKey={key}
          today={today}
          onNavigate={navigate}
          search={search}
          onSearch={setSearch}
          matchCount={search.trim() ? (matches?.size ?? null) : null}
          connection={connection}
          loading={isFetching}
          counts={{ assignments: board.assignments.length, ramps: ramps.length }}
          timeZone={timeZone}
          backlogFrom={board.backlog_from}
          onJump={jump.fromSearch}
          editable={editable}
          statuses={board.statuses}
          filters={filters}
          requests={<RequestsButton count={requests.items.length} onOpen={() => setRequestsOpen(true)} />}
        />
        <div className="border-b border-slate-200 bg-white px-4 py-1.5">
          <BoardKpis boardKey={key} initial={kpis} counts={filters.counts} active={filters.exception} onToggle={filters.toggleException} />
        </div>
        <div className="flex min-h-0 flex-1">
          <Timeline
            ref={timeline}
            ramps={ramps}
            byRamp={byRamp}
            dayStart={dayStart}
            dayEnd={dayEnd}
            now={now}
            timeZone={timeZone}
            editable={editable}
            highlighted={highlighted}
            matches={matches}
            onOpen={openEditor}
            view={moveView}
            keys={keyboard.keys}
          />
          <div className="flex w-72 shrink-0 flex-col border-l border-slate-200 bg-slate-50">
            <YardPanel yard={board.yard} timeZone={timeZone} editable={editable} gate={gate} />
            <UnassignedList
              loads={board.unassigned_loads}
              timeZone={timeZone}
              editable={editable}
              search={search}
              onCheckIn={gate.checkIn}
              onPlan={editable ? setPlanning : undefined}
            />
          </div>
        </div>
      </div>
      {drag.overlay}
      <KeyboardMoveHelp said={keyboard.said} />
      {editing ? (
        <EditDialog
          key={editing.id}
          base={editing}
          latest={board.assignments.find((a) => a.id === editing.id)}
          ramps={board.ramps}
          statuses={board.statuses}
          timeZone={timeZone}
          editable={editable}
          onClose={() => setEditing(null)}
          returnFocus={focusAfter({ id: editing.load_id, reference: editing.load.reference })}
          onSave={async (changes) => (await save(editing, changes)) !== null}
          onDelete={() => remove(board.assignments.find((a) => a.id === editing.id) ?? editing)}
          extra={
            editingNow && isRequested(editingNow) ? (
              <RequestDecision a={editingNow} booking={requests.find(editingNow.id)} requests={requests} onDone={() => setEditing(null)} />
            ) : (
              <BlockGateActions
                a={editingNow ?? editing}
                timeZone={timeZone}
                editable={editable}
                gate={gate}
                onDone={(saved) => setEditing((e) => (e && e.id === saved.id && saved.version > e.version ? saved : e))}
              />
            )
          }
        />
      ) : null}
      <ConflictDialog
        conflict={conflict}
        ramps={board.ramps}
        statuses={board.statuses}
        onKeepTheirs={() => setConflict(null)}
        onApplyMine={(c) => {
          setConflict(null);
          applyMine(c);
        }}
        returnFocus={conflict ? focusAfter({ id: conflict.theirs.load_id, reference: conflict.theirs.load.reference }) : undefined}
      />
      {requestsOpen ? (
        <RequestsPanel
          requests={requests}
          onClose={() => setRequestsOpen(false)}
          onShow={(b) => {
            setRequestsOpen(false);
            jump.to({ date: dayOf(new Date(b.eta_in), timeZone), direction: b.direction, assignmentId: b.id, focus: true });
          }}
        />
      ) : null}
      {planning ? (
        <PlanDialog
          key={planning.id}
          load={planning}
          ramps={board.ramps}
          assignments={board.assignments}
          timeZone={timeZone}
          onClose={() => setPlanning(null)}
          onPlan={(rampId, etaIn, etaOut) => plan(planning, rampId, etaIn, etaOut)}
          returnFocus={focusAfter(planning)}
        />
      ) : null}
    </DndContext>
  );
}
