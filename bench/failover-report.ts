/**
 * bench:failover's figures: per-client timelines summarised, deliveries
 * compared with board_events, and the printed report.
 */
import type { Client } from '@/bench/failover-clients';
import { summarize, type Summary } from '@/bench/lib-util';
import type { LoggedEvent } from '@/tests/faults/support/check';

export type FailoverTimes = {
  /** SIGTERM → the client's socket closed (the instance closing its sockets). */
  closedMs: Summary;
  /** Closed → reconnect sent (the client's own jittered wait). */
  waitMs: Summary;
  /** Reconnect sent → caught up on B (nginx, handshake, auth, replay). */
  handshakeMs: Summary;
  /** SIGTERM → caught up on B, all included. */
  caughtUpMs: Summary;
  notCaughtUp: number;
};

export function failoverTimes(clients: Client[], signalAt: number): FailoverTimes {
  const closed: number[] = [];
  const wait: number[] = [];
  const handshake: number[] = [];
  const caughtUp: number[] = [];
  let notCaughtUp = 0;
  for (const c of clients) {
    const closedAt = c.closedAt.find((t) => t > signalAt);
    const after = c.sessions.filter((s) => s.openedAt > signalAt);
    const done = after.find((s) => s.caughtUpAt > 0);
    if (closedAt === undefined || !done) {
      notCaughtUp++;
      continue;
    }
    closed.push(closedAt - signalAt);
    wait.push(after[0]!.openedAt - closedAt);
    handshake.push(done.caughtUpAt - after[0]!.openedAt);
    caughtUp.push(done.caughtUpAt - signalAt);
  }
  return { closedMs: summarize(closed), waitMs: summarize(wait), handshakeMs: summarize(handshake), caughtUpMs: summarize(caughtUp), notCaughtUp };
}

export type BaselineTimes = { waitMs: Summary; handshakeMs: Summary; caughtUpMs: Summary; notCaughtUp: number };

export function baselineTimes(clients: Client[], startAt: number): BaselineTimes {
  const done = clients.map((c) => c.sessions[0]!).filter((s) => s.caughtUpAt > 0);
  return {
    waitMs: summarize(done.map((s) => s.openedAt - startAt)),
    handshakeMs: summarize(done.map((s) => s.caughtUpAt - s.openedAt)),
    caughtUpMs: summarize(done.map((s) => s.caughtUpAt - startAt)),
    notCaughtUp: clients.length - done.length,
  };
}

export type Deliveries = {
  expected: number;
  received: number;
  missing: number;
  duplicates: number;
  outOfOrder: number;
  deliveredPct: number;
  clientsIncomplete: number;
  problems: string[];
};

/** Each client against the log: every assignment event after `from(client)`, once, in order. */
export function deliveries(clients: Client[], events: LoggedEvent[], from: (c: Client) => number): Deliveries {
  const d: Deliveries = { expected: 0, received: 0, missing: 0, duplicates: 0, outOfOrder: 0, deliveredPct: 0, clientsIncomplete: 0, problems: [] };
  for (const c of clients) {
    const first = from(c);
    const expected = events.filter((e) => e.seq > first).map((e) => e.seq);
    const seen = new Set<number>();
    let previous = -1;
    let wrong = 0;
    for (const seq of c.seqs) {
      if (seen.has(seq)) wrong = ++d.duplicates;
      else if (seq < previous) wrong = ++d.outOfOrder;
      seen.add(seq);
      previous = Math.max(previous, seq);
    }
    const got = expected.filter((s) => seen.has(s)).length;
    // A few cases in full, to see what went wrong.
    if ((wrong || got < expected.length) && d.problems.length < 3) {
      const sessions = c.sessions.map((s) => `{head ${s.headAtConnect}, caught up ${s.caughtUpAt > 0}}`).join(' ');
      d.problems.push(
        `${c.kind} from ${first}: got ${got}/${expected.length}, seqs ${c.seqs.slice(0, 40).join(',')}; sessions ${sessions}; closes ${c.closeReasons.join(',')}`,
      );
    }
    d.expected += expected.length;
    d.received += got;
    d.missing += expected.length - got;
    if (got < expected.length) d.clientsIncomplete++;
  }
  d.deliveredPct = d.expected ? Math.round((d.received / d.expected) * 100_000) / 1000 : 100;
  return d;
}

