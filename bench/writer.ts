/**
 * The benchmark's writer: R assignment mutations per second through the REST
 * API, open loop (a write is sent on schedule whether or not the previous one
 * answered), creates/updates/deletes over loads made beforehand. Every create
 * gets its own time slot on a ramp of its direction, so windows never overlap;
 * an assignment is never written twice at once, so versions never conflict.
 */
import type { Direction } from '@/bench/child-protocol';
import { mulberry32 } from '@/bench/lib-util';

export type WriteRecord = {
  op: 'create' | 'update' | 'delete';
  direction: Direction;
  sentAt: number;
  doneAt: number;
  status: number;
  /** `type:id:version` of the event this write committed (successful writes only). */
  key?: string;
  error?: string;
};

export type WriterSetup = {
  url: string;
  token: string;
  rate: number;
  seconds: number;
  loads: { id: number; direction: Direction }[];
  ramps: Record<Direction, number>;
  /** Status ids to cycle through (not CANCELLED: that would free the load behind our back). */
  statuses: number[];
  seed: number;
};

type Live = { id: number; version: number; loadId: number; direction: Direction; slot: number; busy: boolean; step: number };

const SLOT_MS = 2 * 3_600_000;
const SLOT_BASE = Date.parse('2040-01-01T00:00:00Z');
const eventKey = (type: string, id: number, version: number) => `${type}:${id}:${version}`;

export async function runWriter(s: WriterSetup): Promise<{ records: WriteRecord[]; skipped: number }> {
  const random = mulberry32(s.seed);
  const freeLoads = [...s.loads];
  const live: Live[] = [];
  const nextSlot: Record<Direction, number> = { IB: 0, OB: 0 };
  const records: WriteRecord[] = [];
  const inFlight = new Set<Promise<void>>();
  const headers = { Authorization: `Bearer ${s.token}`, 'Content-Type': 'application/json' };
  const slotTimes = (slot: number, step: number) => {
    const start = SLOT_BASE + slot * SLOT_MS;
    return { eta_in: new Date(start).toISOString(), eta_out: new Date(start + (step % 2 === 0 ? 60 : 90) * 60_000).toISOString() };
  };

  async function send(record: WriteRecord, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
    record.sentAt = performance.now();
    try {
      const res = await fetch(`${s.url}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(30_000),
      });
      const text = await res.text();
      record.doneAt = performance.now();
      record.status = res.status;
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    } catch (error) {
      record.doneAt = performance.now();
      record.status = 0;
      record.error = error instanceof Error ? error.message : String(error);
      return { status: 0, body: undefined };
    }
  }

  async function create(): Promise<void> {
    const load = freeLoads.splice(Math.floor(random() * freeLoads.length), 1)[0]!;
    const slot = nextSlot[load.direction]++;
    const statusId = s.statuses[0]!;
    const r: WriteRecord = { op: 'create', direction: load.direction, sentAt: 0, doneAt: 0, status: 0 };
    records.push(r);
    const res = await send(r, 'POST', '/api/assignments', { ramp_id: s.ramps[load.direction], load_id: load.id, status_id: statusId, ...slotTimes(slot, 0) });
    if (res.status === 201) {
      r.key = eventKey('assignment_created', res.body.id, res.body.version);
      live.push({ id: res.body.id, version: res.body.version, loadId: load.id, direction: load.direction, slot, busy: false, step: 0 });
    } else {
      r.error ??= JSON.stringify(res.body)?.slice(0, 200);
      freeLoads.push(load);
    }
  }

  async function update(a: Live): Promise<void> {
    a.busy = true;
    a.step++;
    const r: WriteRecord = { op: 'update', direction: a.direction, sentAt: 0, doneAt: 0, status: 0 };
    records.push(r);
    const res = await send(r, 'PATCH', `/api/assignments/${a.id}`, {
      version: a.version,
      status_id: s.statuses[a.step % s.statuses.length],
      eta_out: slotTimes(a.slot, a.step).eta_out,
    });
    if (res.status === 200) {
      a.version = res.body.version;
      r.key = eventKey('assignment_updated', a.id, a.version);
    } else r.error ??= JSON.stringify(res.body)?.slice(0, 200);
    a.busy = false;
  }

  async function remove(a: Live): Promise<void> {
    a.busy = true;
    const r: WriteRecord = { op: 'delete', direction: a.direction, sentAt: 0, doneAt: 0, status: 0 };
    records.push(r);
    const res = await send(r, 'DELETE', `/api/assignments/${a.id}?version=${a.version}`);
    if (res.status === 204) {
      r.key = eventKey('assignment_deleted', a.id, a.version);
      live.splice(live.indexOf(a), 1);
      freeLoads.push(s.loads.find((l) => l.id === a.loadId)!);
    } else {
      r.error ??= JSON.stringify(res.body)?.slice(0, 200);
      a.busy = false;
    }
  }

  const total = Math.round(s.rate * s.seconds);
  const interval = 1000 / s.rate;
  const t0 = performance.now();
  let skipped = 0;
  for (let i = 0; i < total; i++) {
    const wait = t0 + i * interval - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const idle = live.filter((a) => !a.busy);
    const roll = random();
    let job: Promise<void>;
    if (freeLoads.length && (!idle.length || roll < 0.4)) job = create();
    else if (idle.length) {
      const a = idle[Math.floor(random() * idle.length)]!;
      job = roll < 0.8 || idle.length < 3 ? update(a) : remove(a);
    } else {
      skipped++; // every load assigned and every assignment busy: nothing to write this tick
      continue;
    }
    inFlight.add(job);
    void job.finally(() => inFlight.delete(job));
  }
  await Promise.all(inFlight);
  return { records, skipped };
}

export { eventKey };
