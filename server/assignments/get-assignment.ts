import type { Assignment } from '@/lib/schemas/assignments';
import type { Db } from '@/server/db/client';
import { notFound } from '@/server/errors';
import { findAssignment } from '@/server/assignments/assignment-query';

/** One assignment as the API shows it, or 404. */
export async function getAssignment(db: Db, id: number): Promise<Assignment> {
  return (await findAssignment(db.$client, id)) ?? Promise.reject(notFound('Assignment'));
}
