/**
 * The tables bench/writes.ts prints at the end: REST against the baseline per
 * concurrency level, and the fixed-rate run.
 */
import path from 'node:path';
import { fmt, table } from '@/bench/lib-util';
import type { PhaseResult } from '@/bench/writes-runners';

export type LevelRow = { concurrency: number; rest: PhaseResult; baseline: PhaseResult; ratio: number };

/** One row per concurrency level: both targets' closed-loop results and REST's share of the baseline's throughput. */
export function levelRows(levels: number[], rest: PhaseResult[], baseline: PhaseResult[]): LevelRow[] {
  return levels.map((c, i) => {
    const r = rest[i]!;
    const b = baseline[i]!;
    return { concurrency: c, rest: r, baseline: b, ratio: Math.round((r.opsPerSec / b.opsPerSec) * 1000) / 1000 };
  });
}

export function printWritesReport({
  seconds,
  pool,
  rate,
  rows,
  restRate,
  baselineRate,
  phases,
  jsonPath,
}: {
  seconds: number;
  pool: number;
  rate: number;
  rows: LevelRow[];
  restRate: PhaseResult;
  baselineRate: PhaseResult;
  /** Every phase, for the samples of errors. */
  phases: PhaseResult[];
  jsonPath: string;
}): void {
  console.log(`\nWrites through the REST API vs. the same transactions straight to PostgreSQL (closed loop, ${seconds} s per level, pool ${pool}):\n`);
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
  console.log(`\nFixed rate ${rate} mutations/s for ${seconds} s (open loop):\n`);
  console.log(
    table(
      ['target', 'answered', 'p50 ms', 'p99 ms', 'max ms', '409', 'errors', 'p99 ≤ 50 ms'],
      [restRate, baselineRate].map((r) => [
        r.target,
        r.answered,
        fmt(r.latencyMs.p50),
        fmt(r.latencyMs.p99),
        fmt(r.latencyMs.max),
        r.conflicts409,
        r.errors + r.rejected,
        r.latencyMs.p99 <= 50 ? 'yes' : 'NO',
      ]),
    ),
  );
  console.log(`\nJSON: ${path.relative(process.cwd(), jsonPath)}`);
  const problems = phases.flatMap((r) => r.errorSamples.map((e) => `${r.target}: ${e}`));
  if (problems.length) console.log(`\nErrors seen (samples):\n  ${problems.join('\n  ')}`);
}
