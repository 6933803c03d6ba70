/**
 * Write benchmark: mutations per second and their latency through the REST API,
 * against the same transactions sent straight to PostgreSQL in the same run.
 *
 *   npm run bench:writes -- [--seconds 5] [--levels 1,4,16,64] [--rate 50] [--pool 10] [--json path]
 *                           [--ramps 60] [--days 10] [--seed 1] [--cpu-prof dir] [--unprepared 1]
 *
 * Boots an embedded PostgreSQL in a temp dir (migrated, demo data), adds bench
 * ramps, loads and assignments, starts the DCDock API server (createApp +
 * startRealtime, no Next.js) in a child process on 127.0.0.1:0 and drives it
 * over keep-alive HTTP with a closed loop of C workers per level:
 *   ~70% PATCH (status or ETA change, carrying the version from a client-side
 *   cache shared by the workers, so two workers that touch the same assignment
 *   at once legitimately get a 409), ~15% POST (a free window and a free load),
 *   ~15% DELETE ?version=. Then a fixed-rate, open-loop run (--rate per second,
 *   latency from the scheduled send time). Then the child is stopped and the
 *   BASELINE runs the same mix with hand-written transactions through the
 *   `postgres` driver: no HTTP, no auth, no validation, no ORM.
 * Results: a table on stdout and JSON in bench/results/writes-<timestamp>.json.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import type postgres from 'postgres';
import { openPostgres } from '@/server/db/connect';
import {
  fmt,
  KeepAliveClient,
  log,
  machine,
  machineCpu,
  mulberry32,
  parseOptions,
  postgresCpuMs,
  processCpuMs,
  RESULTS_DIR,
  ROOT,
  sleep,
  stamp,
  summarize,
  table,
  type Summary,
} from '@/bench/lib-util';
import { createDb } from '@/server/db/client';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '@/server/db/embedded';
import { migrateDatabase } from '@/server/db/migrate';
import { seedDemoData } from '@/server/db/seed';
import { createLogger } from '@/server/logger';

const opts = parseOptions({ seconds: 5, levels: '1,4,16,64', rate: 50, pool: 10, ramps: 60, days: 10, seed: 1, json: '', 'cpu-prof': '', unprepared: 0 });
const levels = opts.levels.split(',').map((x) => Number(x.trim()));
if (levels.some((c) => !Number.isInteger(c) || c <= 0)) throw new Error(`--levels takes positive integers, got ${opts.levels}`);
const jsonPath = opts.json || path.join(RESULTS_DIR, `writes-${stamp()}.json`);
const WARMUP_MS = Math.min(1_000, opts.seconds * 200);
const MIX = { patch: 0.7, create: 0.15 }; // the rest: delete

// ---------------------------------------------------------------- cleanup

let tempDir: string | undefined;
let pg: EmbeddedDatabase | undefined;
let child: ChildProcess | undefined;

async function cleanup(): Promise<void> {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  if (pg) await Promise.race([pg.stop().catch(() => {}), sleep(10_000)]);
  pg = undefined;
  if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  tempDir = undefined;
}

const budgetMs = 240_000 + levels.length * 2 * (opts.seconds * 1000 + WARMUP_MS + 5_000) + 2 * (opts.seconds * 1000 + 10_000);
const watchdog = setTimeout(() => {
  console.error(`benchmark exceeded its time budget (${Math.round(budgetMs / 1000)} s); stopping`);
  void cleanup().finally(() => process.exit(2));
}, budgetMs);
watchdog.unref();
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void cleanup().finally(() => process.exit(130)));

// ---------------------------------------------------------------- the board the workers write to

const HOUR = 3_600_000;
const MINUTE = 60_000;
const SLOTS_PER_DAY = 8; // 3-hour windows; an assignment never leaves its window, so windows never overlap
const SLOT_MS = 3 * HOUR;
const BASE = Date.UTC(2031, 0, 6); // far from the demo day

type Slot = { rampIndex: number; day: number; k: number };
const slotCount = opts.ramps * opts.days * SLOTS_PER_DAY;
const slotOf = (i: number): Slot => ({ rampIndex: Math.floor(i / (opts.days * SLOTS_PER_DAY)), day: Math.floor(i / SLOTS_PER_DAY) % opts.days, k: i % SLOTS_PER_DAY });
const slotIndex = (rampIndex: number, t: number) => {
  const rel = t - BASE;
  const day = Math.floor(rel / (24 * HOUR));
  const k = Math.floor((rel - day * 24 * HOUR) / SLOT_MS);
  return (rampIndex * opts.days + day) * SLOTS_PER_DAY + k;
};
const slotStart = (i: number) => {
  const s = slotOf(i);
  return BASE + s.day * 24 * HOUR + s.k * SLOT_MS;
};
/** A window inside slot i: offset 0–60 min, 60–120 min long (always within the 3 hours). */
function windowIn(i: number, random: () => number): { eta_in: string; eta_out: string } {
  const start = slotStart(i) + Math.floor(random() * 5) * 15 * MINUTE;
  const length = (4 + Math.floor(random() * 5)) * 15 * MINUTE;
  return { eta_in: new Date(start).toISOString(), eta_out: new Date(start + length).toISOString() };
}

