// The stdout report of bench/webhooks.ts: a table per round, the quietest round against the targets.
import { fmt, table } from '@/bench/lib-util';
import type { LagResult, RateResult } from '@/bench/webhooks-phases';

type Machine = { nproc: number; cpu: string; ramGB: number; node: string; loadavg: number[] };

const pick = <T extends { target: string }>(list: T[], target: string, extra: (x: T) => boolean = () => true) =>
  list.find((x) => x.target === target && extra(x))!;

export function printWebhooksReport(
  opts: Record<string, number | string>,
  end: Machine,
  start: Machine,
  rev: { commit: string; dirty: boolean },
  rates: RateResult[][],
  lags: LagResult[][],
) {
  const rows: (string | number)[][] = [];
  const rounds = rates.map((roundRates, i) => {
    const roundLags = lags[i]!;
    const r1 = { dcdock: pick(roundRates, 'dcdock', (x) => x.receivers === 1), baseline: pick(roundRates, 'baseline', (x) => x.receivers === 1) };
    const rk = { dcdock: pick(roundRates, 'dcdock', (x) => x.receivers > 1), baseline: pick(roundRates, 'baseline', (x) => x.receivers > 1) };
    const lag = { dcdock: pick(roundLags, 'dcdock'), baseline: pick(roundLags, 'baseline') };
    const load = [...roundRates, ...roundLags].map((x) => x.loadavg[0]!);
    const meanLoad = load.reduce((a, b) => a + b, 0) / load.length;
    for (const [name, pair] of [
      ['rate × 1, deliveries/s', r1],
      [`rate × ${rk.dcdock.receivers}, deliveries/s`, rk],
    ] as const)
      rows.push([
        i + 1,
        name,
        pair.dcdock.perSec,
        pair.baseline.perSec,
        fmt(pair.dcdock.perSec / pair.baseline.perSec, 2),
        `${pair.dcdock.serverCpuUsPerDelivery} / ${pair.baseline.serverCpuUsPerDelivery}`,
        `${pair.dcdock.check.missing}/${pair.dcdock.check.outOfOrder}/${pair.dcdock.check.duplicates}`,
        fmt(pair.dcdock.loadavg[0]!, 2),
      ]);
    for (const p of ['p50', 'p95', 'p99', 'max'] as const)
      rows.push([
        i + 1,
        `lag ${p} from commit, ms (${lag.dcdock.rate}/s)`,
        fmt(lag.dcdock.fromCommitMs[p]),
        fmt(lag.baseline.fromCommitMs[p]),
        fmt(lag.dcdock.fromCommitMs[p] / lag.baseline.fromCommitMs[p], 2),
        '',
        p === 'p50' ? `${lag.dcdock.check.missing}/${lag.dcdock.check.outOfOrder}/${lag.dcdock.check.duplicates}` : '',
        p === 'p50' ? fmt(lag.dcdock.loadavg[0]!, 2) : '',
      ]);
    rows.push([i + 1, 'lag p99 from REST answer, ms', fmt(lag.dcdock.fromAnswerMs.p99), fmt(lag.baseline.fromAnswerMs.p99), '', '', '', '']);
    return { round: i + 1, meanLoad, r1, rk, lag };
  });
  const q = [...rounds].sort((a, b) => a.meanLoad - b.meanLoad)[0]!;
  const summary = {
    quietestRound: q.round,
    meanLoad: Math.round(q.meanLoad * 100) / 100,
    rate1: { dcdock: q.r1.dcdock.perSec, baseline: q.r1.baseline.perSec, ratio: q.r1.dcdock.perSec / q.r1.baseline.perSec },
    rateK: { receivers: q.rk.dcdock.receivers, dcdock: q.rk.dcdock.perSec, baseline: q.rk.baseline.perSec, ratio: q.rk.dcdock.perSec / q.rk.baseline.perSec },
    lag: {
      dcdock: q.lag.dcdock.fromCommitMs,
      baseline: q.lag.baseline.fromCommitMs,
      ratioP50: q.lag.dcdock.fromCommitMs.p50 / q.lag.baseline.fromCommitMs.p50,
      ratioP99: q.lag.dcdock.fromCommitMs.p99 / q.lag.baseline.fromCommitMs.p99,
    },
    targets: {
      lagP99Le100ms: q.lag.dcdock.fromCommitMs.p99 <= 100,
      atLeast500PerSec: Math.max(q.r1.dcdock.perSec, q.rk.dcdock.perSec) >= 500,
    },
  };
  console.log(
    `\nWebhooks — ${start.nproc} × ${start.cpu}, ${start.ramGB} GB, Node ${start.node}; commit ${rev.commit}${rev.dirty ? ' + local changes' : ''}; ` +
      `load average ${start.loadavg.join(' ')} → ${end.loadavg.join(' ')}`,
  );
  console.log(`options: ${JSON.stringify(opts)}\n`);
  console.log(
    table(['round', 'measure', 'DCDock', 'baseline', 'ratio', 'server CPU µs/delivery (D / b)', 'DCDock missing/out of order/dup', 'load 1 min'], rows),
  );
  console.log(
    `\nquietest round ${q.round} (load ${fmt(q.meanLoad, 2)}): ${summary.rate1.dcdock}/s to 1 receiver (×${fmt(summary.rate1.ratio, 2)} baseline), ` +
      `${summary.rateK.dcdock}/s to ${summary.rateK.receivers} (×${fmt(summary.rateK.ratio, 2)}); lag p50 ${q.lag.dcdock.fromCommitMs.p50} ms, ` +
      `p99 ${q.lag.dcdock.fromCommitMs.p99} ms (×${fmt(summary.lag.ratioP99, 2)} baseline). ` +
      `Targets: lag p99 ≤ 100 ms ${summary.targets.lagP99Le100ms ? 'met' : 'NOT met'}, ≥ 500 deliveries/s ${summary.targets.atLeast500PerSec ? 'met' : 'NOT met'}\n`,
  );
  return summary;
}
