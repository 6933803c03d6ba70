import type postgres from 'postgres';
import { invalidField } from '@/server/errors';
import type { Assignment, AssignmentCreate } from '@/lib/schemas/assignments';
import type { Actor } from '@/server/auth/actor';
import type { Db } from '@/server/db/client';
import { inPipelinedTransaction } from '@/server/db/pipelined';
import { appendEventStatement } from '@/server/events/append-event';
import { insertAssignmentRow } from '@/server/assignments/assignment-query';
import { mapAssignmentError } from '@/server/assignments/direction-refusal';

/** SPEC §9: a new assignment without eta_out lasts as long as its load's type says. */
async function defaultEtaOut(sql: postgres.Sql, data: AssignmentCreate): Promise<Date> {
  const [row] = await sql<{ minutes: number }[]>`
    SELECT t.duration_minutes AS minutes FROM loads l JOIN load_types t ON t.id = l.load_type_id WHERE l.id = ${data.load_id}`;
  if (!row) throw invalidField('eta_out', 'Give ETA out or a load type');
  return new Date(data.eta_in.getTime() + row.minutes * 60_000);
}

/** Assigns a load to a ramp; `data` is parsed (assignmentCreateSchema) and the actor authorized by the caller. */
export async function createAssignment(db: Db, actor: Actor, data: AssignmentCreate): Promise<Assignment> {
  try {
    // Two round trips: BEGIN + insert + joined row, event + COMMIT.
    return await inPipelinedTransaction(db.$client, async (sql, commitWith) => {
      const created = await insertAssignmentRow(sql, { ...data, eta_out: data.eta_out ?? (await defaultEtaOut(sql, data)) }, actor.id);
      await commitWith(
        appendEventStatement(sql, {
          entity: 'assignment',
          action: 'created',
          entityId: created.id,
          direction: created.load.direction,
          actor,
          payload: created,
        }),
        created,
      );
      return created;
    });
  } catch (error) {
    return mapAssignmentError(db, error, { rampId: data.ramp_id });
  }
}