/** A set with O(1) add, delete and random pick. */
class PickSet {
  private items: number[] = [];
  private index = new Map<number, number>();
  get size() {
    return this.items.length;
  }
  add(x: number) {
    if (this.index.has(x)) return;
    this.index.set(x, this.items.length);
    this.items.push(x);
  }
  delete(x: number) {
    const i = this.index.get(x);
    if (i === undefined) return;
    const last = this.items.pop()!;
    this.index.delete(x);
    if (i < this.items.length) {
      this.items[i] = last;
      this.index.set(last, i);
    }
  }
  pick(random: () => number): number | undefined {
    return this.items.length ? this.items[Math.floor(random() * this.items.length)] : undefined;
  }
  take(random: () => number): number | undefined {
    const x = this.pick(random);
    if (x !== undefined) this.delete(x);
    return x;
  }
}

/** `inFlight`/`touches`: how many mutations of it are on the way / were ever sent, to tell a 409 from a race from one without. */
type Entry = { id: number; version: number; slot: number; loadId: number; inFlight: number; touches: number };

/**
 * What the clients know: the assignments with the version they last saw (a
 * cache shared by all workers, as if every screen were perfectly live), free
 * windows and free loads. Day 0 is "the current shift": half the PATCHes go there;
 * creates and deletes spread over all days, so the shift keeps its size.
 */
class ClientState {
  readonly entries = new Map<number, Entry>();
  readonly hot = new PickSet();
  readonly cold = new PickSet();
  readonly freeSlots = new PickSet();
  readonly freeLoads = new PickSet();

  addEntry(e: Entry) {
    this.entries.set(e.id, e);
    (slotOf(e.slot).day === 0 ? this.hot : this.cold).add(e.id);
  }
  removeEntry(id: number): Entry | undefined {
    const e = this.entries.get(id);
    if (!e) return undefined;
    this.entries.delete(id);
    this.hot.delete(id);
    this.cold.delete(id);
    return e;
  }
  saw(id: number, version: number | undefined) {
    const e = this.entries.get(id);
    if (e && version !== undefined && version > e.version) e.version = version;
  }
  /** With `shift`, half the picks go to the current shift; without, every assignment is equally likely. */
  pickEntry(random: () => number, shift: boolean): Entry | undefined {
    const pHot = shift ? 0.5 : this.hot.size / Math.max(1, this.hot.size + this.cold.size);
    const set = random() < pHot && this.hot.size ? this.hot : this.cold.size ? this.cold : this.hot;
    const id = set.pick(random);
    return id === undefined ? undefined : this.entries.get(id);
  }
}

// ---------------------------------------------------------------- targets

type Outcome = { kind: 'ok' | 'conflict' | 'gone' | 'rejected' | 'error'; version?: number; id?: number; detail?: string };
type Change = { status_id?: number; eta_in?: string; eta_out?: string };

interface Target {
  name: 'rest' | 'baseline';
  patch(worker: number, id: number, version: number, change: Change): Promise<Outcome>;
  create(worker: number, rampId: number, loadId: number, w: { eta_in: string; eta_out: string }): Promise<Outcome>;
  remove(worker: number, id: number, version: number): Promise<Outcome>;
}

function restTarget(client: KeepAliveClient, tokens: string[]): Target {
  const token = (w: number) => tokens[w % tokens.length]!;
  const answer = (r: { status: number; text: string; error?: string }, okStatus: number): Outcome => {
    if (r.status === okStatus) {
      if (!r.text) return { kind: 'ok' };
      const body = JSON.parse(r.text) as { id: number; version: number };
      return { kind: 'ok', id: body.id, version: body.version };
    }
    if (r.status === 409) {
      const body = JSON.parse(r.text) as { current_version?: number; detail?: string };
      if (typeof body.current_version === 'number') return { kind: 'conflict', version: body.current_version };
      return { kind: 'rejected', detail: `409 ${body.detail}` };
    }
    if (r.status === 404) return { kind: 'gone' };
    if (r.status >= 400 && r.status < 500) return { kind: 'rejected', detail: `${r.status} ${r.text.slice(0, 200)}` };
    return { kind: 'error', detail: `${r.status} ${r.error ?? r.text.slice(0, 200)}` };
  };
  return {
    name: 'rest',
    patch: async (w, id, version, change) => answer(await client.send('PATCH', `/api/assignments/${id}`, token(w), { version, ...change }), 200),
    create: async (w, rampId, loadId, win) => answer(await client.send('POST', '/api/assignments', token(w), { ramp_id: rampId, load_id: loadId, ...win }), 201),
    remove: async (w, id, version) => answer(await client.send('DELETE', `/api/assignments/${id}?version=${version}`, token(w)), 204),
  };
}

