/**
 * Turns what the listeners recorded, the events the server committed and the
 * writes' send times into the benchmark's figures.
 */
import type { EventRecord } from '@/bench/child-protocol';
import type { Kind, Listener } from '@/bench/clients';
import type { WriteRecord } from '@/bench/writer';

export type Summary = { count: number; p50: number; p99: number; max: number; mean: number };

export function summarize(values: ArrayLike<number>): Summary {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  if (n === 0) return { count: 0, p50: 0, p99: 0, max: 0, mean: 0 };
  const at = (p: number) => sorted[Math.min(n - 1, Math.max(0, Math.ceil((p / 100) * n) - 1))]!;
  let sum = 0;
  for (const v of sorted) sum += v;
  return { count: n, p50: at(50), p99: at(99), max: sorted[n - 1]!, mean: sum / n };
}

export type Deliveries = {
  expected: number;
  received: number;
  deliveredPct: number;
  outOfOrder: number;
  duplicates: number;
  /** Events a client got although its filter excludes them. */
  misrouted: number;
  /** Receipts of a seq that is not one of this run's events. */
  unknown: number;
};

export type Analysis = {
  deliveries: Deliveries;
  latencyMs: Record<'all' | Kind, Summary>;
  /** Committed events whose write the writer cannot name (e.g. its request timed out after committing). */
  unmatchedEvents: number;
};

const matches = (filter: Listener['filter'], direction: EventRecord['direction']) => !filter || !direction || filter === direction;

export function expectedDeliveries(listeners: Listener[], events: EventRecord[]): number {
  const byDirection = { IB: 0, OB: 0, none: 0 };
  for (const e of events) byDirection[e.direction ?? 'none']++;
  let expected = 0;
  for (const l of listeners) expected += byDirection.none + (l.filter ? byDirection[l.filter] : byDirection.IB + byDirection.OB);
  return expected;
}

export function analyze(listeners: Listener[], events: EventRecord[], writes: WriteRecord[]): Analysis {
  const sentAt = new Map<string, number>();
  for (const w of writes) if (w.key) sentAt.set(w.key, w.sentAt);
  const bySeq = new Map<number, { direction: EventRecord['direction']; sentAt: number | undefined }>();
  let unmatchedEvents = 0;
  for (const e of events) {
    const t = sentAt.get(`${e.type}:${e.id}:${e.version}`);
    if (t === undefined) unmatchedEvents++;
    bySeq.set(e.seq, { direction: e.direction, sentAt: t });
  }
  const latencies: Record<'all' | Kind, number[]> = { all: [], 'socket.io': [], raw: [] };
  const d: Deliveries = {
    expected: expectedDeliveries(listeners, events),
    received: 0,
    deliveredPct: 0,
    outOfOrder: 0,
    duplicates: 0,
    misrouted: 0,
    unknown: 0,
  };
  for (const l of listeners) {
    const seen = new Set<number>();
    let last = -1;
    for (let i = 0; i < l.seqs.length; i++) {
      const seq = l.seqs[i]!;
      const e = bySeq.get(seq);
      if (!e) {
        d.unknown++;
        continue;
      }
      if (seen.has(seq)) {
        d.duplicates++;
        continue;
      }
      seen.add(seq);
      if (seq < last) d.outOfOrder++;
      last = Math.max(last, seq);
      if (!matches(l.filter, e.direction)) {
        d.misrouted++;
        continue;
      }
      d.received++;
      if (e.sentAt !== undefined) {
        const ms = l.times[i]! - e.sentAt;
        latencies.all.push(ms);
        latencies[l.kind].push(ms);
      }
    }
  }
  d.deliveredPct = d.expected ? (100 * d.received) / d.expected : 100;
  return {
    deliveries: d,
    latencyMs: { all: summarize(latencies.all), 'socket.io': summarize(latencies['socket.io']), raw: summarize(latencies.raw) },
    unmatchedEvents,
  };
}
