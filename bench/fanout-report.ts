/**
 * What bench/fanout.ts prints at the end: DCDock and the baseline side by
 * side, their latency ratio, and a warning when other processes took CPU.
 */
import type { PhaseOptions, PhaseResult } from '@/bench/fanout-phase';

/** One column per server under test, one row per figure. */
function table(results: Record<string, PhaseResult>): string {
  const names = Object.keys(results);
  const f = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '-');
  const rows: [string, (r: PhaseResult) => string][] = [
    ['clients ready (Socket.IO + raw)', (r) => `${r.clients.socketIo.connected} + ${r.clients.raw.connected}`],
    ['connect time (s)', (r) => f(r.clients.connectSeconds)],
    ['writes ok / sent (ticks skipped)', (r) => `${r.writes.ok} / ${r.writes.sent} (${r.writes.skipped})`],
    ['events committed', (r) => String(r.events)],
    ['deliveries received / expected', (r) => `${r.deliveries.received} / ${r.deliveries.expected}`],
    ['delivered', (r) => `${f(r.deliveries.deliveredPct, 3)} %`],
    ['out of order / duplicates / misrouted', (r) => `${r.deliveries.outOfOrder} / ${r.deliveries.duplicates} / ${r.deliveries.misrouted}`],
    ['latency p50 / p99 / max (ms)', (r) => `${f(r.latencyMs.all.p50)} / ${f(r.latencyMs.all.p99)} / ${f(r.latencyMs.all.max)}`],
    ['  Socket.IO p50 / p99 (ms)', (r) => `${f(r.latencyMs['socket.io'].p50)} / ${f(r.latencyMs['socket.io'].p99)}`],
    ['  raw /api/ws p50 / p99 (ms)', (r) => `${f(r.latencyMs.raw.p50)} / ${f(r.latencyMs.raw.p99)}`],
    ['REST write p50 / p99 (ms)', (r) => `${f(r.writes.restMs.p50)} / ${f(r.writes.restMs.p99)}`],
    ['raw payload (bytes, mean)', (r) => f(r.rawPayloadBytesMean, 0)],
    [
      'server event-loop delay p50 / p99 / max (ms)',
      (r) => `${f(r.server.eventLoopDelayMs.p50)} / ${f(r.server.eventLoopDelayMs.p99)} / ${f(r.server.eventLoopDelayMs.max)}`,
    ],
    ['server CPU (% of one core)', (r) => f(r.server.cpuPctOfOneCore, 0)],
    ['server CPU per delivery (µs)', (r) => f(r.server.cpuUsPerDelivery, 1)],
    ['server RSS before → after (MB)', (r) => `${f(r.server.rssBeforeMB, 0)} → ${f(r.server.rssAfterMB, 0)}`],
    ['server RSS per socket (KB)', (r) => f(r.server.rssPerSocketKB)],
    ['load generator loop p99 (ms) / CPU %', (r) => `${f(r.loadGenerator.eventLoopDelayMs.p99)} / ${f(r.loadGenerator.cpuPctOfOneCore, 0)}`],
    ['load generator CPU per delivery (µs)', (r) => f(r.loadGenerator.cpuUsPerDelivery, 1)],
    ['PostgreSQL CPU (% of one core)', (r) => f(r.machine.postgresCpuPctOfOneCore, 0)],
    ['machine CPU busy, all cores (%) / steal', (r) => `${f(r.machine.cpuBusyPctOfAllCores, 0)} / ${f(r.machine.stealPct, 0)}`],
    ['unattributed: other processes, kernel (% of one core)', (r) => f(r.machine.otherProcessesCpuPctOfOneCore, 0)],
    ['load average (1 min) start → end', (r) => `${f(r.machine.loadAvg1mStart, 2)} → ${f(r.machine.loadAvg1mEnd, 2)}`],
    ['drain after the last write (s)', (r) => f(r.drainSeconds)],
  ];
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const cells = rows.map(([label, fn]) => [label, ...names.map((n) => fn(results[n]!))]);
  const widths = names.map((n, i) => Math.max(n.length, ...cells.map((c) => c[i + 1]!.length)));
  const line = (c: string[]) =>
    `  ${c[0]!.padEnd(w0)}  ${c
      .slice(1)
      .map((v, i) => v.padStart(widths[i]!))
      .join('  ')}`;
  return [line(['', ...names]), line(['', ...widths.map((w) => '-'.repeat(w))]), ...cells.map(line)].join('\n');
}

export function printFanoutReport(
  opts: PhaseOptions,
  m: { nproc: number; cpu: string; node: string },
  results: Record<string, PhaseResult>,
  ratio: { p50: number; p99: number },
): void {
  console.log(
    `\nFan-out: ${opts.clients} Socket.IO (${opts.sioClient} client) + ${opts.raw} raw clients, ${opts.rate} writes/s for ${opts.seconds} s — ${m.nproc} × ${m.cpu}, Node ${m.node}\n`,
  );
  console.log(table(results));
  console.log(`\n  DCDock p99 / baseline p99 = ${ratio.p99.toFixed(2)}   (p50: ${ratio.p50.toFixed(2)})\n`);
  for (const [name, r] of Object.entries(results)) {
    if (r.machine.otherProcessesCpuPctOfOneCore > 25)
      console.log(
        `  WARNING: ${name}: ${r.machine.otherProcessesCpuPctOfOneCore.toFixed(0)} % of a core went to processes outside this benchmark; its figures are not clean.`,
      );
  }
}