type Actor = { id: number; email: string };

/** The write path by hand: the same statements, in one transaction, straight through the driver. */
function baselineTarget(sql: postgres.Sql, actors: Actor[]): Target {
  const actor = (w: number) => actors[w % actors.length]!;
  // `changed`: read the rows of a data-modifying or locking CTE named `a`, as the write path does.
  const joined = (changed?: postgres.PendingQuery<postgres.Row[]>) => sql`
    ${changed ?? sql``}
    SELECT a.id, a.ramp_id, a.load_id, a.status_id, a.eta_in, a.eta_out, a.version, a.created_by, a.updated_by, a.created_at, a.updated_at,
           r.code AS r_code, r.description AS r_description, r.kind AS r_kind,
           l.reference AS l_reference, l.direction AS l_direction, l.planned_arrival AS l_planned_arrival,
           l.planned_departure AS l_planned_departure, l.notes AS l_notes,
           s.code AS s_code, s.label AS s_label, s.color AS s_color,
           c.email AS c_email, c.full_name AS c_full_name, u.email AS u_email, u.full_name AS u_full_name
    FROM ${changed ? sql`a` : sql`assignments a`}
    JOIN ramps r ON r.id = a.ramp_id JOIN loads l ON l.id = a.load_id JOIN statuses s ON s.id = a.status_id
    LEFT JOIN users c ON c.id = a.created_by LEFT JOIN users u ON u.id = a.updated_by`;
  const locked = (tx: postgres.TransactionSql, id: number) => tx`${joined(tx`WITH a AS MATERIALIZED (SELECT * FROM assignments WHERE id = ${id} FOR UPDATE)`)}`;
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  const shape = (x: postgres.Row) => ({
    id: x.id,
    ramp_id: x.ramp_id,
    load_id: x.load_id,
    status_id: x.status_id,
    eta_in: iso(x.eta_in),
    eta_out: iso(x.eta_out),
    version: x.version,
    created_by: x.created_by,
    updated_by: x.updated_by,
    created_at: iso(x.created_at),
    updated_at: iso(x.updated_at),
    ramp: { id: x.ramp_id, code: x.r_code, description: x.r_description, kind: x.r_kind },
    load: { id: x.load_id, reference: x.l_reference, direction: x.l_direction, planned_arrival: iso(x.l_planned_arrival), planned_departure: iso(x.l_planned_departure), notes: x.l_notes },
    status: { id: x.status_id, code: x.s_code, label: x.s_label, color: x.s_color },
    creator: x.created_by === null ? null : { id: x.created_by, email: x.c_email, full_name: x.c_full_name },
    updater: x.updated_by === null ? null : { id: x.updated_by, email: x.u_email, full_name: x.u_full_name },
  });
  const append = (tx: postgres.TransactionSql, type: string, entityId: number, direction: string | null, a: Actor, payload: unknown, before: unknown) => tx`
    WITH c AS (UPDATE event_counter SET seq = seq + 1 WHERE id = 1 RETURNING seq),
    e AS (
      INSERT INTO board_events (seq, type, entity, entity_id, direction, actor_id, actor_email, payload, before)
      SELECT c.seq, ${type}, 'assignment', ${entityId}, ${direction}, ${a.id}, ${a.email}, ${JSON.stringify(payload)}::jsonb, ${before === null ? null : JSON.stringify(before)}::jsonb
      FROM c RETURNING seq
    )
    SELECT e.seq, pg_notify('board_events', e.seq::text) FROM e`;
  class Conflict extends Error {
    constructor(readonly current: ReturnType<typeof shape>) {
      super('version conflict');
    }
  }
  const failed = async (error: unknown, a: Actor, provided: number): Promise<Outcome> => {
    if (error instanceof Conflict) {
      const message = { type: 'conflict_detected', assignment_id: error.current.id, current_version: error.current.version, attempted_version: provided, current_data: error.current };
      await sql`SELECT pg_notify('board_conflicts', ${JSON.stringify({ user_id: a.id, message })})`.catch(() => {});
      return { kind: 'conflict', version: error.current.version };
    }
    const code = (error as { code?: string }).code;
    if (code === '23P01' || code === '23505' || code === '23514') return { kind: 'rejected', detail: `${code} ${(error as Error).message}` };
    return { kind: 'error', detail: error instanceof Error ? error.message : String(error) };
  };
  return {
    name: 'baseline',
    patch: async (w, id, version, change) => {
      const a = actor(w);
      try {
        return (await sql.begin(async (tx) => {
          const [row0] = await locked(tx, id);
          if (!row0) return { kind: 'gone' } as Outcome;
          const before = shape(row0);
          const [row] = await tx`${joined(tx`WITH a AS (
            UPDATE assignments SET status_id = COALESCE(${change.status_id ?? null}::int, status_id),
                   eta_in = COALESCE(${change.eta_in ?? null}::timestamptz, eta_in), eta_out = COALESCE(${change.eta_out ?? null}::timestamptz, eta_out),
                   version = version + 1, updated_by = ${a.id}, updated_at = now()
            WHERE id = ${id} AND version = ${version} RETURNING *)`)}`;
          if (!row) throw new Conflict(before);
          const after = shape(row);
          await append(tx, 'assignment_updated', id, after.load.direction === before.load.direction ? after.load.direction : null, a, after, before);
          return { kind: 'ok', id, version: after.version } as Outcome;
        })) as Outcome;
      } catch (error) {
        return failed(error, a, version);
      }
    },
    create: async (w, rampId, loadId, win) => {
      const a = actor(w);
      try {
        return (await sql.begin(async (tx) => {
          const [row] = await tx`${joined(tx`WITH a AS (
            INSERT INTO assignments (ramp_id, load_id, status_id, eta_in, eta_out, created_by, updated_by)
            VALUES (${rampId}, ${loadId}, (SELECT id FROM statuses WHERE code = 'PLANNED'), ${win.eta_in}, ${win.eta_out}, ${a.id}, ${a.id})
            RETURNING *)`)}`;
          const created = shape(row!);
          await append(tx, 'assignment_created', created.id, created.load.direction, a, created, null);
          return { kind: 'ok', id: created.id, version: created.version } as Outcome;
        })) as Outcome;
      } catch (error) {
        return failed(error, a, 0);
      }
    },
    remove: async (w, id, version) => {
      const a = actor(w);
      try {
        return (await sql.begin(async (tx) => {
          const [row0] = await locked(tx, id);
          if (!row0) return { kind: 'gone' } as Outcome;
          const before = shape(row0);
          const deleted = await tx`DELETE FROM assignments WHERE id = ${id} AND version = ${version} RETURNING id`;
          if (deleted.length === 0) throw new Conflict(before);
          await append(tx, 'assignment_deleted', id, before.load.direction, a, before, before);
          return { kind: 'ok', id } as Outcome;
        })) as Outcome;
      } catch (error) {
        return failed(error, a, version);
      }
    },
  };
}

