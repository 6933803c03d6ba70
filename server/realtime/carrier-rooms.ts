import type { Direction } from '@/lib/realtime';

// The Socket.IO rooms of carrier users' /board sockets (server/realtime/socket-io.ts).
// Carrier users' sockets (SPEC §9) are in none of the staff rooms: every carrier socket is in `carriers` (statuses and
// availability_changed), in its carrier's room (so availability skips it for its own events) and in its carrier's direction room.
export const CARRIERS_ROOM = 'carriers';
export const carrierRoom = (carrierId: number) => `carrier:${carrierId}`;
export const carrierRoomOf = (carrierId: number, direction: Direction | undefined) => `carrier:${carrierId}:${direction ? `direction:${direction}` : 'all'}`;
export const carrierRoomsFor = (carrierId: number, direction: Direction | null) =>
  direction
    ? [carrierRoomOf(carrierId, undefined), carrierRoomOf(carrierId, direction)]
    : [carrierRoomOf(carrierId, undefined), carrierRoomOf(carrierId, 'IB'), carrierRoomOf(carrierId, 'OB')];
