import { randomUUID } from 'node:crypto';

/**
 * The fault suite's writer: assignment creates, updates and deletes through
 * the REST API at a steady rate (open loop), each write with its own
 * Idempotency-Key. A write that gets 502, 503 or no answer is retried with
 * the same key (after Retry-After, at most 1 s) until it gets another answer
 * or `retryForMs` has passed: safe by SPEC §7, and what a careful client does.
 */
/** `at`: performance.now() when it was sent. */
export type Attempt = { at: number; status: number; ms: number; retryAfter: string | null; error?: string; body?: string };

export type WriteRecord = {
  op: 'create' | 'update' | 'delete';
  key: string;
  attempts: Attempt[];
  /** The last attempt's status. */
  status: number;
  /** `type:id:version` of the event a successful write committed. */
  event?: string;
};

export type WriterOptions = {
  url: string;
  token: string;
  rate: number;
  loads: { id: number; direction: 'IB' | 'OB' }[];
  /** Ramps the writer may use, each with a time line of its own. */
  ramps: { id: number; kind: 'IB' | 'OB' | 'BOTH' }[];
  statuses: number[];
  retryForMs?: number;
  /** Per attempt. */
  timeoutMs?: number;
};

export type Writer = {
  records: WriteRecord[];
  /** `n` more writes at once, on top of the rate. */
  burst: (n: number) => void;
  /** Stops scheduling; resolves when every write in flight has its final answer. */
  stop: () => Promise<void>;
};

type Load = WriterOptions['loads'][number];
type Live = { id: number; version: number; load: Load; ramp: number; slot: number; busy: boolean; step: number };

const SLOT_MS = 3 * 3_600_000;
const SLOT_BASE = Date.parse('2041-01-01T00:00:00Z');
const RETRYABLE = new Set([0, 502, 503]);

