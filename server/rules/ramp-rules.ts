import type postgres from 'postgres';
import type { Closure, ClosureCreate, RampHours, RampHoursPut } from '@/lib/schemas/rules';
import type { Ramp } from '@/lib/schemas/ramps';
import { toIso } from '@/lib/time';
import type { Actor } from '@/server/auth/actor';
import type { Db } from '@/server/db/client';
import { inWriteTransaction } from '@/server/db/write';
import { HttpError, notFound } from '@/server/errors';
import { appendEvent } from '@/server/events/append-event';
import { toRamp } from '@/server/ramps/ramps';

type HoursRow = { weekday: number; opens: number; closes: number; time_zone: string };
type ClosureRow = { id: number; ramp_id: number; starts_at: Date; ends_at: Date; reason: string; created_at: Date };

const clock = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

const toClosure = (r: ClosureRow): Closure => ({
  id: r.id,
  ramp_id: r.ramp_id,
  starts_at: toIso(r.starts_at)!,
  ends_at: toIso(r.ends_at)!,
  reason: r.reason,
  created_at: toIso(r.created_at)!,
});

function toHours(rampId: number, rows: HoursRow[], siteZone: string): RampHours {
  return {
    ramp_id: rampId,
    time_zone: rows[0]?.time_zone ?? siteZone,
    always_open: rows.length === 0,
    hours: rows.map((h) => ({ weekday: h.weekday, opens: clock(h.opens), closes: clock(h.closes) })),
  };
}

const selectHours = (sql: postgres.Sql, rampId: number) =>
  sql<HoursRow[]>`SELECT weekday, opens, closes, time_zone FROM ramp_hours WHERE ramp_id = ${rampId} ORDER BY weekday, opens`;

async function assertRamp(sql: postgres.Sql, rampId: number, lock = false) {
  const [row] = lock ? await sql`SELECT * FROM ramps WHERE id = ${rampId} FOR UPDATE` : await sql`SELECT id FROM ramps WHERE id = ${rampId}`;
  if (!row) throw notFound('Ramp');
  return row;
}

export async function getRampHours(db: Db, siteZone: string, rampId: number): Promise<RampHours> {
  await assertRamp(db.$client, rampId);
  return toHours(rampId, await selectHours(db.$client, rampId), siteZone);
}

export async function listClosures(db: Db, rampId: number, from?: Date): Promise<Closure[]> {
  await assertRamp(db.$client, rampId);
  const rows = await db.$client<ClosureRow[]>`
    SELECT id, ramp_id, starts_at, ends_at, reason, created_at FROM ramp_closures
    WHERE ramp_id = ${rampId} AND (${toIso(from)}::timestamptz IS NULL OR ends_at > ${toIso(from)}::timestamptz) ORDER BY starts_at`;
  return rows.map(toClosure);
}

/** The ramp as its events carry it, with the rules the board shades (hours, closures of the last week and ahead). */
async function rampWithRules(sql: postgres.Sql, rampId: number, siteZone: string) {
  const [row] = await sql`UPDATE ramps SET updated_at = now() WHERE id = ${rampId} RETURNING *`;
  const ramp: Ramp = toRamp({
    id: row!.id,
    code: row!.code,
    description: row!.description,
    kind: row!.kind,
    isActive: row!.is_active,
    sortOrder: row!.sort_order,
    createdAt: new Date(row!.created_at),
    updatedAt: new Date(row!.updated_at),
  });
  // The last week too: a board open on a recent day shades its closures live.
  const closures = await sql<ClosureRow[]>`
    SELECT id, ramp_id, starts_at, ends_at, reason, created_at FROM ramp_closures
    WHERE ramp_id = ${rampId} AND ends_at > now() - interval '7 days' ORDER BY starts_at`;
  return { ...ramp, rules: { ...toHours(rampId, await selectHours(sql, rampId), siteZone), closures: closures.map(toClosure) } };
}

/**
 * Replaces the ramp's whole week under the ramp's row lock (assignment writes
 * take it FOR SHARE, 0011_rules.sql). Bookings already made are kept: the
 * hours apply to creates and moves from now on.
 */
