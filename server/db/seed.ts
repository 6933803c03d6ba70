import { sql } from 'drizzle-orm';
import { loads, ramps, statuses, users } from '@/drizzle/schema';
import type { ActualTimes } from '@/lib/schemas/assignments';
import type { Actor } from '@/server/auth/actor';
import { hashPassword } from '@/server/auth/passwords';
import { createAssignment } from '@/server/assignments/create-assignment';
import type { Db } from '@/server/db/client';
import { seedCarriers } from '@/server/db/seed-carriers';
import { DEMO_CARRIERS, seedHistory } from '@/server/db/seed-history';
import { seedRules } from '@/server/db/seed-rules';

export const DEMO_ACCOUNTS = [
  { email: 'admin@dcdock.com', password: 'admin123', fullName: 'Admin User', role: 'ADMIN' },
  { email: 'admin2@dcdock.com', password: 'admin123', fullName: 'Second Admin', role: 'ADMIN' },
  { email: 'operator1@dcdock.com', password: 'operator123', fullName: 'John Operator', role: 'OPERATOR' },
  { email: 'operator2@dcdock.com', password: 'operator123', fullName: 'Jane Operator', role: 'OPERATOR' },
  { email: 'operator3@dcdock.com', password: 'operator123', fullName: 'Bob Operator', role: 'OPERATOR' },
  { email: 'operator4@dcdock.com', password: 'operator123', fullName: 'Alice Operator', role: 'OPERATOR' },
  { email: 'supervisor@dcdock.com', password: 'supervisor123', fullName: 'Sam Supervisor', role: 'SUPERVISOR' },
] as const;

export const DEMO_STATUSES = [
  { code: 'PLANNED', label: 'Planned', color: 'blue' },
  { code: 'ARRIVED', label: 'Arrived', color: 'cyan' },
  { code: 'IN_PROGRESS', label: 'In progress', color: 'yellow' },
  { code: 'DELAYED', label: 'Delayed', color: 'orange' },
  { code: 'COMPLETED', label: 'Completed', color: 'green' },
  { code: 'CANCELLED', label: 'Cancelled', color: 'red' },
  // SPEC §9: a carrier's request holds its window until approved (→ PLANNED); a declined one frees it, as CANCELLED does.
  { code: 'REQUESTED', label: 'Requested', color: 'purple' },
  { code: 'DECLINED', label: 'Declined', color: 'gray' },
] as const;

// R1–R4 load trucks (bays A/B), R5–R8 unload them (bays C/D); R1, R2, R7 and R8
// take either direction, as the original demo put IB loads on R1.
const DEMO_RAMPS = [
  { code: 'R1', description: 'Ramp 1 - Loading Bay A', kind: 'BOTH' },
  { code: 'R2', description: 'Ramp 2 - Loading Bay A', kind: 'BOTH' },
  { code: 'R3', description: 'Ramp 3 - Loading Bay B', kind: 'OB' },
  { code: 'R4', description: 'Ramp 4 - Loading Bay B', kind: 'OB' },
  { code: 'R5', description: 'Ramp 5 - Unloading Bay C', kind: 'IB' },
  { code: 'R6', description: 'Ramp 6 - Unloading Bay C', kind: 'IB' },
  { code: 'R7', description: 'Ramp 7 - Unloading Bay D', kind: 'BOTH' },
  { code: 'R8', description: 'Ramp 8 - Unloading Bay D', kind: 'BOTH' },
] as const;

const IB_NOTES = [
  'Electronics from Supplier A',
  'Frozen goods, reefer',
  'Palletised beverages',
  'Textiles from Supplier D',
  'Electronics from Supplier E',
  'Garden furniture',
  'Household paper',
  'Spare parts, 6 pallets',
  'Pharma, temperature logged',
  'Toys, mixed pallets',
  'Returns from stores',
  'Fresh produce',
];
const OB_NOTES = [
  'Store 112 replenishment',
  'Store 87, two drops',
  'Cross-dock to Hub North',
  'Store 45 weekly',
  'E-commerce parcels',
  'Store 203 promotion',
  'Return pallets to supplier',
  'Store 19 chilled',
  'Hub South consolidation',
  'Store 64 non-food',
  'Store 150 mixed',
  'Export, sealed trailer',
];

