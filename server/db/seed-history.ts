import type { Assignment } from '@/lib/schemas/assignments';
import { dayOf, shiftDay, zonedToInstant } from '@/lib/zoned-time';
import type { Actor } from '@/server/auth/actor';
import { checkOut } from '@/server/assignments/check-out';
import { createAssignment } from '@/server/assignments/create-assignment';
import { updateAssignment } from '@/server/assignments/update-assignment';
import type { Db } from '@/server/db/client';
import { latestSeq } from '@/server/events/read-events';
import { checkIn } from '@/server/loads/check-in';
import { createLoad } from '@/server/loads/loads';

// The demo's past (issue 11, item 6): the last 30 site days of plausible trucks,
// written through the same domain functions as the API (book the load, plan it,
// check in at the gate, start, complete, check out), so /reports, the KPIs, the
// CSVs and /history show real figures on a newcomer's first look.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Fictional hauliers (the filter and the CSV need a few that recur). */
export const DEMO_CARRIERS = [
  'Nordline Freight',
  'Baltic Haulage',
  'Alpine Transport',
  'Westway Trucking',
  'Danube Express',
  'Iberia Cargo',
  'Carpathia Trans',
  'Meridian Road',
];

export type HistoryContext = {
  timeZone: string;
  now: Date;
  days: number;
  /** Who books loads (an admin) and who works the gate and the doors (operators, in turn). */
  planner: Actor;
  operators: Actor[];
  status: (code: string) => number;
  /** Ramp ids by code; IB trucks use `ib`, OB trucks `ob`. */
  ramps: { ib: number[]; ob: number[] };
  notes: { IB: string[]; OB: string[] };
};

type Direction = 'IB' | 'OB';
type Truck = {
  reference: string;
  direction: Direction;
  ramp: number;
  carrier: string;
  notes: string;
  etaIn: number;
  etaOut: number;
  bookedAt: number;
  plannedAt: number;
  /** Null: a no-show (left PLANNED, or set to DELAYED once it was late). */
  actual: { arrived: number; started: number; completed: number; departed: number } | null;
  delayedAt: number | null;
};

/** A small seeded generator: the same demo on every first boot. */
function random(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    between: (lo: number, hi: number) => lo + next() * (hi - lo),
    pick: <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!,
  };
}

const minute = (ms: number) => Math.round(ms / MINUTE) * MINUTE;

/** What happened to one truck: mostly on time, some late, a few no-shows; dwell (arrived → departed) 40–120 min. */
function outcomeOf(rng: ReturnType<typeof random>, etaIn: number): Pick<Truck, 'actual' | 'delayedAt'> {
  const roll = rng.next();
  if (roll < 0.03) return { actual: null, delayedAt: rng.next() < 0.5 ? minute(etaIn + rng.between(20, 50) * MINUTE) : null };
  const late = roll > 0.89;
  const arrived = minute(etaIn + (late ? rng.between(17, 95) : rng.between(-25, 13)) * MINUTE);
  const dwell = rng.between(40, 120);
  const wait = rng.between(4, Math.min(35, dwell - 30));
  const exit = rng.between(4, 12);
  const started = minute(arrived + wait * MINUTE);
  const completed = minute(started + (dwell - wait - exit) * MINUTE);
  const departed = Math.max(completed, minute(arrived + dwell * MINUTE));
  return { actual: { arrived, started, completed, departed }, delayedAt: null };
}

/** The trucks of the last `days` site days: per ramp a few slots between 06:00 and 20:00, fewer on Saturdays, hardly any on Sundays. */
export function planHistory(ctx: Pick<HistoryContext, 'timeZone' | 'now' | 'days' | 'ramps' | 'notes'>): Truck[] {
  const rng = random(20261201);
  const today = dayOf(ctx.now, ctx.timeZone);
  const trucks: Truck[] = [];
  for (let back = ctx.days; back >= 1; back--) {
    const day = shiftDay(today, -back);
    const [y, m, d] = day.split('-').map(Number) as [number, number, number];
    const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
    const perRamp = weekday === 0 ? 0 : weekday === 6 ? 2 : 3;
    const stamp = day.slice(2).replaceAll('-', '');
    const counters = { IB: 0, OB: 0 };
    for (const direction of ['IB', 'OB'] as const) {
      const ramps = direction === 'IB' ? ctx.ramps.ib : ctx.ramps.ob;
      ramps.forEach((ramp, i) => {
        // Sundays: one truck each way on the first ramp.
        const slots = weekday === 0 ? (i === 0 ? 1 : 0) : perRamp + (rng.next() < 0.35 ? 1 : 0);
        const start = zonedToInstant(y, m, d, 6, 0, ctx.timeZone).getTime();
        let at = start + (i * 20 + rng.between(0, 40)) * MINUTE;
        for (let k = 0; k < slots; k++) {
          const etaIn = minute(at);
          const etaOut = etaIn + (rng.next() < 0.5 ? 90 : 120) * MINUTE;
          // Done by 19:30: today's demo blocks may start at 20:00 of the day before (seed.ts, 4 h before now).
          if (etaOut > start + 13.5 * HOUR) break;
          const bookedAt = minute(etaIn - rng.between(18, 44) * HOUR);
          const n = ++counters[direction];
          trucks.push({
            reference: `${direction}-${stamp}-${String(n).padStart(2, '0')}`,
            direction,
            ramp,
            carrier: rng.pick(DEMO_CARRIERS),
            notes: rng.pick(ctx.notes[direction]),
            etaIn,
            etaOut,
            bookedAt,
            plannedAt: minute(bookedAt + rng.between(10, 180) * MINUTE),
            ...outcomeOf(rng, etaIn),
          });
          at = etaOut + rng.between(30, 100) * MINUTE;
        }
      });
    }
  }
  return trucks;
}