export async function putRampHours(db: Db, actor: Actor, siteZone: string, rampId: number, data: RampHoursPut): Promise<RampHours> {
  return inWriteTransaction(db, async (_tx, sql) => {
    await assertRamp(sql, rampId, true);
    await sql`DELETE FROM ramp_hours WHERE ramp_id = ${rampId}`;
    for (const h of data.hours) {
      await sql`INSERT INTO ramp_hours (ramp_id, weekday, opens, closes, time_zone) VALUES (${rampId}, ${h.weekday}, ${h.opens}, ${h.closes}, ${siteZone})`;
    }
    const payload = await rampWithRules(sql, rampId, siteZone);
    await appendEvent(sql, { entity: 'ramp', action: 'updated', entityId: rampId, direction: null, actor, payload });
    const { closures: _closures, ...hours } = payload.rules;
    return hours;
  });
}

/**
 * A closure is refused while live bookings overlap it (move or cancel them
 * first): with the ramp row locked FOR UPDATE, a booking written concurrently
 * either committed before (and is seen here) or waits and then sees the closure.
 */
export async function createClosure(db: Db, actor: Actor, siteZone: string, rampId: number, data: ClosureCreate): Promise<Closure> {
  return inWriteTransaction(db, async (_tx, sql) => {
    const ramp = await assertRamp(sql, rampId, true);
    const busy = await sql<{ reference: string }[]>`
      SELECT l.reference FROM assignments a JOIN loads l ON l.id = a.load_id
      WHERE a.ramp_id = ${rampId} AND NOT a.cancelled
        AND tstzrange(a.eta_in, a.eta_out, '[)') && tstzrange(${toIso(data.starts_at)}::timestamptz, ${toIso(data.ends_at)}::timestamptz, '[)')
      ORDER BY a.eta_in LIMIT 4`;
    if (busy.length > 0) {
      const refs =
        busy
          .slice(0, 3)
          .map((b) => b.reference)
          .join(', ') + (busy.length > 3 ? ', …' : '');
      throw new HttpError(409, `${ramp.code} has bookings in that time (${refs}); move or cancel them first`);
    }
    const [row] = await sql<ClosureRow[]>`
      INSERT INTO ramp_closures (ramp_id, starts_at, ends_at, reason, time_zone, created_by)
      VALUES (${rampId}, ${toIso(data.starts_at)}, ${toIso(data.ends_at)}, ${data.reason}, ${siteZone}, ${actor.id})
      RETURNING id, ramp_id, starts_at, ends_at, reason, created_at`;
    await appendEvent(sql, {
      entity: 'ramp',
      action: 'updated',
      entityId: rampId,
      direction: null,
      actor,
      payload: await rampWithRules(sql, rampId, siteZone),
    });
    return toClosure(row!);
  });
}

export async function deleteClosure(db: Db, actor: Actor, siteZone: string, id: number): Promise<void> {
  await inWriteTransaction(db, async (_tx, sql) => {
    const [found] = await sql<{ ramp_id: number }[]>`SELECT ramp_id FROM ramp_closures WHERE id = ${id}`;
    if (!found) throw notFound('Closure');
    await assertRamp(sql, found.ramp_id, true);
    const [row] = await sql`DELETE FROM ramp_closures WHERE id = ${id} RETURNING id`;
    if (!row) throw notFound('Closure');
    await appendEvent(sql, {
      entity: 'ramp',
      action: 'updated',
      entityId: found.ramp_id,
      direction: null,
      actor,
      payload: await rampWithRules(sql, found.ramp_id, siteZone),
    });
  });
}

/** The ramps with their rules for a snapshot of [from, to): the board and the TV shade closed time from them. */
export async function withRules(db: Db, siteZone: string, ramps: Ramp[], from: Date, to: Date): Promise<Ramp[]> {
  const [hours, closures] = await Promise.all([
    db.$client<(HoursRow & { ramp_id: number })[]>`SELECT ramp_id, weekday, opens, closes, time_zone FROM ramp_hours ORDER BY ramp_id, weekday, opens`,
    db.$client<ClosureRow[]>`
      SELECT id, ramp_id, starts_at, ends_at, reason, created_at FROM ramp_closures
      WHERE tstzrange(starts_at, ends_at, '[)') && tstzrange(${toIso(from)}::timestamptz, ${toIso(to)}::timestamptz, '[)') ORDER BY starts_at`,
  ]);
  return ramps.map((r) => ({
    ...r,
    rules: {
      ...toHours(
        r.id,
        hours.filter((h) => h.ramp_id === r.id),
        siteZone,
      ),
      closures: closures.filter((c) => c.ramp_id === r.id).map(toClosure),
    },
  }));
}
