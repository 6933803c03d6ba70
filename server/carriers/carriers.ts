import { asc, eq, sql } from 'drizzle-orm';
import { carriers, loads } from '@/drizzle/schema';
import { CARRIER_IN_USE_MESSAGE, type Carrier, type CarrierCreate, type CarrierUpdate } from '@/lib/schemas/carriers';
import type { Db, DbOrTx } from '@/server/db/client';
import { inWriteTransaction } from '@/server/db/write';
import { notFound } from '@/server/errors';

type Row = typeof carriers.$inferSelect;

export const toCarrier = (c: Row): Carrier => ({
  id: c.id,
  name: c.name,
  contact_email: c.contactEmail,
  auto_approve: c.autoApprove,
  is_active: c.isActive,
  created_at: c.createdAt.toISOString(),
  updated_at: c.updatedAt.toISOString(),
});

export async function listCarriers(db: DbOrTx): Promise<Carrier[]> {
  const rows = await db.select().from(carriers).orderBy(sql`lower(${carriers.name})`, asc(carriers.id));
  return rows.map(toCarrier);
}

export async function getCarrier(db: DbOrTx, id: number): Promise<Carrier> {
  const [row] = await db.select().from(carriers).where(eq(carriers.id, id));
  if (!row) throw notFound('Carrier');
  return toCarrier(row);
}

export async function createCarrier(db: Db, data: CarrierCreate): Promise<Carrier> {
  return inWriteTransaction(db, async (tx) => {
    const [row] = await tx
      .insert(carriers)
      .values({ name: data.name, contactEmail: data.contact_email ?? null, autoApprove: data.auto_approve, isActive: data.is_active })
      .returning();
    return toCarrier(row!);
  });
}

/** A rename also renames its loads' carrier text, which shows the carrier's name (SPEC §9). */
export async function updateCarrier(db: Db, id: number, data: CarrierUpdate): Promise<Carrier> {
  return inWriteTransaction(db, async (tx) => {
    const [row] = await tx
      .update(carriers)
      .set({ name: data.name, contactEmail: data.contact_email, autoApprove: data.auto_approve, isActive: data.is_active, updatedAt: sql`now()` })
      .where(eq(carriers.id, id))
      .returning();
    if (!row) throw notFound('Carrier');
    if (data.name !== undefined) {
      await tx.update(loads).set({ carrier: row.name }).where(sql`${loads.carrierId} = ${id} AND ${loads.carrier} IS DISTINCT FROM ${row.name}`);
    }
    return toCarrier(row);
  });
}

export async function deleteCarrier(db: Db, id: number): Promise<void> {
  await inWriteTransaction(
    db,
    async (tx) => {
      const rows = await tx.delete(carriers).where(eq(carriers.id, id)).returning({ id: carriers.id });
      if (rows.length === 0) throw notFound('Carrier');
    },
    CARRIER_IN_USE_MESSAGE,
  );
}
