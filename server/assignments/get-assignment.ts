import type { Assignment } from '@/lib/schemas/assignments';
import type { Db } from '@/server/db/client';
import { notFound } from '@/server/errors';
import { findAssignment } from '@/server/assignments/assignment-query';

/** One assignment as the API shows it, or 404; with `carrierId`, also 404 unless its load is that carrier's (SPEC §9). */
export async function getAssignment(db: Db, id: number, carrierId: number | null = null): Promise<Assignment> {
  const found = await findAssignment(db.$client, id);
  if (!found || (carrierId !== null && found.load.carrier_id !== carrierId)) throw notFound('Assignment');
  return found;
}
