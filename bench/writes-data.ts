/**
 * The data bench/writes.ts writes to, put straight into the database: bench
 * ramps (both directions), loads, and half of all windows assigned; and the
 * client cache rebuilt from it before each phase.
 */
import type postgres from 'postgres';
import { log, mulberry32, sleep } from '@/bench/lib-util';
import type { Actor } from '@/bench/writes-targets';
import { ClientState, SLOTS_PER_DAY, type SlotGrid, type World } from '@/bench/writes-workload';

export type BenchData = { statusIds: number[]; operators: Actor[]; rampIds: number[]; loadIds: number[]; loadCount: number; initialAssignments: number };

/** Ramps, loads and the first assignments, shuffled into the windows by a PRNG seeded with `seed`. */
export async function createBenchData(sql: postgres.Sql, grid: SlotGrid, seed: number): Promise<BenchData> {
  const setupStarted = performance.now();
  const statuses = await sql<{ id: number; code: string }[]>`SELECT id, code FROM statuses ORDER BY sort_order`;
  const statusIds = statuses.filter((s) => s.code !== 'CANCELLED').map((s) => s.id);
  const [admin] = await sql<{ id: number }[]>`SELECT id FROM users WHERE email = 'admin@dcdock.com'`;
  const operators = await sql<Actor[]>`SELECT id, email FROM users WHERE role = 'OPERATOR' ORDER BY email`;
  const rampIds = (
    await sql<{ id: number }[]>`
      INSERT INTO ramps (code, description, kind, sort_order)
      SELECT 'WB' || lpad(g::text, 3, '0'), 'Bench ramp ' || g, 'BOTH', 1000 + g FROM generate_series(1, ${grid.ramps}) g
      RETURNING id`
  ).map((r) => r.id);
  const loadCount = Math.ceil(grid.count * 0.8);
  const loadIds = (
    await sql<{ id: number }[]>`
      INSERT INTO loads (reference, direction, notes)
      SELECT 'WB-' || lpad(g::text, 6, '0'), (CASE WHEN g % 2 = 0 THEN 'IB' ELSE 'OB' END)::direction, 'bench load ' || g
      FROM generate_series(1, ${loadCount}) g
      RETURNING id`
  ).map((r) => r.id);
  const random = mulberry32(seed);
  const order = Array.from({ length: grid.count }, (_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const initial = order.slice(0, Math.floor(grid.count / 2));
  const windows = initial.map((s) => grid.windowIn(s, random));
  await sql`
    INSERT INTO assignments (ramp_id, load_id, status_id, eta_in, eta_out, created_by, updated_by)
    SELECT r, l, ${statusIds[0]!}, i, o, ${admin!.id}, ${admin!.id}
    FROM unnest(${sql.array(initial.map((s) => rampIds[grid.slotOf(s).rampIndex]!))}::int[], ${sql.array(loadIds.slice(0, initial.length))}::int[],
                ${sql.array(windows.map((w) => w.eta_in))}::timestamptz[], ${sql.array(windows.map((w) => w.eta_out))}::timestamptz[]) AS t(r, l, i, o)`;
  await sql`VACUUM ANALYZE`;
  log(
    `bench data: ${grid.ramps} ramps × ${grid.days} days × ${SLOTS_PER_DAY} windows, ${loadCount} loads, ${initial.length} assignments (${Math.round(performance.now() - setupStarted)} ms)`,
  );
  return { statusIds, operators, rampIds, loadIds, loadCount, initialAssignments: initial.length };
}

/** The client cache, rebuilt from the database before each phase. */
export async function loadWorld(sql: postgres.Sql, grid: SlotGrid, data: BenchData, seed: number): Promise<World> {
  const { rampIds, loadIds, statusIds } = data;
  const state = new ClientState(grid);
  const rampIndex = new Map(rampIds.map((id, i) => [id, i]));
  const used = new Set<number>();
  const usedLoads = new Set<number>();
  const rows = await sql<{ id: number; version: number; ramp_id: number; load_id: number; eta_in: Date }[]>`
    SELECT id, version, ramp_id, load_id, eta_in FROM assignments WHERE ramp_id = ANY(${sql.array(rampIds)}::int[])`;
  for (const r of rows) {
    const slot = grid.slotIndex(rampIndex.get(r.ramp_id)!, r.eta_in.getTime());
    used.add(slot);
    usedLoads.add(r.load_id);
    state.addEntry({ id: r.id, version: r.version, slot, loadId: r.load_id, inFlight: 0, touches: 0 });
  }
  for (let s = 0; s < grid.count; s++) if (!used.has(s)) state.freeSlots.add(s);
  for (const id of loadIds) if (!usedLoads.has(id)) state.freeLoads.add(id);
  if (process.env.BENCH_DEBUG)
    log(`world: hot ${state.hot.size}, cold ${state.cold.size}, free windows ${state.freeSlots.size}, free loads ${state.freeLoads.size}`);
  return { state, rampIds, statusIds, random: mulberry32(seed) };
}

/** Before each phase: fresh planner statistics after the previous phase's churn, then a short pause. */
export async function settle(sql: postgres.Sql): Promise<void> {
  await sql`VACUUM ANALYZE assignments, event_counter, board_events`;
  await sleep(200);
}