const HOUR = 3_600_000;
const MINUTE = 60_000;

/** True when the database holds no users yet (the seed refuses anything else). */
export async function isEmpty(db: Db): Promise<boolean> {
  const [row] = await db.execute<{ n: string }>(sql`SELECT count(*) AS n FROM users`);
  return Number(row?.n ?? 0) === 0;
}

export type SeedOptions = {
  /** The site's zone (SITE_TIMEZONE), which the demo's working hours are set in; else the history's, else UTC. */
  timeZone?: string;
  /**
   * The last `days` (30) site days of trucks in `timeZone` as well (server/db/seed-history.ts):
   * what `npm start` and `npm run db:seed` give a newcomer. Tests leave it out: their template stays one day.
   */
  history?: { timeZone: string; days?: number };
};

/**
 * The demo site: the seed's accounts plus a supervisor, ramps R1–R8, the eight
 * statuses, load types, carriers, working hours and a day of loads around `now`, most of them assigned through the
 * same write path the API uses (so history and events exist). Load 1 stays
 * unassigned and fits ramp 1, as the original API document's curl example needs.
 */
export async function seedDemoData(db: Db, now = new Date(), options: SeedOptions = {}): Promise<void> {
  if (!(await isEmpty(db))) throw new Error('The database already holds data; the demo seed only fills an empty one.');
  const hashes = await Promise.all(DEMO_ACCOUNTS.map((a) => hashPassword(a.password)));
  const userRows = await db
    .insert(users)
    .values(DEMO_ACCOUNTS.map((a, i) => ({ email: a.email, fullName: a.fullName, role: a.role, passwordHash: hashes[i]! })))
    .returning();
  await ensureStatuses(db);
  const statusRows = await db.select().from(statuses);
  const rampRows = await db
    .insert(ramps)
    .values(DEMO_RAMPS.map((r, i) => ({ ...r, sortOrder: i + 1 })))
    .returning();

  // SPEC §9: three load types that fit every ramp, so the demo's bookings stay valid; no load carries one yet.
  await db.$client`INSERT INTO load_types (name, duration_minutes, ramp_kinds) VALUES
    ('Full truckload (FTL)', 90, '{IB,OB,BOTH}'), ('Part load (LTL)', 60, '{IB,OB,BOTH}'), ('Parcel van', 30, '{IB,OB,BOTH}')`;

  const hour = Math.floor(now.getTime() / HOUR) * HOUR;
  const statusId = (code: string) => statusRows.find((s) => s.code === code)!.id;
  const rampId = (code: string) => rampRows.find((r) => r.code === code)!.id;
  const year = now.getUTCFullYear();
  const operators = userRows.filter((u) => u.role === 'OPERATOR');
  const actorOf = (u: (typeof userRows)[number]): Actor => ({ id: u.id, email: u.email, fullName: u.fullName, role: u.role });

  // The past first, so the event log's seq follows the clock into today.
  if (options.history) {
    await seedHistory(db, {
      timeZone: options.history.timeZone,
      now,
      days: options.history.days ?? 30,
      planner: actorOf(userRows.find((u) => u.role === 'ADMIN')!),
      operators: operators.map(actorOf),
      status: statusId,
      ramps: { ib: ['R5', 'R6', 'R7', 'R2'].map(rampId), ob: ['R3', 'R4', 'R8', 'R1'].map(rampId) },
      notes: { IB: IB_NOTES, OB: OB_NOTES },
    });
  }

  // Three rows of slots per ramp: finished (-4 h), on dock now (-1 h), coming (+2 h).
  type Slot = { ramp: string; start: number; end: number };
  const slotsFor = (rampCodes: string[]): Slot[] =>
    [-4, -1, 2].flatMap((row) =>
      rampCodes.map((ramp, i) => ({ ramp, start: hour + row * HOUR + i * 30 * MINUTE, end: hour + (row + 2) * HOUR + i * 30 * MINUTE })),
    );
  const plan = [
    { direction: 'IB' as const, notes: IB_NOTES, slots: slotsFor(['R5', 'R6', 'R7', 'R2']) },
    { direction: 'OB' as const, notes: OB_NOTES, slots: slotsFor(['R3', 'R4', 'R8', 'R1']) },
  ];

  // Loads 1–12 are IB, 13–24 OB; 1, 12, 13 and 24 stay unassigned.
  const loadRows = [];
  for (const { direction, notes, slots } of plan) {
    for (let i = 0; i < 12; i++) {
      const slot = i >= 1 && i <= 10 ? slots[i - 1]! : undefined;
      const start = slot?.start ?? hour + (i === 0 ? 3 : 5) * HOUR;
      const [row] = await db
        .insert(loads)
        .values({
          reference: `${direction}-${year}-${String(i + 1).padStart(3, '0')}`,
          direction,
          plannedArrival: new Date(start),
          plannedDeparture: new Date(start + 2 * HOUR),
          notes: notes[i]!,
          carrier: DEMO_CARRIERS[(i * 3 + (direction === 'IB' ? 0 : 1)) % DEMO_CARRIERS.length]!,
        })
        .returning();
      loadRows.push({ load: row!, slot });
    }
  }

  let n = 0;
  for (const { load, slot } of loadRows) {
    if (!slot) continue;
    const actor = actorOf(operators[n++ % operators.length]!);
    const status =
      slot.end <= now.getTime() ? 'COMPLETED' : slot.start <= now.getTime() ? (n % 3 === 0 ? 'ARRIVED' : 'IN_PROGRESS') : n % 5 === 0 ? 'DELAYED' : 'PLANNED';
    await createAssignment(db, actor, {
      ramp_id: rampId(slot.ramp),
      load_id: load.id,
      status_id: statusId(status),
      eta_in: new Date(slot.start),
      eta_out: new Date(slot.end),
      ...actualsOf(status, slot.start, slot.end, now.getTime(), n),
    });
  }
  await seedCarriers(db);
  await seedRules(db, now, options.timeZone ?? options.history?.timeZone ?? 'UTC');
}