// ---------------------------------------------------------------- one operation of the mix

type OpKind = 'patch' | 'create' | 'delete';
type OpRecord = { kind: OpKind; outcome: Outcome['kind']; ms: number; unexplained?: boolean };

type World = { state: ClientState; rampIds: number[]; statusIds: number[]; random: () => number };

/**
 * Picks and sends one mutation of the mix, and updates the client cache from the answer.
 * `unexplained`: a 409/404 although no other mutation of that assignment was on the way (should never happen).
 */
async function oneOp(target: Target, world: World, worker: number): Promise<{ kind: OpKind; outcome: Outcome; unexplained?: boolean }> {
  const { state, random } = world;
  const roll = random();
  if (roll >= MIX.patch && roll < MIX.patch + MIX.create && state.freeSlots.size && state.freeLoads.size) {
    const slot = state.freeSlots.take(random)!;
    const loadId = state.freeLoads.take(random)!;
    const outcome = await target.create(worker, world.rampIds[slotOf(slot).rampIndex]!, loadId, windowIn(slot, random));
    if (outcome.kind === 'ok') state.addEntry({ id: outcome.id!, version: outcome.version ?? 1, slot, loadId, inFlight: 0, touches: 0 });
    else {
      state.freeSlots.add(slot);
      state.freeLoads.add(loadId);
    }
    return { kind: 'create', outcome };
  }
  // PATCHes favour the current shift; deletes (like creates) land anywhere, so the shift keeps its size.
  const entry = state.pickEntry(random, roll < MIX.patch);
  if (!entry) throw new Error('no assignments left to change');
  const touchesBefore = entry.touches++;
  const alone = ++entry.inFlight === 1;
  const raced = () => !alone || entry.touches - touchesBefore > 1;
  try {
    if (roll >= MIX.patch + MIX.create) {
      const outcome = await target.remove(worker, entry.id, entry.version);
      if (outcome.kind === 'ok') {
        // Only now are its window and its load free for a create.
        const gone = state.removeEntry(entry.id);
        if (gone) {
          state.freeSlots.add(gone.slot);
          state.freeLoads.add(gone.loadId);
        }
      } else if (outcome.kind === 'conflict') state.saw(entry.id, outcome.version);
      else if (outcome.kind === 'gone') state.removeEntry(entry.id);
      return { kind: 'delete', outcome, unexplained: outcome.kind !== 'ok' && !raced() };
    }
    const change: Change = random() < 0.5 ? { status_id: world.statusIds[Math.floor(random() * world.statusIds.length)]! } : windowIn(entry.slot, random);
    const outcome = await target.patch(worker, entry.id, entry.version, change);
    if (outcome.kind === 'ok' || outcome.kind === 'conflict') state.saw(entry.id, outcome.version);
    else if (outcome.kind === 'gone') state.removeEntry(entry.id);
    return { kind: 'patch', outcome, unexplained: (outcome.kind === 'conflict' || outcome.kind === 'gone') && !raced() };
  } finally {
    entry.inFlight--;
  }
}

