/**
 * The measured phases of bench/webhooks.ts, each for DCDock's delivery worker
 * ("dcdock") and for the bare loop ("baseline"): the sustained rate to K
 * receivers over changes written beforehand, and the lag from commit to
 * receipt at a fixed write rate.
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type postgres from 'postgres';
import { type KeepAliveClient, machine, postgresCpuMs, processCpuMs, sleep, summarize, type Summary } from '@/bench/lib-util';
import { type BenchReceiver, checkStream, epochMs, hasAll, type StreamCheck, startBenchReceiver, sumChecks } from '@/bench/webhooks-receiver';

export type Target = 'dcdock' | 'baseline';

export type Ctx = {
  api: KeepAliveClient;
  token: string;
  sql: postgres.Sql;
  apiPid: number;
  baseline: ChildProcess;
  clusterDir: string;
  timeoutMs: number;
};

export type Cpu = { serverMs: number; postgresMs: number; wallMs: number };

export type RateResult = {
  target: Target;
  receivers: number;
  deliveries: number;
  /** Activation (or the baseline's go) → the last receiver has every seq. */
  totalMs: number;
  /** Activation → the first receipt (DCDock: the worker's poll finds the endpoints). */
  startMs: number;
  /** deliveries ÷ (last receipt − first receipt). */
  perSec: number;
  /** deliveries ÷ totalMs. */
  perSecFromStart: number;
  check: StreamCheck;
  cpu: Cpu;
  serverCpuUsPerDelivery: number;
  loadavg: number[];
};

export type LagResult = {
  target: Target;
  rate: number;
  seconds: number;
  events: number;
  /** Receipt − the transaction's commit timestamp (track_commit_timestamp). */
  fromCommitMs: Summary;
  /** Receipt − the moment the REST write's answer reached the writer. */
  fromAnswerMs: Summary;
  writeMs: Summary;
  failedWrites: number;
  check: StreamCheck;
  cpu: Cpu;
  loadavg: number[];
};

let refs = 0;
const runTag = randomBytes(3).toString('hex');
const nextRef = () => `WB-${runTag}-${++refs}`;

export async function head(sql: postgres.Sql): Promise<number> {
  const [row] = await sql<{ seq: string }[]>`SELECT seq FROM event_counter WHERE id = 1`;
  return Number(row?.seq ?? 0);
}

/** The seqs of (from, to] an endpoint of every type receives: user and display events never leave the server. */
async function expectedSeqs(sql: postgres.Sql, from: number, to: number): Promise<number[]> {
  const rows = await sql<{ seq: number }[]>`
    SELECT seq::float8 AS seq FROM board_events WHERE seq > ${from} AND seq <= ${to} AND entity NOT IN ('user', 'display') ORDER BY seq`;
  return rows.map((r) => r.seq);
}

/** One new load through the REST API: a real write, appending its load_created event last. */
async function writeOne(ctx: Ctx): Promise<{ ok: boolean; id: number; answeredAt: number; ms: number }> {
  const r = await ctx.api.send('POST', '/api/loads', ctx.token, { reference: nextRef(), direction: Math.random() < 0.5 ? 'IB' : 'OB' });
  const ok = r.status === 201;
  return { ok, id: ok ? Number(JSON.parse(r.text).id) : 0, answeredAt: epochMs(), ms: r.ms };
}

/** `count` changes, 8 at a time; the range of seqs they committed. */
export async function preWrite(ctx: Ctx, count: number): Promise<{ from: number; to: number }> {
  const from = await head(ctx.sql);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next++;
      const w = await writeOne(ctx);
      if (!w.ok) throw new Error('a pre-write failed');
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return { from, to: await head(ctx.sql) };
}

async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const started = performance.now();
  while (!check()) {
    if (performance.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(5);
  }
}

const secretOf = () => `whsec_bench_${randomBytes(16).toString('hex')}`;

type Endpoint = { id: number; receiver: BenchReceiver };

/** Registers an endpoint for a receiver through the REST API; inactive ones start nothing until activated. */
async function register(ctx: Ctx, active: boolean): Promise<Endpoint> {
  const secret = secretOf();
  const receiver = await startBenchReceiver(secret);
  const hook = await ctx.api.json<{ id: number }>('POST', '/api/webhooks', ctx.token, { url: receiver.url, secret, active });
  return { id: hook.id, receiver };
}

async function unregister(ctx: Ctx, endpoints: Endpoint[]): Promise<void> {
  for (const e of endpoints) {
    await ctx.api.send('DELETE', `/api/webhooks/${e.id}`, ctx.token);
    await e.receiver.close();
  }
}

function baselineDeliver(ctx: Ctx, receivers: BenchReceiver[], cursor: number): void {
  ctx.baseline.send({ cmd: 'deliver', endpoints: receivers.map((r) => ({ url: r.url, secret: r.secret, cursor })) });
}

function baselineStop(ctx: Ctx): Promise<void> {
  return new Promise((resolve) => {
    const onMessage = (m: { stopped?: boolean }) => {
      if (!m?.stopped) return;
      ctx.baseline.off('message', onMessage);
      resolve();
    };
    ctx.baseline.on('message', onMessage);
    ctx.baseline.send({ cmd: 'stop' });
  });
}

