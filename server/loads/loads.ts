import { and, asc, eq, gte, ilike, lt, notExists, type SQL, sql } from 'drizzle-orm';
import { assignments, loads } from '@/drizzle/schema';
import { toIso } from '@/lib/time';
import { DEFAULT_PAGE, type PageOptional } from '@/lib/schemas/common';
import { PLANNED_ORDER_MESSAGE, type Load, type LoadCreate, type LoadListQuery, type LoadUpdate } from '@/lib/schemas/loads';
import type { Actor } from '@/server/auth/actor';
import type { Db, DbOrTx } from '@/server/db/client';
import { inWriteTransaction } from '@/server/db/write';
import { invalidField, notFound } from '@/server/errors';
import { appendEvent } from '@/server/events/append-event';

type Row = typeof loads.$inferSelect;

/** A row as drizzle returns it, or as a raw postgres.js query selects it under the same names (times as strings). */
type LoadRowLike = Omit<Row, 'plannedArrival' | 'plannedDeparture' | 'arrivedAt' | 'createdAt' | 'updatedAt'> & {
  plannedArrival: Date | string | null;
  plannedDeparture: Date | string | null;
  arrivedAt: Date | string | null;
  createdAt: Date | string;
  updatedAt: Date | string;
};

export const toLoad = (l: LoadRowLike): Load => ({
  id: l.id,
  reference: l.reference,
  direction: l.direction,
  planned_arrival: toIso(l.plannedArrival),
  planned_departure: toIso(l.plannedDeparture),
  notes: l.notes,
  carrier: l.carrier,
  load_type_id: l.loadTypeId,
  carrier_id: l.carrierId,
  truck_plate: l.truckPlate,
  arrived_at: toIso(l.arrivedAt),
  created_at: toIso(l.createdAt)!,
  updated_at: toIso(l.updatedAt)!,
});

/** The columns of `loads l` under toLoad's names, for raw SQL that lists loads. */
export const LOAD_COLUMNS = `l.id, l.reference, l.direction, l.planned_arrival AS "plannedArrival", l.planned_departure AS "plannedDeparture",
  l.notes, l.carrier, l.load_type_id AS "loadTypeId",
  l.carrier_id AS "carrierId", l.truck_plate AS "truckPlate", l.arrived_at AS "arrivedAt", l.created_at AS "createdAt", l.updated_at AS "updatedAt"`;

/** `text` matched literally inside a LIKE pattern (backslash is PostgreSQL's default escape). */
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** `carrierId`: only that carrier's loads (a carrier user's reads, SPEC §9). */
export type ListLoadsOptions = PageOptional<LoadListQuery> & { carrierId?: number | null };

/** By direction, without a live assignment (`unassigned`), planned arrival in [from, to), carrier containing a text; ordered by planned arrival. */
export async function listLoads(db: DbOrTx, q: ListLoadsOptions): Promise<Load[]> {
  const where: SQL[] = [];
  if (q.direction) where.push(eq(loads.direction, q.direction));
  if (q.from) where.push(gte(loads.plannedArrival, q.from));
  if (q.to) where.push(lt(loads.plannedArrival, q.to));
  if (q.carrier) where.push(ilike(loads.carrier, `%${escapeLike(q.carrier)}%`));
  if (q.carrierId != null) where.push(eq(loads.carrierId, q.carrierId));
  const live = db
    .select({ one: sql`1` })
    .from(assignments)
    .where(and(eq(assignments.loadId, loads.id), eq(assignments.cancelled, false)));
  if (q.unassigned) where.push(notExists(live));
  const rows = await db
    .select()
    .from(loads)
    .where(and(...where))
    .orderBy(asc(loads.plannedArrival), asc(loads.id))
    .offset(q.skip ?? DEFAULT_PAGE.skip)
    .limit(q.limit ?? DEFAULT_PAGE.limit);
  return rows.map(toLoad);
}

/** With `carrierId`: 404 unless the load is that carrier's (another carrier's load does not exist for its users). */
export async function getLoad(db: DbOrTx, id: number, carrierId: number | null = null): Promise<Load> {
  const [row] = await db.select().from(loads).where(eq(loads.id, id));
  if (!row || (carrierId !== null && row.carrierId !== carrierId)) throw notFound('Load');
  return toLoad(row);
}

