import { directionRefusal } from '@/lib/ramp-refusal';
import type { Db } from '@/server/db/client';
import { mapPgError } from '@/server/db/pg-errors';
import { HttpError, invalidField } from '@/server/errors';

const isRampDirection = (e: unknown): e is HttpError =>
  e instanceof HttpError && Array.isArray(e.detail) && e.detail.some((d) => d.type === 'direction_mismatch' && d.loc[1] === 'ramp_id');

/**
 * mapPgError for assignment writes, with a direction refusal in the operators' words and the
 * ramp's code ("R5 takes inbound loads only"), read only on that refusal's path.
 */
export async function mapAssignmentError(db: Db, error: unknown, where: { rampId?: number; assignmentId?: number }): Promise<never> {
  let mapped: unknown = error;
  try {
    mapPgError(error);
  } catch (e) {
    mapped = e;
  }
  if (!isRampDirection(mapped)) throw mapped;
  const [ramp] = await db.$client<{ code: string; kind: 'IB' | 'OB' | 'BOTH' }[]>`
    SELECT code, kind FROM ramps
    WHERE id = coalesce(${where.rampId ?? null}::int, (SELECT ramp_id FROM assignments WHERE id = ${where.assignmentId ?? null}::int))`;
  const plain = ramp && directionRefusal(ramp, ramp.kind === 'IB' ? 'OB' : 'IB');
  throw plain ? invalidField('ramp_id', plain, 'direction_mismatch') : mapped;
}
