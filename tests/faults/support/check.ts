import type postgres from 'postgres';
import type { Instance } from '@/tests/faults/support/instance';
import type { Listener } from '@/tests/faults/support/listeners';
import type { WriteRecord } from '@/tests/faults/support/writer';
import { sleep } from '@/tests/faults/support/util';

export type LoggedEvent = { seq: number; key: string };

/** Every assignment event after `since`, in seq order, as `type:id:version`. */
export async function assignmentEvents(sql: postgres.Sql, since: number): Promise<LoggedEvent[]> {
  const rows = await sql<{ seq: string; type: string; entity_id: string; version: number | null }[]>`
    SELECT seq, type, entity_id, (payload->>'version')::int AS version
    FROM board_events WHERE seq > ${since} AND entity = 'assignment' ORDER BY seq`;
  return rows.map((r) => ({ seq: Number(r.seq), key: `${r.type}:${r.entity_id}:${r.version}` }));
}

export type Delivery = { name: string; expected: number; received: number; missing: number; duplicates: number; outOfOrder: number; firstMissing?: number };

/** One client's received seqs against the log: each expected once, in order, nothing else. */
export function compareDelivery(l: Listener, expected: number[]): Delivery {
  const want = new Set(expected);
  const seen = new Set<number>();
  let duplicates = 0;
  let outOfOrder = 0;
  let previous = -1;
  for (const seq of l.seqs) {
    if (seen.has(seq)) duplicates++;
    else if (seq < previous) outOfOrder++;
    seen.add(seq);
    previous = Math.max(previous, seq);
  }
  const missing = expected.filter((s) => !seen.has(s));
  const extra = l.seqs.filter((s) => !want.has(s)).length;
  return {
    name: l.name,
    expected: expected.length,
    received: l.seqs.length - extra,
    missing: missing.length,
    duplicates,
    outOfOrder,
    firstMissing: missing[0],
  };
}

/** Waits until every listener is live and has seen `head` (or `timeoutMs` passes); returns how long it took. */
export async function waitCaughtUp(listeners: Listener[], head: number, timeoutMs: number): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    if (listeners.every((l) => l.gaveUp || (l.live && l.lastSeq >= head))) break;
    await sleep(50);
  }
  return performance.now() - started;
}

/** The deliveries of every listener that are not exactly the log. */
export function deliveryProblems(listeners: Listener[], events: LoggedEvent[]): Delivery[] {
  const expected = events.map((e) => e.seq);
  return listeners.map((l) => compareDelivery(l, expected)).filter((d) => d.missing || d.duplicates || d.outOfOrder);
}

/** Successful writes whose event is not in the log (a 2xx for a change that did not commit). */
export function writesMissingFromLog(records: WriteRecord[], events: LoggedEvent[]): WriteRecord[] {
  const logged = new Set(events.map((e) => e.key));
  return records.filter((r) => r.event && !logged.has(r.event));
}

/** A line per listener kind for the test's report: connects, closes, errors. */
export function listenerSummary(listeners: Listener[]): string {
  const byKind = new Map<string, Listener[]>();
  for (const l of listeners) byKind.set(l.kind, [...(byKind.get(l.kind) ?? []), l]);
  return [...byKind]
    .map(([kind, ls]) => {
      const closes: Record<string, number> = {};
      for (const l of ls) for (const c of l.closes) closes[c] = (closes[c] ?? 0) + 1;
      const errors = new Set(ls.flatMap((l) => l.errors));
      return `${kind} ×${ls.length}: connects ${ls.reduce((n, l) => n + l.connects, 0)}, closes ${JSON.stringify(closes)}, gave up ${ls.filter((l) => l.gaveUp).length}, resyncs ${ls.reduce((n, l) => n + l.resyncs, 0)}${errors.size ? `, errors ${JSON.stringify([...errors].slice(0, 5))}` : ''}`;
    })
    .join('\n');
}

/** Instances that exited without being asked to, with how and their last log lines. */
export function unexpectedExits(instances: Instance[], expected: Instance[] = []): string[] {
  return instances
    .filter((i) => i.exit && !expected.includes(i))
    .map((i) => `instance ${i.name} exited (${i.exit!.code ?? i.exit!.signal}):\n${i.output().split('\n').slice(-30).join('\n')}`);
}