type Step = { at: number; truck: number; run: () => Promise<void> };

/**
 * Writes the planned trucks in the order things happened (so the event log's
 * seq follows the clock), at most `concurrency` writes at once, one truck's
 * steps one after the other. Then the clock columns the database stamped with
 * now() (events' created_at, rows' created_at/updated_at) are set to the
 * moment each write stands for: the history screens and the history CSV
 * group by them. The facts themselves (statuses, actual times) are the
 * domain functions' own.
 */
export async function seedHistory(db: Db, ctx: HistoryContext, concurrency = 6): Promise<{ trucks: number; writes: number }> {
  const trucks = planHistory(ctx);
  const firstSeq = await latestSeq(db);
  const loadIds: number[] = [];
  const current: (Assignment | undefined)[] = [];
  // Per entity, the simulated time of each of its events, in order.
  const eventTimes = new Map<string, number[]>();
  const stamp = (key: string, at: number) => eventTimes.set(key, [...(eventTimes.get(key) ?? []), at]);
  let op = 0;
  const operator = () => ctx.operators[op++ % ctx.operators.length]!;

  const steps: Step[] = [];
  trucks.forEach((t, i) => {
    const add = (at: number, run: () => Promise<void>) => steps.push({ at, truck: i, run });
    const update = (at: number, status: string, times: Record<string, Date> = {}) =>
      add(at, async () => {
        const a = current[i]!;
        current[i] = await updateAssignment(db, operator(), a.id, { version: a.version, status_id: ctx.status(status), ...times });
        stamp(`assignment:${a.id}`, at);
      });
    add(t.bookedAt, async () => {
      const load = await createLoad(db, ctx.planner, {
        reference: t.reference,
        direction: t.direction,
        planned_arrival: new Date(t.etaIn),
        planned_departure: new Date(t.etaOut),
        notes: t.notes,
        carrier: t.carrier,
      });
      loadIds[i] = load.id;
      stamp(`load:${load.id}`, t.bookedAt);
    });
    add(t.plannedAt, async () => {
      const a = await createAssignment(db, ctx.planner, {
        ramp_id: t.ramp,
        load_id: loadIds[i]!,
        status_id: ctx.status('PLANNED'),
        eta_in: new Date(t.etaIn),
        eta_out: new Date(t.etaOut),
      });
      current[i] = a;
      stamp(`assignment:${a.id}`, t.plannedAt);
    });
    if (t.delayedAt !== null) update(t.delayedAt, 'DELAYED');
    const x = t.actual;
    if (!x) return;
    add(x.arrived, async () => {
      const res = await checkIn(db, operator(), loadIds[i]!, { at: new Date(x.arrived) });
      current[i] = res.assignment!;
      stamp(`assignment:${res.assignment!.id}`, x.arrived);
    });
    update(x.started, 'IN_PROGRESS', { started_at: new Date(x.started) });
    update(x.completed, 'COMPLETED', { completed_at: new Date(x.completed) });
    add(x.departed, async () => {
      current[i] = await checkOut(db, operator(), current[i]!.id, { at: new Date(x.departed) });
      stamp(`assignment:${current[i]!.id}`, x.departed);
    });
  });
  steps.sort((a, b) => a.at - b.at);

  // A pool of writers over the time-ordered steps; a truck's next step waits for its previous one.
  const previous: Promise<void>[] = [];
  let nextStep = 0;
  const writer = async () => {
    while (nextStep < steps.length) {
      const step = steps[nextStep++]!;
      const before = previous[step.truck] ?? Promise.resolve();
      const done = before.then(step.run);
      previous[step.truck] = done;
      await done;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, writer));

  await backdate(db, firstSeq, eventTimes, trucks, loadIds, current);
  return { trucks: trucks.length, writes: steps.length };
}

/** The clock columns of the rows and events just written, set to the simulated times (one statement per table). */
async function backdate(db: Db, firstSeq: number, eventTimes: Map<string, number[]>, trucks: Truck[], loadIds: number[], current: (Assignment | undefined)[]) {
  const sql = db.$client;
  const events = await sql<{ seq: string; entity: string; entity_id: number }[]>`
    SELECT seq, entity, entity_id FROM board_events WHERE seq > ${firstSeq} ORDER BY seq`;
  const seen = new Map<string, number>();
  const stamped: { seq: string; at: string }[] = [];
  for (const e of events) {
    const key = `${e.entity}:${e.entity_id}`;
    const k = seen.get(key) ?? 0;
    seen.set(key, k + 1);
    const at = eventTimes.get(key)?.[k];
    if (at !== undefined) stamped.push({ seq: e.seq, at: new Date(at).toISOString() });
  }
  const iso = (ms: number) => new Date(ms).toISOString();
  const rows = trucks.map((t, i) => ({
    load: loadIds[i]!,
    assignment: current[i]!.id,
    booked: iso(t.bookedAt),
    planned: iso(t.plannedAt),
    last: iso(t.actual?.departed ?? t.delayedAt ?? t.plannedAt),
  }));
  // The values travel as one JSON parameter each: postgres.js sends them as text, PostgreSQL spreads them into rows.
  await sql.begin(async (tx) => {
    await tx`UPDATE board_events e SET created_at = v.at
      FROM jsonb_to_recordset(${JSON.stringify(stamped)}::jsonb) AS v(seq bigint, at timestamptz) WHERE e.seq = v.seq`;
    await tx`UPDATE loads l SET created_at = v.booked, updated_at = v.booked
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS v(load int, booked timestamptz) WHERE l.id = v.load`;
    await tx`UPDATE assignments a SET created_at = v.planned, updated_at = v.last
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS v(assignment int, planned timestamptz, last timestamptz) WHERE a.id = v.assignment`;
  });
}
