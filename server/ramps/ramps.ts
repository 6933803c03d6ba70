import { asc, eq, sql } from 'drizzle-orm';
import { ramps } from '@/drizzle/schema';
import type { Ramp, RampCreate, RampUpdate } from '@/lib/schemas/ramps';
import type { Actor } from '@/server/auth/actor';
import type { Db, DbOrTx } from '@/server/db/client';
import { inWriteTransaction } from '@/server/db/write';
import { notFound } from '@/server/errors';
import { appendEvent } from '@/server/events/append-event';

type Row = typeof ramps.$inferSelect;

export const toRamp = (r: Row): Ramp => ({
  id: r.id,
  code: r.code,
  description: r.description,
  kind: r.kind,
  is_active: r.isActive,
  sort_order: r.sortOrder,
  created_at: r.createdAt.toISOString(),
  updated_at: r.updatedAt.toISOString(),
});

export async function listRamps(db: DbOrTx): Promise<Ramp[]> {
  const rows = await db.select().from(ramps).orderBy(asc(ramps.sortOrder), asc(ramps.code));
  return rows.map(toRamp);
}

export async function getRamp(db: DbOrTx, id: number): Promise<Ramp> {
  const [row] = await db.select().from(ramps).where(eq(ramps.id, id));
  if (!row) throw notFound('Ramp');
  return toRamp(row);
}

export async function createRamp(db: Db, actor: Actor, data: RampCreate): Promise<Ramp> {
  return inWriteTransaction(db, async (tx, rawSql) => {
    const [row] = await tx
      .insert(ramps)
      .values({
        code: data.code,
        description: data.description,
        kind: data.kind,
        isActive: data.is_active,
        sortOrder: data.sort_order ?? sql`(SELECT COALESCE(MAX(sort_order), 0) + 1 FROM ramps)`,
      })
      .returning();
    const ramp = toRamp(row!);
    await appendEvent(rawSql, { entity: 'ramp', action: 'created', entityId: ramp.id, direction: null, actor, payload: ramp });
    return ramp;
  });
}

export async function updateRamp(db: Db, actor: Actor, id: number, data: RampUpdate): Promise<Ramp> {
  return inWriteTransaction(db, async (tx, rawSql) => {
    const [old] = await tx.select().from(ramps).where(eq(ramps.id, id)).for('update');
    if (!old) throw notFound('Ramp');
    const [row] = await tx
      .update(ramps)
      .set({ code: data.code, description: data.description, kind: data.kind, isActive: data.is_active, sortOrder: data.sort_order, updatedAt: sql`now()` })
      .where(eq(ramps.id, id))
      .returning();
    const ramp = toRamp(row!);
    await appendEvent(rawSql, { entity: 'ramp', action: 'updated', entityId: id, direction: null, actor, payload: ramp, before: toRamp(old) });
    return ramp;
  });
}

export async function deleteRamp(db: Db, actor: Actor, id: number): Promise<void> {
  await inWriteTransaction(
    db,
    async (tx, rawSql) => {
      const [row] = await tx.delete(ramps).where(eq(ramps.id, id)).returning();
      if (!row) throw notFound('Ramp');
      const ramp = toRamp(row);
      await appendEvent(rawSql, { entity: 'ramp', action: 'deleted', entityId: id, direction: null, actor, payload: ramp, before: ramp });
    },
    'The ramp has assignments; deactivate it instead',
  );
}