export function startWriter(o: WriterOptions): Writer {
  const retryForMs = o.retryForMs ?? 20_000;
  const free = [...o.loads];
  const live: Live[] = [];
  const nextSlot = new Map<number, number>();
  const records: WriteRecord[] = [];
  const inFlight = new Set<Promise<void>>();
  let tick = 0;

  const times = (slot: number, step: number) => {
    const start = SLOT_BASE + slot * SLOT_MS;
    return { eta_in: new Date(start).toISOString(), eta_out: new Date(start + (60 + (step % 4) * 15) * 60_000).toISOString() };
  };

  async function attempt(method: string, path: string, key: string, body: unknown): Promise<Attempt & { json: any }> {
    const started = performance.now();
    try {
      const res = await fetch(`${o.url}${path}`, {
        method,
        headers: { Authorization: `Bearer ${o.token}`, 'Idempotency-Key': key, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(o.timeoutMs ?? 10_000),
      });
      const text = await res.text();
      let json: any;
      try {
        json = text ? JSON.parse(text) : undefined;
      } catch {
        json = undefined;
      }
      return {
        at: started,
        status: res.status,
        ms: performance.now() - started,
        retryAfter: res.headers.get('retry-after'),
        json,
        body: res.ok ? undefined : text.slice(0, 300),
      };
    } catch (error) {
      const e = error as Error & { cause?: Error };
      return { at: started, status: 0, ms: performance.now() - started, retryAfter: null, json: undefined, error: e.cause?.message ?? e.message };
    }
  }

  async function write(r: WriteRecord, method: string, path: string, body?: unknown): Promise<any> {
    const until = performance.now() + retryForMs;
    for (;;) {
      const { json, ...a } = await attempt(method, path, r.key, body);
      r.attempts.push(a);
      r.status = a.status;
      if (!RETRYABLE.has(a.status) || performance.now() > until) return json;
      const wait = Math.min(1_000, Math.max(100, Number(a.retryAfter ?? 0) * 1000 || 250));
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }

  async function create(): Promise<void> {
    const load = free.splice(Math.floor(Math.random() * free.length), 1)[0]!;
    const fits = o.ramps.filter((ramp) => ramp.kind === 'BOTH' || ramp.kind === load.direction);
    const ramp = fits[tick % fits.length]!.id;
    const slot = nextSlot.get(ramp) ?? 0;
    nextSlot.set(ramp, slot + 1);
    const r: WriteRecord = { op: 'create', key: randomUUID(), attempts: [], status: 0 };
    records.push(r);
    const body = await write(r, 'POST', '/api/assignments', { ramp_id: ramp, load_id: load.id, status_id: o.statuses[0], ...times(slot, 0) });
    if (r.status === 201) {
      r.event = `assignment_created:${body.id}:${body.version}`;
      live.push({ id: body.id, version: body.version, load, ramp, slot, busy: false, step: 0 });
    }
    // Otherwise the load's fate is unknown: leave it out from now on.
  }

  async function update(a: Live): Promise<void> {
    a.busy = true;
    a.step++;
    const r: WriteRecord = { op: 'update', key: randomUUID(), attempts: [], status: 0 };
    records.push(r);
    const body = await write(r, 'PATCH', `/api/assignments/${a.id}`, {
      version: a.version,
      status_id: o.statuses[a.step % o.statuses.length],
      eta_out: times(a.slot, a.step).eta_out,
    });
    if (r.status === 200) {
      a.version = body.version;
      r.event = `assignment_updated:${a.id}:${a.version}`;
      a.busy = false;
    } else live.splice(live.indexOf(a), 1); // version unknown: not written again
  }

  async function remove(a: Live): Promise<void> {
    a.busy = true;
    const r: WriteRecord = { op: 'delete', key: randomUUID(), attempts: [], status: 0 };
    records.push(r);
    await write(r, 'DELETE', `/api/assignments/${a.id}?version=${a.version}`);
    live.splice(live.indexOf(a), 1);
    if (r.status === 204) {
      r.event = `assignment_deleted:${a.id}:${a.version}`;
      free.push(a.load);
    }
  }

  const step = () => {
    tick++;
    const idle = live.filter((a) => !a.busy);
    const roll = Math.random();
    let job: Promise<void> | undefined;
    if (free.length && (idle.length < 3 || roll < 0.4)) job = create();
    else if (idle.length) {
      const a = idle[Math.floor(Math.random() * idle.length)]!;
      job = roll < 0.85 ? update(a) : remove(a);
    }
    if (!job) return;
    inFlight.add(job);
    void job.finally(() => inFlight.delete(job));
  };
  const timer = setInterval(step, 1000 / o.rate);

  return {
    records,
    burst: (n) => {
      for (let i = 0; i < n; i++) step();
    },
    stop: async () => {
      clearInterval(timer);
      while (inFlight.size) await Promise.all(inFlight);
    },
  };
}

/** Status of every attempt, counted: `{ '201': 40, '503': 12, … }`. */
export function statusCounts(records: WriteRecord[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of records) for (const a of r.attempts) counts[a.status] = (counts[a.status] ?? 0) + 1;
  return counts;
}

export type Reader = { statuses: Record<string, number>; slowest: number; burst: (n: number) => void; stop: () => Promise<void> };

/** GETs `path` at `rate` per second (open loop), counting the answers; no retries of its own. */
export function startReader(url: string, token: string, rate: number, path = '/api/assignments?limit=20'): Reader {
  const statuses: Record<string, number> = {};
  const inFlight = new Set<Promise<void>>();
  const reader: Reader = {
    statuses,
    slowest: 0,
    burst: (n) => {
      for (let i = 0; i < n; i++) tick();
    },
    stop: async () => {
      clearInterval(timer);
      await Promise.all(inFlight);
    },
  };
  const once = async () => {
    const started = performance.now();
    let status = 0;
    try {
      const res = await fetch(`${url}${path}`, { headers: { Authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(10_000) });
      await res.arrayBuffer();
      status = res.status;
    } catch {
      status = 0;
    }
    statuses[status] = (statuses[status] ?? 0) + 1;
    reader.slowest = Math.max(reader.slowest, performance.now() - started);
  };
  const tick = () => {
    const job = once();
    inFlight.add(job);
    void job.finally(() => inFlight.delete(job));
  };
  const timer = setInterval(tick, 1000 / rate);
  return reader;
}
