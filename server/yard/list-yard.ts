import type { YardEntry, YardQuery } from '@/lib/schemas/gate';
import { selectAssignments, toAssignment } from '@/server/assignments/assignment-query';
import type { Db } from '@/server/db/client';
import { LOAD_COLUMNS, toLoad } from '@/server/loads/loads';
import { waitingAssignment, waitingGateLoad } from '@/server/yard/yard-sql';

const MINUTE = 60_000;

/** Whole minutes since `arrived`, never negative (a check-in may be recorded a little ahead of this clock). */
export const waitingMinutes = (arrived: string, now: number) => Math.max(0, Math.floor((now - Date.parse(arrived)) / MINUTE));

type LoadRow = Parameters<typeof toLoad>[0] & { assigned: boolean };

/**
 * Trucks on site waiting for a door, oldest first (SPEC §8): assignments
 * checked in and not started, completed or departed (and not cancelled), and
 * loads checked in at the gate that have no live assignment yet. Both as
 * server/yard/yard-sql.ts has them, which the KPIs' `waiting` counts too.
 * Two statements in parallel: the assignments, and every load either lists.
 */
export async function listYard(db: Db, { direction }: YardQuery = {}, now = Date.now()): Promise<YardEntry[]> {
  const sql = db.$client;
  const t = new Date(now);
  const inDirection = direction ? sql`AND l.direction = ${direction}` : sql``;
  const [waiting, loadRows] = await Promise.all([
    selectAssignments(sql, sql`${waitingAssignment(sql, t)} ${inDirection}`),
    sql<LoadRow[]>`
      SELECT ${sql.unsafe(LOAD_COLUMNS)}, true AS assigned
        FROM assignments a JOIN loads l ON l.id = a.load_id
       WHERE ${waitingAssignment(sql, t)} ${inDirection}
      UNION ALL
      SELECT ${sql.unsafe(LOAD_COLUMNS)}, false
        FROM loads l
       WHERE ${waitingGateLoad(sql, t)} ${inDirection}`,
  ]);
  const loadById = new Map(loadRows.filter((r) => r.assigned).map((r) => [r.id, toLoad(r)]));
  const entries: YardEntry[] = [
    ...waiting.map(toAssignment).flatMap((a) => {
      const load = loadById.get(a.load_id);
      return load ? [{ load, assignment: a, arrived_at: a.arrived_at!, waiting_minutes: waitingMinutes(a.arrived_at!, now) }] : [];
    }),
    ...loadRows
      .filter((r) => !r.assigned)
      .map(toLoad)
      .map((load) => ({ load, assignment: null, arrived_at: load.arrived_at!, waiting_minutes: waitingMinutes(load.arrived_at!, now) })),
  ];
  return entries.sort(byArrival);
}

/** Oldest first; equal times by load id, so every screen lists them in one order. */
export const byArrival = (x: Pick<YardEntry, 'arrived_at' | 'load'>, y: Pick<YardEntry, 'arrived_at' | 'load'>) =>
  Date.parse(x.arrived_at) - Date.parse(y.arrived_at) || x.load.id - y.load.id;