// ---------------------------------------------------------------- phases

type PhaseResult = {
  target: 'rest' | 'baseline';
  mode: 'closed' | 'fixed-rate';
  concurrency?: number;
  rate?: number;
  seconds: number;
  answered: number;
  opsPerSec: number;
  committed: number;
  committedPerSec: number;
  conflicts409: number;
  /** 409/404 answers although no other mutation of that assignment was on the way: 0 unless something is wrong. */
  unexplained409or404: number;
  gone404: number;
  rejected: number;
  errors: number;
  latencyMs: Summary;
  byKind: Record<OpKind, { count: number; committed: number; conflicts409: number; latencyMs: Summary }>;
  /** % of one core; machineBusy counts everything on the machine (of nproc × 100 %), machineSteal the hypervisor's share. */
  cpuPct: { generator: number; server: number; postgres: number; machineBusy: number; machineSteal: number };
  errorSamples: string[];
};

function result(target: Target['name'], mode: PhaseResult['mode'], records: OpRecord[], seconds: number, cpu: PhaseResult['cpuPct'], errors: string[]): PhaseResult {
  const answered = records.filter((r) => r.outcome !== 'error');
  const count = (o: Outcome['kind'], rs = records) => rs.filter((r) => r.outcome === o).length;
  const byKind = Object.fromEntries(
    (['patch', 'create', 'delete'] as const).map((k) => {
      const rs = records.filter((r) => r.kind === k);
      return [k, { count: rs.length, committed: count('ok', rs), conflicts409: count('conflict', rs), latencyMs: summarize(rs.filter((r) => r.outcome !== 'error').map((r) => r.ms)) }];
    }),
  ) as PhaseResult['byKind'];
  return {
    target,
    mode,
    seconds: Math.round(seconds * 1000) / 1000,
    answered: answered.length,
    opsPerSec: Math.round((answered.length / seconds) * 10) / 10,
    committed: count('ok'),
    committedPerSec: Math.round((count('ok') / seconds) * 10) / 10,
    conflicts409: count('conflict'),
    unexplained409or404: records.filter((r) => r.unexplained).length,
    gone404: count('gone'),
    rejected: count('rejected'),
    errors: count('error'),
    latencyMs: summarize(answered.map((r) => r.ms)),
    byKind,
    cpuPct: cpu,
    errorSamples: [...new Set(errors)].slice(0, 5),
  };
}

class CpuMeter {
  private readonly t0 = performance.now();
  private readonly gen = process.cpuUsage();
  private readonly server: number;
  private readonly pgMs: number;
  private readonly box = machineCpu();
  constructor(
    private readonly serverPid: number | undefined,
    private readonly clusterDir: string,
  ) {
    this.server = processCpuMs(serverPid);
    this.pgMs = postgresCpuMs(clusterDir);
  }
  stop(): PhaseResult['cpuPct'] {
    const wall = performance.now() - this.t0;
    const g = process.cpuUsage(this.gen);
    const pct = (ms: number) => Math.round((ms / wall) * 1000) / 10;
    const box = machineCpu();
    const jiffies = Math.max(1, box.total - this.box.total);
    const nproc = availableParallelism();
    return {
      generator: pct((g.user + g.system) / 1000),
      server: this.serverPid ? pct(processCpuMs(this.serverPid) - this.server) : 0,
      postgres: pct(postgresCpuMs(this.clusterDir) - this.pgMs),
      machineBusy: Math.round(((box.busy - this.box.busy) / jiffies) * nproc * 1000) / 10,
      machineSteal: Math.round(((box.steal - this.box.steal) / jiffies) * nproc * 1000) / 10,
    };
  }
}

/** C workers, each sending its next mutation as soon as the previous one is answered. */
async function closedLoop(target: Target, world: World, concurrency: number, meter: CpuMeter): Promise<PhaseResult> {
  const records: OpRecord[] = [];
  const errors: string[] = [];
  const started = performance.now();
  const measureFrom = started + WARMUP_MS;
  const end = measureFrom + opts.seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, w) => {
      while (performance.now() < end) {
        const t0 = performance.now();
        const { kind, outcome, unexplained } = await oneOp(target, world, w);
        if (t0 >= measureFrom) {
          records.push({ kind, outcome: outcome.kind, ms: performance.now() - t0, unexplained });
          if (outcome.detail && (outcome.kind === 'error' || outcome.kind === 'rejected')) errors.push(`${kind}: ${outcome.detail}`);
        }
      }
    }),
  );
  return { ...result(target.name, 'closed', records, opts.seconds, meter.stop(), errors), concurrency };
}