/**
 * Actual times that agree with a seeded status (SPEC §8): left out, they would be recorded
 * as the seed's own now, and the morning's trucks would count as late arrivals and no-shows.
 */
function actualsOf(status: string, start: number, end: number, now: number, n: number): ActualTimes {
  const early = ((n % 5) - 3) * 4 * MINUTE;
  if (status === 'COMPLETED') {
    const arrived = start + early;
    const started = arrived + 12 * MINUTE;
    const completed = Math.min(started + 60 * MINUTE, end - 15 * MINUTE);
    return { arrived_at: new Date(arrived), started_at: new Date(started), completed_at: new Date(completed), departed_at: new Date(completed + 8 * MINUTE) };
  }
  if (status === 'ARRIVED' || status === 'IN_PROGRESS') {
    const arrived = Math.min(start + early, now - 10 * MINUTE);
    if (status === 'ARRIVED') return { arrived_at: new Date(arrived) };
    return { arrived_at: new Date(arrived), started_at: new Date(Math.min(arrived + 12 * MINUTE, now)) };
  }
  return {};
}

/** A real deployment's first admin, from ADMIN_EMAIL/ADMIN_PASSWORD, created only in an empty database. */
export async function ensureInitialAdmin(db: Db, admin: { email: string; password: string }): Promise<boolean> {
  if (!(await isEmpty(db))) return false;
  await db.insert(users).values({ email: admin.email, fullName: 'Administrator', role: 'ADMIN', passwordHash: await hashPassword(admin.password) });
  return true;
}

/** The six statuses are part of the product, not of the demo: every database gets them. */
export async function ensureStatuses(db: Db): Promise<void> {
  await db
    .insert(statuses)
    .values(DEMO_STATUSES.map((s, i) => ({ ...s, sortOrder: i + 1 })))
    .onConflictDoNothing();
}
