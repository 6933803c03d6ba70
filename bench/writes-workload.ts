/**
 * The workload of bench/writes.ts: the board the workers write to (a grid of
 * 3-hour windows per ramp and day), what the clients know about it, and one
 * operation of the mix (~70% PATCH, ~15% POST, ~15% DELETE).
 */
import type { Change, Outcome, Target } from '@/bench/writes-targets';

export const MIX = { patch: 0.7, create: 0.15 }; // the rest: delete

// ---------------------------------------------------------------- the board the workers write to

const HOUR = 3_600_000;
const MINUTE = 60_000;
export const SLOTS_PER_DAY = 8; // 3-hour windows; an assignment never leaves its window, so windows never overlap
const SLOT_MS = 3 * HOUR;
const BASE = Date.UTC(2031, 0, 6); // far from the demo day

type Slot = { rampIndex: number; day: number; k: number };

/** `ramps` × `days` × SLOTS_PER_DAY windows, numbered ramp by ramp, then day by day. */
export type SlotGrid = {
  ramps: number;
  days: number;
  count: number;
  slotOf: (i: number) => Slot;
  slotIndex: (rampIndex: number, t: number) => number;
  slotStart: (i: number) => number;
  windowIn: (i: number, random: () => number) => { eta_in: string; eta_out: string };
};

export function slotGrid(ramps: number, days: number): SlotGrid {
  const slotOf = (i: number): Slot => ({ rampIndex: Math.floor(i / (days * SLOTS_PER_DAY)), day: Math.floor(i / SLOTS_PER_DAY) % days, k: i % SLOTS_PER_DAY });
  const slotIndex = (rampIndex: number, t: number) => {
    const rel = t - BASE;
    const day = Math.floor(rel / (24 * HOUR));
    const k = Math.floor((rel - day * 24 * HOUR) / SLOT_MS);
    return (rampIndex * days + day) * SLOTS_PER_DAY + k;
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
  return { ramps, days, count: ramps * days * SLOTS_PER_DAY, slotOf, slotIndex, slotStart, windowIn };
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
export type Entry = { id: number; version: number; slot: number; loadId: number; inFlight: number; touches: number };

/**
 * What the clients know: the assignments with the version they last saw (a
 * cache shared by all workers, as if every screen were perfectly live), free
 * windows and free loads. Day 0 is "the current shift": half the PATCHes go there;
 * creates and deletes spread over all days, so the shift keeps its size.
 */
export class ClientState {
  readonly entries = new Map<number, Entry>();
  readonly hot = new PickSet();
  readonly cold = new PickSet();
  readonly freeSlots = new PickSet();
  readonly freeLoads = new PickSet();

  constructor(readonly grid: SlotGrid) {}

  addEntry(e: Entry) {
    this.entries.set(e.id, e);
    (this.grid.slotOf(e.slot).day === 0 ? this.hot : this.cold).add(e.id);
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

// ---------------------------------------------------------------- one operation of the mix

export type OpKind = 'patch' | 'create' | 'delete';

export type World = { state: ClientState; rampIds: number[]; statusIds: number[]; random: () => number };

/**
 * Picks and sends one mutation of the mix, and updates the client cache from the answer.
 * `unexplained`: a 409/404 although no other mutation of that assignment was on the way (should never happen).
 */
export async function oneOp(target: Target, world: World, worker: number): Promise<{ kind: OpKind; outcome: Outcome; unexplained?: boolean }> {
  const { state, random } = world;
  const { slotOf, windowIn } = state.grid;
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
