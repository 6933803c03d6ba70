'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import { BOARD_EVENT_TYPES } from '@/lib/board-merge';
import { retryRefusedConnects, SOCKET_RECONNECTION } from '@/lib/board-reconnect';
import { BOARD_NAMESPACE, CAUGHT_UP_EVENT, RESYNC_EVENT, type BoardEventMessage, type ClientEvents, type ServerEvents } from '@/lib/realtime';
import type { Board } from '@/lib/schemas/board';
import { applyEvents, type BoardKey } from '@/components/board/board-model';
import { PENDING_QUERY_KEY, type PendingList, touchesRequests } from '@/components/board/requests-model';

export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'offline';

/** Past this long offline, refetch everything on reconnect even if the replay would fit. */
const LONG_DISCONNECT_MS = 5 * 60_000;

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
      const fresh: BoardEventMessage[] = [];
      for (const e of events) if (e.seq > (fresh.at(-1)?.seq ?? board.seq)) fresh.push(e);
      const next = applyEvents(board, direction, fresh);
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
      // The Requests list is the server's (who is waiting, soonest first): refetched when a request changed.
      if (touchesRequests(batch, queryClient.getQueryData<PendingList>(PENDING_QUERY_KEY)?.items)) {
        void queryClient.invalidateQueries({ queryKey: PENDING_QUERY_KEY });
      }
      const changed = batch.filter((e) => e.entity === 'assignment');
      if (changed.length) {
        const byOthers = changed.filter((e) => e.user_id !== selfId);
        onChangedRef.current(
          byOthers.map((e) => e.entity_id),
          byOthers.length > 0,
        );
      }
    };
    const socket: Socket<ServerEvents, ClientEvents> = io(BOARD_NAMESPACE, {
      transports: ['websocket'],
      auth: (cb) => cb({ since: seq.current }),
      ...SOCKET_RECONNECTION,
    });
    const onBoardEvent = (e: BoardEventMessage) => {
      if (e.seq <= seq.current) return;
      seq.current = e.seq;
      queue.push(e);
      if (!scheduled) scheduled = window.setTimeout(flush, 16);
    };
    for (const type of BOARD_EVENT_TYPES) socket.on(type, onBoardEvent);
    socket.on(CAUGHT_UP_EVENT, () => {
      setState('live');
      if (disconnectedAt && Date.now() - disconnectedAt > LONG_DISCONNECT_MS) {
        void queryClient.invalidateQueries({ queryKey: ['board'] });
        void queryClient.invalidateQueries({ queryKey: PENDING_QUERY_KEY });
      }
      disconnectedAt = 0;
    });
    socket.on(RESYNC_EVENT, (m) => {
      seq.current = m.seq;
      void queryClient.invalidateQueries({ queryKey: ['board'] });
      void queryClient.invalidateQueries({ queryKey: PENDING_QUERY_KEY });
    });
    // Refusals and server-side disconnects (catch-up failed, restart, session ended): Socket.IO does not retry those by itself.
    const stopRetry = retryRefusedConnects(socket);
    socket.on('disconnect', () => {
      disconnectedAt ||= Date.now();
      setState(navigator.onLine ? 'reconnecting' : 'offline');
    });
    socket.on('connect_error', () => setState(navigator.onLine ? 'reconnecting' : 'offline'));
    const offline = () => setState('offline');
    const online = () => setState('reconnecting');
    window.addEventListener('offline', offline);
    window.addEventListener('online', online);
    return () => {
      unsubscribe();
      stopRetry();
      window.clearTimeout(scheduled);
      window.removeEventListener('offline', offline);
      window.removeEventListener('online', online);
      socket.disconnect();
    };
  }, [queryClient, selfId]);

  return state;
}