/** Open loop: one mutation every 1/rate s whether or not the previous one answered; latency from the scheduled time. */
async function fixedRate(target: Target, world: World, rate: number, meter: CpuMeter): Promise<PhaseResult> {
  const records: OpRecord[] = [];
  const errors: string[] = [];
  const interval = 1000 / rate;
  const warmupOps = Math.ceil((WARMUP_MS / 1000) * rate);
  const total = warmupOps + Math.round(opts.seconds * rate);
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + i * interval;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    inFlight.push(
      oneOp(target, world, i).then(({ kind, outcome, unexplained }) => {
        if (i < warmupOps) return;
        records.push({ kind, outcome: outcome.kind, ms: performance.now() - due, unexplained });
        if (outcome.detail && (outcome.kind === 'error' || outcome.kind === 'rejected')) errors.push(`${kind}: ${outcome.detail}`);
      }),
    );
  }
  await Promise.all(inFlight);
  return { ...result(target.name, 'fixed-rate', records, opts.seconds, meter.stop(), errors), rate };
}

// ---------------------------------------------------------------- main

async function main() {
  const loadavgAtStart = machine().loadavg;
  const logger = createLogger('warn');
  tempDir = mkdtempSync(path.join(tmpdir(), 'dcdock-bench-writes-'));
  const clusterDir = path.join(tempDir, 'pg');
  log(`embedded PostgreSQL in ${tempDir}`);
  pg = await startEmbeddedPostgres(tempDir, logger);
  await migrateDatabase(pg.url);
  {
    const db = createDb(pg.url, 2);
    await seedDemoData(db);
    await db.$client.end();
  }
  const sql = openPostgres(pg.url, { max: opts.pool, onnotice: () => {} });

  // Bench data: ramps (both directions), loads, and half of all windows assigned.
  const setupStarted = performance.now();
  const statuses = await sql<{ id: number; code: string }[]>`SELECT id, code FROM statuses ORDER BY sort_order`;
  const statusIds = statuses.filter((s) => s.code !== 'CANCELLED').map((s) => s.id);
  const [admin] = await sql<{ id: number }[]>`SELECT id FROM users WHERE email = 'admin@dcdock.com'`;
  const operators = await sql<Actor[]>`SELECT id, email FROM users WHERE role = 'OPERATOR' ORDER BY email`;
  const rampIds = (
    await sql<{ id: number }[]>`
      INSERT INTO ramps (code, description, kind, sort_order)
      SELECT 'WB' || lpad(g::text, 3, '0'), 'Bench ramp ' || g, 'BOTH', 1000 + g FROM generate_series(1, ${opts.ramps}) g
      RETURNING id`
  ).map((r) => r.id);
  const loadCount = Math.ceil(slotCount * 0.8);
  const loadIds = (
    await sql<{ id: number }[]>`
      INSERT INTO loads (reference, direction, notes)
      SELECT 'WB-' || lpad(g::text, 6, '0'), (CASE WHEN g % 2 = 0 THEN 'IB' ELSE 'OB' END)::direction, 'bench load ' || g
      FROM generate_series(1, ${loadCount}) g
      RETURNING id`
  ).map((r) => r.id);
  const random = mulberry32(opts.seed);
  const order = Array.from({ length: slotCount }, (_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const initial = order.slice(0, Math.floor(slotCount / 2));
  const windows = initial.map((s) => windowIn(s, random));
  await sql`
    INSERT INTO assignments (ramp_id, load_id, status_id, eta_in, eta_out, created_by, updated_by)
    SELECT r, l, ${statusIds[0]!}, i, o, ${admin!.id}, ${admin!.id}
    FROM unnest(${sql.array(initial.map((s) => rampIds[slotOf(s).rampIndex]!))}::int[], ${sql.array(loadIds.slice(0, initial.length))}::int[],
                ${sql.array(windows.map((w) => w.eta_in))}::timestamptz[], ${sql.array(windows.map((w) => w.eta_out))}::timestamptz[]) AS t(r, l, i, o)`;
  await sql`VACUUM ANALYZE`;
  log(`bench data: ${opts.ramps} ramps × ${opts.days} days × ${SLOTS_PER_DAY} windows, ${loadCount} loads, ${initial.length} assignments (${Math.round(performance.now() - setupStarted)} ms)`);

  /** The client cache, rebuilt from the database before each phase. */
  async function loadWorld(seed: number): Promise<World> {
    const state = new ClientState();
    const rampIndex = new Map(rampIds.map((id, i) => [id, i]));
    const used = new Set<number>();
    const usedLoads = new Set<number>();
    const rows = await sql<{ id: number; version: number; ramp_id: number; load_id: number; eta_in: Date }[]>`
      SELECT id, version, ramp_id, load_id, eta_in FROM assignments WHERE ramp_id = ANY(${sql.array(rampIds)}::int[])`;
    for (const r of rows) {
      const slot = slotIndex(rampIndex.get(r.ramp_id)!, r.eta_in.getTime());
      used.add(slot);
      usedLoads.add(r.load_id);
      state.addEntry({ id: r.id, version: r.version, slot, loadId: r.load_id, inFlight: 0, touches: 0 });
    }
    for (let s = 0; s < slotCount; s++) if (!used.has(s)) state.freeSlots.add(s);
    for (const id of loadIds) if (!usedLoads.has(id)) state.freeLoads.add(id);
    if (process.env.BENCH_DEBUG) log(`world: hot ${state.hot.size}, cold ${state.cold.size}, free windows ${state.freeSlots.size}, free loads ${state.freeLoads.size}`);
    return { state, rampIds, statusIds, random: mulberry32(seed) };
  }
  const settle = async () => {
    await sql`VACUUM ANALYZE assignments, event_counter, board_events`;
    await sleep(200);
  };

  // ------------------------------------------------ REST, through the API server in its own process
  const authSecret = randomBytes(48).toString('base64url');
  const profile = opts['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(opts['cpu-prof'])] : [];
  child = spawn(process.execPath, [...profile, '--import', 'tsx', path.join(ROOT, 'bench', 'lib-api-child.ts')], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: pg.url, AUTH_SECRET: authSecret, DATABASE_POOL_SIZE: String(opts.pool), LOG_LEVEL: 'warn', NODE_ENV: 'production' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const childExited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the API server child did not start within 60 s')), 60_000);
    child!.on('message', (m: { ready?: boolean; port?: number }) => m?.ready && (clearTimeout(timer), resolve(m.port!)));
    void childExited.then((code) => (clearTimeout(timer), reject(new Error(`the API server child exited (${code}) before it was ready`))));
  });
  const url = `http://127.0.0.1:${port}`;
  log(`API server child pid ${child.pid} on ${url} (pool ${opts.pool})`);
  const setupClient = new KeepAliveClient(url, 4);
  const tokens: string[] = [];
  for (const o of operators) tokens.push((await setupClient.json<{ access_token: string }>('POST', '/api/auth/login', undefined, { email: o.email, password: 'operator123' })).access_token);
  setupClient.close();

  const rest: PhaseResult[] = [];
  for (const [i, c] of levels.entries()) {
    await settle();
    const world = await loadWorld(opts.seed + 100 + i);
    const client = new KeepAliveClient(url, c);
    const meter = new CpuMeter(child.pid, clusterDir);
    const r = await closedLoop(restTarget(client, tokens), world, c, meter);
    client.close();
    rest.push(r);
    log(`REST     c=${String(c).padStart(3)}: ${fmt(r.opsPerSec)} ops/s, p50 ${fmt(r.latencyMs.p50)} ms, p99 ${fmt(r.latencyMs.p99)} ms, 409 ${r.conflicts409}, errors ${r.errors + r.rejected}, cpu server ${r.cpuPct.server}% pg ${r.cpuPct.postgres}% gen ${r.cpuPct.generator}% machine ${r.cpuPct.machineBusy}%`);
  }
  await settle();
  const restRateClient = new KeepAliveClient(url, 256);
  const restRate = await fixedRate(restTarget(restRateClient, tokens), await loadWorld(opts.seed + 200), opts.rate, new CpuMeter(child.pid, clusterDir));
  restRateClient.close();
  log(`REST     ${opts.rate}/s: p50 ${fmt(restRate.latencyMs.p50)} ms, p99 ${fmt(restRate.latencyMs.p99)} ms (${restRate.answered} answered, errors ${restRate.errors + restRate.rejected})`);

  child.send({ cmd: 'stop' });
  const stopTimer = setTimeout(() => child?.kill('SIGKILL'), 10_000);
  await childExited;
  clearTimeout(stopTimer);

  // ------------------------------------------------ BASELINE, the same transactions by hand, no HTTP
  // Prepared statements (postgres.js's default) unless --unprepared 1, which sends every statement unnamed as drizzle does.
  const direct = openPostgres(pg.url, { max: opts.pool, onnotice: () => {}, prepare: !opts.unprepared });
  const baseline: PhaseResult[] = [];
  for (const [i, c] of levels.entries()) {
    await settle();
    const world = await loadWorld(opts.seed + 100 + i);
    const r = await closedLoop(baselineTarget(direct, operators), world, c, new CpuMeter(undefined, clusterDir));
    baseline.push(r);
    log(`baseline c=${String(c).padStart(3)}: ${fmt(r.opsPerSec)} ops/s, p50 ${fmt(r.latencyMs.p50)} ms, p99 ${fmt(r.latencyMs.p99)} ms, 409 ${r.conflicts409}, errors ${r.errors + r.rejected}, cpu pg ${r.cpuPct.postgres}% gen ${r.cpuPct.generator}% machine ${r.cpuPct.machineBusy}%`);
  }
  await settle();
  const baselineRate = await fixedRate(baselineTarget(direct, operators), await loadWorld(opts.seed + 200), opts.rate, new CpuMeter(undefined, clusterDir));
  log(`baseline ${opts.rate}/s: p50 ${fmt(baselineRate.latencyMs.p50)} ms, p99 ${fmt(baselineRate.latencyMs.p99)} ms`);

  // Consistency: every committed change is one event, and nothing was half-done.
  const [check] = await sql<{ seq: string; events: string }[]>`SELECT (SELECT seq FROM event_counter) AS seq, (SELECT count(*) FROM board_events) AS events`;
  await direct.end({ timeout: 5 });
  await sql.end({ timeout: 5 });

  const rows = levels.map((c, i) => {
    const r = rest[i]!;
    const b = baseline[i]!;
    return { concurrency: c, rest: r, baseline: b, ratio: Math.round((r.opsPerSec / b.opsPerSec) * 1000) / 1000 };
  });
  const report = {
    benchmark: 'writes',
    date: new Date().toISOString(),
    machine: machine(),
    loadavgAtStart,
    options: { ...opts, levels, warmupMs: WARMUP_MS, mix: { patch: 0.7, create: 0.15, delete: 0.15 } },
    baselineStatements: opts.unprepared ? 'unnamed (parsed and planned every time, as drizzle sends them)' : 'prepared (postgres.js default)',
    setup: { ramps: opts.ramps, days: opts.days, windows: slotCount, loads: loadCount, initialAssignments: initial.length, poolSize: opts.pool, http: 'node:http keep-alive Agent, one connection per worker' },
    levels: rows,
    fixedRate: { rate: opts.rate, targetP99Ms: 50, rest: restRate, baseline: baselineRate, restMeetsTarget: restRate.latencyMs.p99 <= 50 },
    eventLog: { seq: Number(check!.seq), events: Number(check!.events) },
    notes: [
      'ops/s counts every answered mutation (2xx, 409 version conflict, 404 already deleted); committed/s only 2xx.',
      'Latency covers answered requests; closed loop from send, fixed rate from the scheduled send time.',
      'The load generator, the API server child and PostgreSQL share the same machine.',
    ],
  };
  mkdirSync(path.dirname(jsonPath), { recursive: true });
  writeFileSync(jsonPath, JSON.stringify(report, null, 2));

  console.log('\nWrites through the REST API vs. the same transactions straight to PostgreSQL (closed loop, ' + `${opts.seconds} s per level, pool ${opts.pool}):\n`);
  console.log(
    table(
      ['concurrency', 'REST ops/s', 'p50 ms', 'p99 ms', 'baseline ops/s', 'base p50', 'base p99', 'REST/baseline', 'REST 409', 'base 409', 'REST errors'],
      rows.map((x) => [
        x.concurrency,
        fmt(x.rest.opsPerSec),
        fmt(x.rest.latencyMs.p50),
        fmt(x.rest.latencyMs.p99),
        fmt(x.baseline.opsPerSec),
        fmt(x.baseline.latencyMs.p50),
        fmt(x.baseline.latencyMs.p99),
        fmt(x.ratio, 2),
        x.rest.conflicts409,
        x.baseline.conflicts409,
        x.rest.errors + x.rest.rejected,
      ]),
    ),
  );
  console.log(`\nFixed rate ${opts.rate} mutations/s for ${opts.seconds} s (open loop):\n`);
  console.log(
    table(
      ['target', 'answered', 'p50 ms', 'p99 ms', 'max ms', '409', 'errors', 'p99 ≤ 50 ms'],
      [restRate, baselineRate].map((r) => [r.target, r.answered, fmt(r.latencyMs.p50), fmt(r.latencyMs.p99), fmt(r.latencyMs.max), r.conflicts409, r.errors + r.rejected, r.latencyMs.p99 <= 50 ? 'yes' : 'NO']),
    ),
  );
  console.log(`\nJSON: ${path.relative(process.cwd(), jsonPath)}`);
  const problems = [...rest, restRate, ...baseline, baselineRate].flatMap((r) => r.errorSamples.map((e) => `${r.target}: ${e}`));
  if (problems.length) console.log(`\nErrors seen (samples):\n  ${problems.join('\n  ')}`);
}

try {
  await main();
  await cleanup();
  process.exit(0);
} catch (error) {
  console.error(error);
  await cleanup();
  process.exit(1);
}
