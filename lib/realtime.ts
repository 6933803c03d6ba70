import type { Assignment } from '@/lib/schemas/assignments';

/** What every board event looks like on both socket kinds (the seed's fields plus `seq`). */
export type BoardEventMessage = {
  type: string;
  seq: number;
  timestamp: string;
  action: 'CREATE' | 'UPDATE' | 'DELETE';
  user_id: number | null;
  user_email: string | null;
  /** For assignment events, as in the seed. */
  assignment_id?: number;
  /** For ramp, load and status events. */
  entity?: 'ramp' | 'load' | 'status';
  entity_id?: number;
  data: unknown;
};

export type ConflictMessage = {
  type: 'conflict_detected';
  timestamp: string;
  assignment_id: number;
  current_version: number;
  attempted_version: number;
  current_data: Assignment;
  message: string;
};

export type Direction = 'IB' | 'OB';

/** Socket.IO event names on the /board namespace. */
export const BOARD_NAMESPACE = '/board';
export const RESYNC_EVENT = 'resync';
export const CAUGHT_UP_EVENT = 'caught_up';
