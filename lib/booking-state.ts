// A booking's state as carriers and the board read it (SPEC §9), from its assignment's status code.
// Zod-free: the browser imports it.

export const BOOKING_STATES = ['requested', 'approved', 'declined', 'cancelled', 'arrived', 'completed'] as const;
export type BookingState = (typeof BOOKING_STATES)[number];

const BY_CODE: Record<string, BookingState> = {
  REQUESTED: 'requested',
  PLANNED: 'approved',
  DELAYED: 'approved',
  DECLINED: 'declined',
  CANCELLED: 'cancelled',
  ARRIVED: 'arrived',
  IN_PROGRESS: 'arrived',
  COMPLETED: 'completed',
};

/** The state of a status code; a site's own status (not one of the built-ins) reads as approved: the site has it in hand. */
export const bookingStateOf = (statusCode: string): BookingState => BY_CODE[statusCode] ?? 'approved';

export const BOOKING_STATE_LABELS: Record<BookingState, string> = {
  requested: 'Requested',
  approved: 'Approved',
  declined: 'Declined',
  cancelled: 'Cancelled',
  arrived: 'Arrived',
  completed: 'Completed',
};

/** A carrier may cancel only what the site has not yet approved. */
export const mayCancelBooking = (state: BookingState): boolean => state === 'requested';
/** A declined or cancelled booking may be asked for again at another time. */
export const mayRerequestBooking = (state: BookingState): boolean => state === 'declined' || state === 'cancelled';
