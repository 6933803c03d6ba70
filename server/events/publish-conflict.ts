import type { ConflictMessage } from '@/lib/realtime';
import type { Assignment } from '@/lib/schemas/assignments';
import type { Actor } from '@/server/auth/actor';
import type { Db } from '@/server/db/client';

export const CONFLICTS_CHANNEL = 'board_conflicts';

/**
 * Tells the acting user's open sockets, on every instance, that their save met
 * a newer version. Not an event of the log: nothing was committed.
 */
export async function publishConflict(db: Db, actor: Actor, current: Assignment, attempted: number): Promise<void> {
  const message: ConflictMessage = {
    type: 'conflict_detected',
    timestamp: new Date().toISOString(),
    assignment_id: current.id,
    current_version: current.version,
    attempted_version: attempted,
    current_data: current,
    message: 'Another user has modified this assignment',
  };
  try {
    await db.$client`SELECT pg_notify(${CONFLICTS_CHANNEL}, ${JSON.stringify({ user_id: actor.id, message })})`;
  } catch {
    // Best effort: the REST answer (409) already tells the client.
  }
}