type CarrierColumns = { carrierId: number | SQL<number | null> | null | undefined; carrier: string | SQL<string | null> | null | undefined };

/**
 * The carrier a write stores (SPEC §9). `carrier_id` links the load to a carrier and shows its name. A carrier given
 * as text only (as the seed's API clients send it) names the carrier: it links the load to the carrier of that name
 * (any case) or, when none has it, unlinks it and keeps the text. Read in the same statement; a carrier id that does
 * not exist leaves the text null and fails on the foreign key (422 on carrier_id). Nothing given: nothing changes.
 */
function carrierColumns(data: { carrier?: string | null; carrier_id?: number | null }): CarrierColumns {
  if (data.carrier_id) {
    return { carrierId: data.carrier_id, carrier: sql<string | null>`(SELECT name FROM carriers WHERE id = ${data.carrier_id})` };
  }
  if (data.carrier_id === null || !data.carrier)
    return { carrierId: data.carrier_id ?? (data.carrier === undefined ? undefined : null), carrier: data.carrier };
  const text = data.carrier.trim();
  return {
    carrierId: sql<number | null>`(SELECT id FROM carriers WHERE lower(name) = lower(${text}))`,
    carrier: sql<string | null>`COALESCE((SELECT name FROM carriers WHERE lower(name) = lower(${text})), ${data.carrier})`,
  };
}

/** A new load's columns, as a create or a walk-in (server/loads/check-in.ts) writes them. */
export const loadValues = (data: LoadCreate) => ({
  reference: data.reference,
  direction: data.direction,
  plannedArrival: data.planned_arrival ?? null,
  plannedDeparture: data.planned_departure ?? null,
  notes: data.notes ?? null,
  ...withNulls(carrierColumns(data)),
  loadTypeId: data.load_type_id ?? null,
  truckPlate: data.truck_plate ?? null,
});

/** A create stores null for a carrier not given. */
const withNulls = (c: CarrierColumns) => ({ carrierId: c.carrierId ?? null, carrier: c.carrier ?? null });

export async function createLoad(db: Db, actor: Actor, data: LoadCreate): Promise<Load> {
  return inWriteTransaction(db, async (tx, rawSql) => {
    const [row] = await tx.insert(loads).values(loadValues(data)).returning();
    const load = toLoad(row!);
    await appendEvent(rawSql, { entity: 'load', action: 'created', entityId: load.id, direction: load.direction, actor, payload: load });
    return load;
  });
}

export async function updateLoad(db: Db, actor: Actor, id: number, data: LoadUpdate): Promise<Load> {
  return inWriteTransaction(db, async (tx, rawSql) => {
    const [old] = await tx.select().from(loads).where(eq(loads.id, id)).for('update');
    if (!old) throw notFound('Load');
    const [row] = await tx
      .update(loads)
      .set({
        reference: data.reference,
        direction: data.direction,
        plannedArrival: data.planned_arrival,
        plannedDeparture: data.planned_departure,
        notes: data.notes,
        ...carrierColumns(data),
        loadTypeId: data.load_type_id,
        truckPlate: data.truck_plate,
        updatedAt: sql`now()`,
      })
      .where(eq(loads.id, id))
      .returning();
    const load = toLoad(row!);
    // The schema checks the two times when both are sent; here one may be the stored one.
    if (load.planned_arrival && load.planned_departure && load.planned_departure <= load.planned_arrival)
      throw invalidField('planned_departure', PLANNED_ORDER_MESSAGE);
    const direction = old.direction === load.direction ? load.direction : null;
    await appendEvent(rawSql, { entity: 'load', action: 'updated', entityId: id, direction, actor, payload: load, before: toLoad(old) });
    return load;
  });
}

export async function deleteLoad(db: Db, actor: Actor, id: number): Promise<void> {
  await inWriteTransaction(
    db,
    async (tx, rawSql) => {
      const [row] = await tx.delete(loads).where(eq(loads.id, id)).returning();
      if (!row) throw notFound('Load');
      const load = toLoad(row);
      await appendEvent(rawSql, { entity: 'load', action: 'deleted', entityId: id, direction: load.direction, actor, payload: load, before: load });
    },
    'The load has an assignment; delete the assignment first',
  );
}
