import { asc, eq, sql } from 'drizzle-orm';
import { statuses } from '@/drizzle/schema';
import type { Status, StatusCreate, StatusUpdate } from '@/lib/schemas/statuses';
import type { Actor } from '@/server/auth/actor';
import type { Db, DbOrTx } from '@/server/db/client';
import { inWriteTransaction } from '@/server/db/write';
import { notFound } from '@/server/errors';
import { appendEvent } from '@/server/events/append-event';

type Row = typeof statuses.$inferSelect;

export const toStatus = (s: Row): Status => ({ id: s.id, code: s.code, label: s.label, color: s.color, sort_order: s.sortOrder });

export async function listStatuses(db: DbOrTx): Promise<Status[]> {
  const rows = await db.select().from(statuses).orderBy(asc(statuses.sortOrder), asc(statuses.id));
  return rows.map(toStatus);
}

export async function getStatus(db: DbOrTx, id: number): Promise<Status> {
  const [row] = await db.select().from(statuses).where(eq(statuses.id, id));
  if (!row) throw notFound('Status');
  return toStatus(row);
}

export async function createStatus(db: Db, actor: Actor, data: StatusCreate): Promise<Status> {
  return inWriteTransaction(db, async (tx, rawSql) => {
    const [row] = await tx
      .insert(statuses)
      .values({
        code: data.code,
        label: data.label,
        color: data.color,
        sortOrder: data.sort_order ?? sql`(SELECT COALESCE(MAX(sort_order), 0) + 1 FROM statuses)`,
      })
      .returning();
    const status = toStatus(row!);
    await appendEvent(rawSql, { entity: 'status', action: 'created', entityId: status.id, direction: null, actor, payload: status });
    return status;
  });
}

export async function updateStatus(db: Db, actor: Actor, id: number, data: StatusUpdate): Promise<Status> {
  return inWriteTransaction(db, async (tx, rawSql) => {
    const [old] = await tx.select().from(statuses).where(eq(statuses.id, id)).for('update');
    if (!old) throw notFound('Status');
    if (Object.values(data).every((v) => v === undefined)) return toStatus(old);
    const [row] = await tx
      .update(statuses)
      .set({ code: data.code, label: data.label, color: data.color, sortOrder: data.sort_order })
      .where(eq(statuses.id, id))
      .returning();
    const status = toStatus(row!);
    await appendEvent(rawSql, { entity: 'status', action: 'updated', entityId: id, direction: null, actor, payload: status, before: toStatus(old) });
    return status;
  });
}

export async function deleteStatus(db: Db, actor: Actor, id: number): Promise<void> {
  await inWriteTransaction(
    db,
    async (tx, rawSql) => {
      const [row] = await tx.delete(statuses).where(eq(statuses.id, id)).returning();
      if (!row) throw notFound('Status');
      const status = toStatus(row);
      await appendEvent(rawSql, { entity: 'status', action: 'deleted', entityId: id, direction: null, actor, payload: status, before: status });
    },
    'The status is used by assignments',
  );
}
