import type { BoardEventMessage } from '@/lib/realtime';
import { isRequested } from '@/lib/requested-style';
import type { Assignment } from '@/lib/schemas/assignments';
import type { Board } from '@/lib/schemas/board';
import type { Booking } from '@/lib/schemas/booking';
import { applyEvents, type BoardKey } from '@/components/board/board-model';

// The board's Requests list (SPEC §9): requested bookings waiting for an operator, and what a decision does to the board.

export const PENDING_QUERY_KEY = ['booking-pending'] as const;
export const PENDING_URL = '/api/booking/pending';
export type PendingList = { items: Booking[] };

/** What a decision needs of a request, from the list (a Booking) or from its block (an Assignment). */
export type RequestRef = Pick<Booking, 'id' | 'version' | 'reference' | 'ramp_code' | 'eta_in'>;

export const requestOfAssignment = (a: Assignment): RequestRef => ({
  id: a.id,
  version: a.version,
  reference: a.load.reference,
  ramp_code: a.ramp.code,
  eta_in: a.eta_in,
});

/** Still waiting: its window has not ended (the server's rule too; the list ages out between refetches). */
export const stillPending = (items: readonly Booking[], now: number) => items.filter((b) => Date.parse(b.eta_out) > now);

/**
 * Whether a batch of board events may change the Requests list: an assignment that is (or, deleted, was)
 * requested, or one the list holds (approved, declined or cancelled meanwhile); a load, ramp or assignment
 * the list shows. Events carry no before-image, so "was requested" is "is in the list".
 */
export function touchesRequests(events: readonly BoardEventMessage[], pending: readonly Booking[] | undefined): boolean {
  const list = pending ?? [];
  return events.some((e) => {
    switch (e.entity) {
      case 'assignment':
        // A deletion's data is the assignment as it was.
        return isRequested(e.data) || list.some((b) => b.id === e.entity_id);
      case 'load':
        return list.some((b) => b.load_id === e.entity_id);
      case 'ramp':
        return list.some((b) => b.ramp_id === e.entity_id);
      default:
        return false;
    }
  });
}

/**
 * A day of the board after a decision the server answered, as the event on its way will make it (seq 0: the real
 * event lands on it as a replay): the block takes its new version and status (a declined one leaves the board and
 * frees its load). Days that do not hold the block, or hold a newer version, stay as they are.
 */
export function boardAfterDecision(board: Board, direction: BoardKey['direction'], b: Booking): Board {
  const cached = board.assignments.find((a) => a.id === b.id);
  const status = board.statuses.find((s) => s.code === b.status_code);
  if (!cached || !status || cached.version >= b.version) return board;
  const data: Assignment = {
    ...cached,
    version: b.version,
    status_id: status.id,
    status: { id: status.id, code: status.code, label: status.label, color: status.color },
    updated_at: b.updated_at,
  };
  const event = {
    type: 'assignment_updated',
    entity: 'assignment',
    entity_id: b.id,
    seq: 0,
    timestamp: b.updated_at,
    action: 'UPDATE',
    user_id: null,
    user_email: null,
    data,
  } as BoardEventMessage;
  return applyEvents(board, direction, [event]);
}