/** CPU of the delivering process (the API server or the baseline child) and of PostgreSQL, over a phase. */
function cpuMeter(ctx: Ctx, target: Target) {
  const pid = target === 'dcdock' ? ctx.apiPid : ctx.baseline.pid;
  const s = { server: processCpuMs(pid), pg: postgresCpuMs(ctx.clusterDir), at: performance.now() };
  return (): Cpu => ({
    serverMs: processCpuMs(pid) - s.server,
    postgresMs: postgresCpuMs(ctx.clusterDir) - s.pg,
    wallMs: Math.round(performance.now() - s.at),
  });
}

/** Every receiver gets every seq of (from, to]: K endpoints activated at once (DCDock) or K bare loops started. */
export async function ratePhase(ctx: Ctx, target: Target, k: number, from: number, to: number): Promise<RateResult> {
  const expected = await expectedSeqs(ctx.sql, from, to);
  let endpoints: Endpoint[] = [];
  let receivers: BenchReceiver[];
  if (target === 'dcdock') {
    endpoints = [];
    for (let i = 0; i < k; i++) endpoints.push(await register(ctx, false));
    for (const e of endpoints) await ctx.api.json('POST', `/api/webhooks/${e.id}/replay`, ctx.token, { from_seq: from + 1 });
    receivers = endpoints.map((e) => e.receiver);
  } else receivers = await Promise.all(Array.from({ length: k }, () => startBenchReceiver(secretOf())));
  const meter = cpuMeter(ctx, target);
  const t0 = epochMs();
  if (target === 'dcdock') await Promise.all(endpoints.map((e) => ctx.api.json('PATCH', `/api/webhooks/${e.id}`, ctx.token, { active: true })));
  else baselineDeliver(ctx, receivers, from);
  await until(() => receivers.every((r) => hasAll(r, expected)), ctx.timeoutMs, `${target}: ${k} receivers × ${expected.length} events`);
  const cpu = meter();
  const loadavg = machine().loadavg;
  const times = receivers.flatMap((r) => expected.map((s) => r.firstAt.get(s)!));
  const first = Math.min(...times);
  const last = Math.max(...times);
  if (target === 'baseline') await baselineStop(ctx);
  const check = sumChecks(receivers.map((r) => checkStream(r, expected)));
  if (target === 'dcdock') await unregister(ctx, endpoints);
  else for (const r of receivers) await r.close();
  const deliveries = expected.length * k;
  return {
    target,
    receivers: k,
    deliveries,
    totalMs: Math.round(last - t0),
    startMs: Math.round(first - t0),
    perSec: Math.round(deliveries / ((last - first) / 1000)),
    perSecFromStart: Math.round(deliveries / ((last - t0) / 1000)),
    check,
    cpu,
    serverCpuUsPerDelivery: Math.round((cpu.serverMs * 1000) / deliveries),
    loadavg,
  };
}

/** Open-loop writes at `rate`/s for `seconds` to one receiver; lag per event from its commit and from its write's answer. */
export async function lagPhase(ctx: Ctx, target: Target, rate: number, seconds: number): Promise<LagResult> {
  let endpoint: Endpoint | undefined;
  let receiver: BenchReceiver;
  if (target === 'dcdock') {
    endpoint = await register(ctx, true);
    receiver = endpoint.receiver;
  } else receiver = await startBenchReceiver(secretOf());
  const from = await head(ctx.sql);
  if (target === 'baseline') baselineDeliver(ctx, [receiver], from);
  await sleep(200);
  const meter = cpuMeter(ctx, target);
  const writes: Promise<Awaited<ReturnType<typeof writeOne>>>[] = [];
  const started = performance.now();
  const count = Math.round(rate * seconds);
  for (let i = 0; i < count; i++) {
    const wait = started + (i * 1000) / rate - performance.now();
    if (wait > 0) await sleep(wait);
    writes.push(writeOne(ctx));
  }
  const done = await Promise.all(writes);
  const to = await head(ctx.sql);
  const expected = await expectedSeqs(ctx.sql, from, to);
  await until(() => hasAll(receiver, expected), ctx.timeoutMs, `${target}: lag receiver × ${expected.length} events`);
  const cpu = meter();
  const loadavg = machine().loadavg;
  if (target === 'baseline') await baselineStop(ctx);
  const check = checkStream(receiver, expected);
  const rows = await ctx.sql<{ seq: number; commit: number; entityId: number }[]>`
    SELECT seq::float8 AS seq, extract(epoch FROM pg_xact_commit_timestamp(xmin))::float8 * 1000 AS commit, entity_id AS "entityId"
    FROM board_events WHERE seq > ${from} AND seq <= ${to} AND entity = 'load'`;
  const answered = new Map(done.filter((w) => w.ok).map((w) => [w.id, w.answeredAt]));
  const fromCommit: number[] = [];
  const fromAnswer: number[] = [];
  for (const r of rows) {
    const at = receiver.firstAt.get(r.seq);
    if (at === undefined) continue;
    fromCommit.push(at - r.commit);
    const a = answered.get(r.entityId);
    if (a !== undefined) fromAnswer.push(at - a);
  }
  if (endpoint) await unregister(ctx, [endpoint]);
  else await receiver.close();
  return {
    target,
    rate,
    seconds,
    events: expected.length,
    fromCommitMs: summarize(fromCommit),
    fromAnswerMs: summarize(fromAnswer),
    writeMs: summarize(done.map((w) => w.ms)),
    failedWrites: done.filter((w) => !w.ok).length,
    check,
    cpu,
    loadavg,
  };
}
