import { and, asc, eq, gte, isNull, lt, notExists, or, type SQL, sql } from 'drizzle-orm';
import { assignments, loads } from '@/drizzle/schema';
import type { Direction } from '@/lib/realtime';
import type { Load } from '@/lib/schemas/loads';
import type { Db } from '@/server/db/client';
import { toLoad } from '@/server/loads/loads';

/** How far back today's board carries over unassigned loads; older ones are no-shows to deal with, not the day's work. */
export const CARRY_OVER_DAYS = 7;

/**
 * Today's backlog: loads without a live assignment that have no planned time,
 * or were planned in [from, dayStart) and never got a ramp (carried over). The
 * gate's loads (checked in, not planned) come from the yard query.
 */
export async function listBacklog(db: Db, from: Date, dayStart: Date, direction: Direction | undefined, limit: number): Promise<Load[]> {
  const live = db
    .select({ one: sql`1` })
    .from(assignments)
    .where(and(eq(assignments.loadId, loads.id), eq(assignments.cancelled, false)));
  const where: (SQL | undefined)[] = [
    notExists(live),
    or(isNull(loads.plannedArrival), and(gte(loads.plannedArrival, from), lt(loads.plannedArrival, dayStart))),
  ];
  if (direction) where.push(eq(loads.direction, direction));
  const rows = await db
    .select()
    .from(loads)
    .where(and(...where))
    .orderBy(asc(loads.plannedArrival), asc(loads.id))
    .limit(limit);
  return rows.map(toLoad);
}

/** Planned arrival first (none last), then id: the order of GET /api/loads. */
export function byPlannedArrival(a: Load, b: Load): number {
  if (a.planned_arrival !== b.planned_arrival) {
    if (a.planned_arrival === null) return 1;
    if (b.planned_arrival === null) return -1;
    return Date.parse(a.planned_arrival) - Date.parse(b.planned_arrival) || a.id - b.id;
  }
  return a.id - b.id;
}
