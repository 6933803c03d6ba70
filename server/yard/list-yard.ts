import { and, eq, inArray, isNotNull, notExists, sql as dsql, type SQL } from 'drizzle-orm';
import { assignments, loads } from '@/drizzle/schema';
import type { Direction } from '@/lib/realtime';
import type { YardEntry, YardQuery } from '@/lib/schemas/gate';
import type { Load } from '@/lib/schemas/loads';
import { selectAssignments, toAssignment } from '@/server/assignments/assignment-query';
import type { Db } from '@/server/db/client';
import { toLoad } from '@/server/loads/loads';

const MINUTE = 60_000;

/** Whole minutes since `arrived`, never negative (a check-in may be recorded a little ahead of this clock). */
export const waitingMinutes = (arrived: string, now: number) => Math.max(0, Math.floor((now - Date.parse(arrived)) / MINUTE));

/**
 * Trucks on site waiting for a door, oldest first (SPEC §8): assignments
 * checked in and not started, completed or departed (and not cancelled), and
 * loads checked in at the gate that have no live assignment yet.
 */
export async function listYard(db: Db, { direction }: YardQuery = {}, now = Date.now()): Promise<YardEntry[]> {
  const sql = db.$client;
  const [waiting, gateLoads] = await Promise.all([
    selectAssignments(
      sql,
      sql`a.arrived_at IS NOT NULL AND a.started_at IS NULL AND a.completed_at IS NULL AND a.departed_at IS NULL AND NOT a.cancelled
        ${direction ? sql`AND l.direction = ${direction}` : sql``}`,
    ),
    listGateLoads(db, direction),
  ]);
  const assigned = waiting.map(toAssignment);
  const loadRows = assigned.length
    ? await db
        .select()
        .from(loads)
        .where(
          inArray(
            loads.id,
            assigned.map((a) => a.load_id),
          ),
        )
    : [];
  const loadById = new Map(loadRows.map((r) => [r.id, toLoad(r)]));
  const entries: YardEntry[] = [
    ...assigned.flatMap((a) => {
      const load = loadById.get(a.load_id);
      return load ? [{ load, assignment: a, arrived_at: a.arrived_at!, waiting_minutes: waitingMinutes(a.arrived_at!, now) }] : [];
    }),
    ...gateLoads.map((load) => ({ load, assignment: null, arrived_at: load.arrived_at!, waiting_minutes: waitingMinutes(load.arrived_at!, now) })),
  ];
  return entries.sort(byArrival);
}

/** Oldest first; equal times by load id, so every screen lists them in one order. */
export const byArrival = (x: Pick<YardEntry, 'arrived_at' | 'load'>, y: Pick<YardEntry, 'arrived_at' | 'load'>) =>
  Date.parse(x.arrived_at) - Date.parse(y.arrived_at) || x.load.id - y.load.id;

/** Loads checked in at the gate without a live assignment: the yard's unplanned trucks (the board's backlog shows them too). */
export async function listGateLoads(db: Db, direction?: Direction): Promise<Load[]> {
  const live = db
    .select({ one: dsql`1` })
    .from(assignments)
    .where(and(eq(assignments.loadId, loads.id), eq(assignments.cancelled, false)));
  const where: SQL[] = [isNotNull(loads.arrivedAt), notExists(live)];
  if (direction) where.push(eq(loads.direction, direction));
  const rows = await db
    .select()
    .from(loads)
    .where(and(...where));
  return rows.map(toLoad);
}
