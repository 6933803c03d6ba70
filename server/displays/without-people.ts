import type { BoardEventMessage } from '@/lib/realtime';
import type { Assignment } from '@/lib/schemas/assignments';

/** An assignment as a display link may see it: who created or changed it is left out. */
export const assignmentWithoutPeople = (a: Assignment): Assignment => ({ ...a, created_by: null, updated_by: null, creator: null, updater: null });

const PEOPLE_KEYS = ['created_by', 'updated_by', 'creator', 'updater'];

/**
 * A board event as display sockets receive it: no user id, e-mail or names.
 * Remembered per event, so a fan-out to many TVs builds it once.
 */
const cache = new WeakMap<BoardEventMessage, BoardEventMessage>();
export function eventWithoutPeople(message: BoardEventMessage): BoardEventMessage {
  let copy = cache.get(message);
  if (!copy) {
    const data = message.data;
    const hasPeople = data !== null && typeof data === 'object' && PEOPLE_KEYS.some((k) => k in data);
    copy = { ...message, user_id: null, user_email: null, data: hasPeople ? assignmentWithoutPeople(data as Assignment) : data };
    cache.set(message, copy);
  }
  return copy;
}
