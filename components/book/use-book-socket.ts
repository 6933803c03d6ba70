'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { io, type Socket } from 'socket.io-client';
import { BOARD_EVENT_TYPES } from '@/lib/board-merge';
import { retryRefusedConnects, SOCKET_RECONNECTION } from '@/lib/board-reconnect';
import { BOARD_NAMESPACE, type BoardEventMessage } from '@/lib/realtime';

/**
 * What the server sends a carrier's socket for someone else's change (lib/realtime.ts on the carriers branch
 * defines the same name; use that one once it is on main): no data, only "availability may have changed".
 */
export const AVAILABILITY_CHANGED_EVENT = 'availability_changed';

export const MY_BOOKINGS_KEY = ['booking', 'mine'] as const;
export const AVAILABILITY_KEY = ['booking', 'availability'] as const;

/**
 * The portal's live link: the board's Socket.IO namespace with the session
 * cookie. A carrier's own load or assignment event refreshes "My bookings";
 * any booking change (or `availability_changed`) refetches the free times, so a
 * slot taken by someone else disappears while the carrier looks. Refetches are
 * coalesced per animation-frame-sized tick; after a reconnect both are refetched.
 */
export function useBookSocket(): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    const socket: Socket = io(BOARD_NAMESPACE, { transports: ['websocket'], ...SOCKET_RECONNECTION });
    const pending = new Set<'mine' | 'availability'>();
    let timer = 0;
    const refresh = (what: 'mine' | 'availability') => {
      pending.add(what);
      timer ||= window.setTimeout(() => {
        timer = 0;
        if (pending.has('mine')) void queryClient.invalidateQueries({ queryKey: MY_BOOKINGS_KEY });
        if (pending.has('availability')) void queryClient.invalidateQueries({ queryKey: AVAILABILITY_KEY });
        pending.clear();
      }, 30);
    };
    const onEvent = (e: BoardEventMessage) => {
      if (e.entity === 'assignment' || e.entity === 'load') refresh('mine');
      if (e.entity === 'assignment' || e.entity === 'ramp') refresh('availability');
    };
    for (const type of BOARD_EVENT_TYPES) socket.on(type, onEvent);
    socket.on(AVAILABILITY_CHANGED_EVENT, () => refresh('availability'));
    let connects = 0;
    socket.on('connect', () => {
      if (connects++ === 0) return;
      refresh('mine');
      refresh('availability');
    });
    const stopRetry = retryRefusedConnects(socket as Parameters<typeof retryRefusedConnects>[0]);
    return () => {
      stopRetry();
      window.clearTimeout(timer);
      socket.disconnect();
    };
  }, [queryClient]);
}
