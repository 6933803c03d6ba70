import { ACTION_WORDS } from '@/lib/realtime';
import type { Assignment, HistoryEntry } from '@/lib/schemas/assignments';
import { findAssignment } from '@/server/assignments/assignment-query';
import type { Db } from '@/server/db/client';
import { notFound } from '@/server/errors';
import type { LoggedChange } from '@/server/events/event-types';
import { readActorNames, readEntityChanges } from '@/server/events/read-events';

const TRACKED = [
  'ramp_id',
  'load_id',
  'status_id',
  'eta_in',
  'eta_out',
  'arrived_at',
  'started_at',
  'completed_at',
  'departed_at',
  'called_at',
  'version',
] as const;

/** What changed between two versions, by field; ramp and status changes also name the codes. */
function diffAssignments(before: Assignment | null, after: Assignment | null): HistoryEntry['changes'] {
  const changes: HistoryEntry['changes'] = {};
  for (const field of TRACKED) {
    const from = before?.[field] ?? null;
    const to = after?.[field] ?? null;
    if (from !== to) changes[field] = { from, to };
  }
  if (before && after && before.ramp.code !== after.ramp.code) changes.ramp = { from: before.ramp.code, to: after.ramp.code };
  if (before && after && before.status.code !== after.status.code) changes.status = { from: before.status.code, to: after.status.code };
  return changes;
}

/** One logged assignment change as a history entry: who, when, before, after, what changed. */
export function toHistoryEntry(change: LoggedChange<'assignment'>, names: Map<number, string> = new Map()): HistoryEntry {
  const before = change.action === 'created' ? null : change.before;
  const after = change.action === 'deleted' ? null : change.payload;
  return {
    seq: change.seq,
    type: `assignment_${change.action}`,
    action: ACTION_WORDS[change.action],
    at: change.createdAt,
    user_id: change.actorId,
    user_email: change.actorEmail,
    user_name: change.actorId === null ? null : (names.get(change.actorId) ?? null),
    before,
    after,
    changes: diffAssignments(before, after),
  };
}

/**
 * Every change of one assignment, oldest first, from the event log. With `carrierId` (a carrier user, SPEC §9):
 * 404 unless the assignment (or, once deleted, its last logged state) is of that carrier's loads.
 */
export async function assignmentHistory(db: Db, id: number, carrierId: number | null = null): Promise<HistoryEntry[]> {
  const changes = await readEntityChanges(db, 'assignment', id);
  const current = changes.length === 0 || carrierId !== null ? await findAssignment(db.$client, id) : null;
  if (changes.length === 0 && !current) throw notFound('Assignment');
  if (carrierId !== null) {
    const last = changes.at(-1);
    const state = current ?? (last ? (last.action === 'deleted' ? last.before : last.payload) : null);
    if (state?.load?.carrier_id !== carrierId) throw notFound('Assignment');
  }
  const names = await readActorNames(
    db,
    changes.map((c) => c.actorId),
  );
  return changes.map((c) => toHistoryEntry(c, names));
}
