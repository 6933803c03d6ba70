import type { BoardEventMessage } from '@/lib/realtime';
import type { Assignment } from '@/lib/schemas/assignments';

/** An assignment as a display link may see it: who created or changed it is left out. */
export const assignmentWithoutPeople = (a: Assignment): Assignment => ({ ...a, created_by: null, updated_by: null, creator: null, updater: null });

/**
 * A board event as display sockets receive it: no user id, e-mail or names.
 * Only assignments name people in their data; ramps, loads and statuses do not.
 * Remembered per event, so a fan-out to many TVs builds it once.
 */
const cache = new WeakMap<BoardEventMessage, BoardEventMessage>();
export function eventWithoutPeople(message: BoardEventMessage): BoardEventMessage {
  let copy = cache.get(message);
  if (!copy) {
    copy =
      message.entity === 'assignment'
        ? { ...message, user_id: null, user_email: null, data: assignmentWithoutPeople(message.data) }
        : { ...message, user_id: null, user_email: null };
    cache.set(message, copy);
  }
  return copy;
}