const f = (n: number) => (Number.isFinite(n) ? n.toFixed(0) : '–');
const line = (s: Summary) => `${f(s.p50)} / ${f(s.p99)} / ${f(s.max)}`;

export function printFailoverReport(
  opts: { clients: number; raw: number; rate: number; reconnectMs: number },
  m: { nproc: number; cpu: string; node: string },
  rev: { commit: string; dirty: boolean },
  failover: {
    times: FailoverTimes;
    deliveries: Deliveries;
    writes: { sent: number; failed: number; retried: number; attempts: Record<string, number>; failures: unknown[] };
    exit?: { code: number | null; msAfterSignal: number; msAfterLastResponse: number };
    closeReasons: Record<string, number>;
    resyncs: number;
  },
  baseline: { times: BaselineTimes; deliveries: Deliveries },
  ratio: { p50: number; p99: number; max: number },
): void {
  const ft = failover.times;
  const bt = baseline.times;
  const fd = failover.deliveries;
  const bd = baseline.deliveries;
  const run = `${opts.clients} Socket.IO + ${opts.raw} raw clients on A, ${opts.rate} writes/s, SIGTERM A; reconnect wait ${opts.reconnectMs} ms × U(0.5, 1.5)`;
  const where = `${m.nproc} × ${m.cpu}, Node ${m.node}, commit ${rev.commit}${rev.dirty ? ' + local changes' : ''}`;
  console.log(`\nFailover behind nginx: ${run} — ${where}\n`);
  const rows: [string, string, string][] = [
    ['', 'failover (A → B)', 'fresh connect to B'],
    ['caught up, p50 / p99 / max (ms)', line(ft.caughtUpMs), line(bt.caughtUpMs)],
    ['  SIGTERM → socket closed (ms)', line(ft.closedMs), '–'],
    ['  client wait before connecting (ms)', line(ft.waitMs), line(bt.waitMs)],
    ['  connect → caught up (ms)', line(ft.handshakeMs), line(bt.handshakeMs)],
    ['clients not caught up (30 s)', String(ft.notCaughtUp), String(bt.notCaughtUp)],
    ['deliveries received / expected', `${fd.received} / ${fd.expected}`, `${bd.received} / ${bd.expected}`],
    ['delivered', `${fd.deliveredPct} %`, `${bd.deliveredPct} %`],
    ['duplicates / out of order', `${fd.duplicates} / ${fd.outOfOrder}`, `${bd.duplicates} / ${bd.outOfOrder}`],
  ];
  const w = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) console.log(`  ${r[0].padEnd(w[0]!)}  ${r[1].padStart(w[1]!)}  ${r[2].padStart(w[2]!)}`);
  console.log(`\n  failover / fresh connect: p50 ${ratio.p50.toFixed(2)}, p99 ${ratio.p99.toFixed(2)}, max ${ratio.max.toFixed(2)}`);
  console.log(
    `  writes during failover: ${failover.writes.sent}, failed ${failover.writes.failed}, retried ${failover.writes.retried} (attempts ${JSON.stringify(failover.writes.attempts)})`,
  );
  const { exit } = failover;
  const exited = exit ? `(${exit.code}) ${exit.msAfterSignal} ms after SIGTERM, ${exit.msAfterLastResponse} ms after its last response` : 'NOT within 15 s';
  console.log(`  A exited ${exited}; closes ${JSON.stringify(failover.closeReasons)}; resyncs ${failover.resyncs}`);
  const ok = fd.deliveredPct === 100 && ft.notCaughtUp === 0 && ft.caughtUpMs.max <= 5_000;
  console.log(`  target (100 % delivered, every client caught up within 5 s): ${ok ? 'met' : 'NOT met'}\n`);
}
