import { CONFLICT_EVENT, type ConflictMessage } from '@/lib/realtime';
import type { Assignment } from '@/lib/schemas/assignments';
import type { Actor } from '@/server/auth/actor';
import type { Db } from '@/server/db/client';

export const CONFLICTS_CHANNEL = 'board_conflicts';

/** A conflict for the sockets of one user: the message, and its JSON text built once for the raw sockets. */
export type ConflictNotice = { userId: number; message: ConflictMessage; json: string };

type ConflictNotification = { user_id: number; message: ConflictMessage };

/**
 * Tells the acting user's open sockets, on every instance, that their save met
 * a newer version. Not an event of the log: nothing was committed.
 */
export async function publishConflict(db: Db, actor: Actor, current: Assignment, attempted: number): Promise<void> {
  const message: ConflictMessage = {
    type: CONFLICT_EVENT,
    timestamp: new Date().toISOString(),
    assignment_id: current.id,
    current_version: current.version,
    attempted_version: attempted,
    current_data: current,
    message: 'Another user has modified this assignment',
  };
  const notification: ConflictNotification = { user_id: actor.id, message };
  try {
    await db.$client`SELECT pg_notify(${CONFLICTS_CHANNEL}, ${JSON.stringify(notification)})`;
  } catch {
    // Best effort: the REST answer (409) already tells the client.
  }
}

/** A notification of CONFLICTS_CHANNEL, as publishConflict wrote it. */
export function decodeConflictNotification(payload: string): ConflictNotice {
  const { user_id, message } = JSON.parse(payload) as ConflictNotification;
  return { userId: user_id, message, json: JSON.stringify(message) };
}
