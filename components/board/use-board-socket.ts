'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { io } from 'socket.io-client';
import { BOARD_NAMESPACE, CAUGHT_UP_EVENT, RESYNC_EVENT, type BoardEventMessage } from '@/lib/realtime';
import type { Board } from '@/lib/schemas/board';
import { applyEvent, type BoardKey } from '@/components/board/board-model';

export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'offline';

const EVENT_TYPES = ['assignment', 'ramp', 'load', 'status'].flatMap((e) => ['created', 'updated', 'deleted'].map((a) => `${e}_${a}`));
/** Past this long offline, refetch everything on reconnect even if the replay would fit. */
const LONG_DISCONNECT_MS = 5 * 60_000;
const RETRY_MS = 1_000;
const RETRY_MAX_MS = 15_000;

/**
 * One Socket.IO connection for the board: events are queued and applied to
 * every cached day in one batch per frame; each reconnect sends the last seq
 * seen so the server replays what was missed.
 */
export function useBoardSocket(initialSeq: number, onChanged: (ids: number[], byOthers: boolean) => void, selfId: number): ConnectionState {
  const queryClient = useQueryClient();
  const [state, setState] = useState<ConnectionState>('connecting');
  const seq = useRef(initialSeq);
  const onChangedRef = useRef(onChanged);
  onChangedRef.current = onChanged;

  useEffect(() => {
    let queue: BoardEventMessage[] = [];
    let scheduled = 0;
    let disconnectedAt = 0;
    // Recent events, for a day fetched while they were arriving (its seq is older than ours).
    const recent: BoardEventMessage[] = [];
    const reconcile = (queryKey: readonly unknown[], board: Board | undefined, events: BoardEventMessage[]) => {
      if (!board) return;
      const direction = (queryKey[2] ?? 'all') as BoardKey['direction'];
      let next = board;
      for (const e of events) if (e.seq > next.seq) next = applyEvent(next, direction, e);
      if (next !== board) queryClient.setQueryData(queryKey, next);
    };
    const unsubscribe = queryClient.getQueryCache().subscribe((event) => {
      if (event.type === 'updated' && event.action.type === 'success' && event.query.queryKey[0] === 'board') {
        const board = event.query.state.data as Board | undefined;
        if (board && board.seq < seq.current) reconcile(event.query.queryKey, board, recent);
      }
    });
    const flush = () => {
      scheduled = 0;
      const batch = queue;
      queue = [];
      recent.push(...batch);
      if (recent.length > 1000) recent.splice(0, recent.length - 1000);
      for (const query of queryClient.getQueryCache().findAll({ queryKey: ['board'] })) {
        reconcile(query.queryKey, query.state.data as Board | undefined, batch);
      }
      const changed = batch.filter((e) => e.type.startsWith('assignment_'));
      if (changed.length) {
        const byOthers = changed.filter((e) => e.user_id !== selfId);
        onChangedRef.current(byOthers.map((e) => e.assignment_id!), byOthers.length > 0);
      }
    };
    const socket = io(BOARD_NAMESPACE, {
      transports: ['websocket'],
      auth: (cb) => cb({ since: seq.current }),
      reconnectionDelay: 500,
      reconnectionDelayMax: 10_000,
    });
    for (const type of EVENT_TYPES) {
      socket.on(type, (e: BoardEventMessage) => {
        if (e.seq <= seq.current) return;
        seq.current = e.seq;
        queue.push(e);
        if (!scheduled) scheduled = window.setTimeout(flush, 16);
      });
    }
    socket.on(CAUGHT_UP_EVENT, () => {
      setState('live');
      if (disconnectedAt && Date.now() - disconnectedAt > LONG_DISCONNECT_MS) void queryClient.invalidateQueries({ queryKey: ['board'] });
      disconnectedAt = 0;
    });
    socket.on(RESYNC_EVENT, (m: { seq: number }) => {
      seq.current = m.seq;
      void queryClient.invalidateQueries({ queryKey: ['board'] });
    });
    // Socket.IO retries transport failures by itself, but not a server-side
    // disconnect (catch-up failed, restart, session ended) nor a refusal by the
    // namespace (`unavailable`, `too_many_connections`, `unauthorized`): retry
    // those with a growing delay; auth decides, and `since` replays the gap.
    let retryTimer = 0;
    let retries = 0;
    const retry = () => {
      if (retryTimer || socket.active) return;
      const delay = Math.min(RETRY_MAX_MS, RETRY_MS * 2 ** retries++) * (0.5 + Math.random());
      retryTimer = window.setTimeout(() => {
        retryTimer = 0;
        if (!socket.connected && !socket.active) socket.connect();
      }, delay);
    };
    socket.on('connect', () => (retries = 0));
    socket.on('disconnect', (reason) => {
      disconnectedAt ||= Date.now();
      setState(navigator.onLine ? 'reconnecting' : 'offline');
      if (reason === 'io server disconnect') retry();
    });
    socket.on('connect_error', () => {
      setState(navigator.onLine ? 'reconnecting' : 'offline');
      if (!socket.active) retry();
    });
    const offline = () => setState('offline');
    const online = () => setState('reconnecting');
    window.addEventListener('offline', offline);
    window.addEventListener('online', online);
    return () => {
      unsubscribe();
      window.clearTimeout(scheduled);
      window.clearTimeout(retryTimer);
      window.removeEventListener('offline', offline);
      window.removeEventListener('online', online);
      socket.disconnect();
    };
  }, [queryClient, selfId]);

  return state;
}
