import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDb } from '@/server/db/client';
import { migrateDatabase } from '@/server/db/migrate';
import { seedDemoData } from '@/server/db/seed';

// SPEC §9 demo data (server/db/seed-rules.ts): working hours for every ramp, a Sunday closure, and a demo
// board that looks right whenever it is first started: none of its trucks on closed time, no demo ramp
// closed at that moment, whatever the weekday or hour (CI runs at any time, Sunday 02:00 included).
const base = () => inject('pgBase');
const EMPTY = `t_empty_${randomBytes(4).toString('hex')}`;
const made: string[] = [];
const admin = () => postgres(`${base()}/postgres`, { max: 1, onnotice: () => {} });

beforeAll(async () => {
  const a = admin();
  await a.unsafe(`CREATE DATABASE ${EMPTY}`);
  await a.end();
  await migrateDatabase(`${base()}/${EMPTY}`);
}, 120_000);
afterAll(async () => {
  const a = admin();
  for (const name of [...made, EMPTY]) await a.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await a.end();
});

async function seededAt(now: string, zone: string) {
  const name = `t_demo_${randomBytes(4).toString('hex')}`;
  const a = admin();
  await a.unsafe(`CREATE DATABASE ${name} TEMPLATE ${EMPTY}`);
  await a.end();
  made.push(name);
  const db = createDb(`${base()}/${name}`, 2);
  await seedDemoData(db, new Date(now), { timeZone: zone });
  return db;
}

describe('the demo’s working hours', () => {
  it.each([
    ['Sunday 02:00', '2026-12-06T02:00:00Z', 'UTC'],
    ['Saturday 21:30', '2026-12-05T21:30:00Z', 'UTC'],
    ['Sunday 23:00', '2026-12-06T23:00:00Z', 'UTC'],
    ['Sunday noon in Amsterdam', '2026-12-06T11:00:00Z', 'Europe/Amsterdam'],
    ['a Wednesday morning (the test template’s)', '2030-06-12T10:07:00Z', 'Europe/Amsterdam'],
  ])('seeded on %s: every truck inside the hours, no ramp closed now, every ramp with hours', async (_when, now, zone) => {
    const db = await seededAt(now, zone);
    const sql = db.$client;
    const refused = await sql`
      SELECT r.code, l.reference, ramp_window_refusal(a.ramp_id, a.eta_in, a.eta_out) AS why
      FROM assignments a JOIN ramps r ON r.id = a.ramp_id JOIN loads l ON l.id = a.load_id
      WHERE ramp_window_refusal(a.ramp_id, a.eta_in, a.eta_out) IS NOT NULL`;
    expect(refused).toEqual([]);
    expect(Number((await sql`SELECT count(*) AS n FROM assignments`)[0]!.n)).toBe(20);
    const closedNow =
      await sql`SELECT code FROM ramps WHERE ramp_window_refusal(id, ${now}::timestamptz, ${now}::timestamptz + interval '1 minute') IS NOT NULL`;
    expect(closedNow).toEqual([]);
    const withHours = await sql`SELECT DISTINCT r.code, h.time_zone FROM ramps r JOIN ramp_hours h ON h.ramp_id = r.id ORDER BY r.code`;
    expect(withHours).toEqual(['R1', 'R2', 'R3', 'R4', 'R5', 'R6', 'R7', 'R8'].map((code) => ({ code, time_zone: zone })));
    // The Sunday closure: Bay D's levellers, on a Sunday night after the demo's trucks.
    const closures = await sql`SELECT r.code, c.reason, c.starts_at, extract(dow FROM c.starts_at AT TIME ZONE ${zone})::int AS dow
      FROM ramp_closures c JOIN ramps r ON r.id = c.ramp_id ORDER BY r.code`;
    expect(closures.map((c) => [c.code, c.reason, c.dow])).toEqual([
      ['R7', 'Bay D dock levellers serviced', 0],
      ['R8', 'Bay D dock levellers serviced', 0],
    ]);
    expect(new Date(closures[0]!.starts_at).getTime()).toBeGreaterThan(Date.parse(now) + 7 * 3_600_000);
    await sql.end();
  });

  it('a Sunday away from the demo’s trucks is closed until 22:00, in plain words; Monday to Saturday run round the clock', async () => {
    const db = await seededAt('2030-06-12T10:07:00Z', 'UTC');
    const sql = db.$client;
    const why = async (from: string, to: string) =>
      (await sql`SELECT ramp_window_refusal(id, ${from}::timestamptz, ${to}::timestamptz) AS why FROM ramps WHERE code = 'R3'`)[0]!.why;
    expect(await why('2030-06-23T10:00:00Z', '2030-06-23T11:00:00Z')).toBe('R3 opens at 22:00 on Sundays');
    expect(await why('2030-06-23T22:00:00Z', '2030-06-24T01:00:00Z')).toBeNull();
    expect(await why('2030-06-22T23:00:00Z', '2030-06-23T01:00:00Z')).toBe('R3 opens at 22:00 on Sundays');
    expect(await why('2030-06-18T02:00:00Z', '2030-06-18T03:00:00Z')).toBeNull();
    await sql.end();
  });
});
