/**
 * How bench/writes.ts drives a target: a closed loop of C workers, or a
 * fixed-rate open loop; what one such phase measured, and the CPU it took.
 */
import { availableParallelism } from 'node:os';
import { machineCpu, postgresCpuMs, processCpuMs, sleep, summarize, type Summary } from '@/bench/lib-util';
import type { Outcome, Target } from '@/bench/writes-targets';
import { oneOp, type OpKind, type World } from '@/bench/writes-workload';

type OpRecord = { kind: OpKind; outcome: Outcome['kind']; ms: number; unexplained?: boolean };

/** How long a phase measures, after how long a warm-up. */
export type Timing = { seconds: number; warmupMs: number };

export type PhaseResult = {
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

function result(
  target: Target['name'],
  mode: PhaseResult['mode'],
  records: OpRecord[],
  seconds: number,
  cpu: PhaseResult['cpuPct'],
  errors: string[],
): PhaseResult {
  const answered = records.filter((r) => r.outcome !== 'error');
  const count = (o: Outcome['kind'], rs = records) => rs.filter((r) => r.outcome === o).length;
  const byKind = Object.fromEntries(
    (['patch', 'create', 'delete'] as const).map((k) => {
      const rs = records.filter((r) => r.kind === k);
      return [
        k,
        {
          count: rs.length,
          committed: count('ok', rs),
          conflicts409: count('conflict', rs),
          latencyMs: summarize(rs.filter((r) => r.outcome !== 'error').map((r) => r.ms)),
        },
      ];
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

export class CpuMeter {
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
export async function closedLoop(target: Target, world: World, concurrency: number, meter: CpuMeter, timing: Timing): Promise<PhaseResult> {
  const records: OpRecord[] = [];
  const errors: string[] = [];
  const started = performance.now();
  const measureFrom = started + timing.warmupMs;
  const end = measureFrom + timing.seconds * 1000;
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
  return { ...result(target.name, 'closed', records, timing.seconds, meter.stop(), errors), concurrency };
}

/** Open loop: one mutation every 1/rate s whether or not the previous one answered; latency from the scheduled time. */
export async function fixedRate(target: Target, world: World, rate: number, meter: CpuMeter, timing: Timing): Promise<PhaseResult> {
  const records: OpRecord[] = [];
  const errors: string[] = [];
  const interval = 1000 / rate;
  const warmupOps = Math.ceil((timing.warmupMs / 1000) * rate);
  const total = warmupOps + Math.round(timing.seconds * rate);
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
  return { ...result(target.name, 'fixed-rate', records, timing.seconds, meter.stop(), errors), rate };
}
