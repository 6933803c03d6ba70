'use client';

import { useMemo, useState } from 'react';
import { flagsOf, loadMatches } from '@/lib/board-rules';
import type { Assignment } from '@/lib/schemas/assignments';
import type { YardEntry } from '@/lib/schemas/gate';
import type { Ramp } from '@/lib/schemas/ramps';

/** The exceptions the summary bar counts and filters by (SPEC §8): late, overdue, and trucks waiting in the yard. */
export type Exception = 'late' | 'overdue' | 'waiting';

export type BoardFilters = {
  exception: Exception | null;
  toggleException: (e: Exception) => void;
  status: string;
  setStatus: (code: string) => void;
  carrier: string;
  setCarrier: (carrier: string) => void;
  /** An exception, a status or a carrier is chosen (the search is not a filter: it has its own box). */
  active: boolean;
  clear: () => void;
  /** Counted over the blocks the board shows, with the board's rules, so each figure is what the filter then shows. */
  counts: Record<Exception, number>;
  /** The carriers of the blocks shown (and the one chosen), for the carrier filter. */
  carriers: string[];
  /** The blocks the search and the filters let through; null when neither is set (nothing is dimmed). */
  matches: ReadonlySet<number> | null;
  /** How many blocks the board shows. */
  total: number;
  /** Changes when the filters or the search do: the board brings the first match into view then. */
  key: string;
};

type Input = { ramps: Ramp[]; byRamp: Map<number, Assignment[]>; yard: YardEntry[]; now: number; search: string };

/**
 * The board's search on the day shown and its filters (exceptions, status,
 * carrier), applied in the browser to the blocks shown: those that do not
 * match are dimmed (the Timeline's `matches`).
 */
export function useBoardFilters({ ramps, byRamp, yard, now, search }: Input): BoardFilters {
  const [exception, setException] = useState<Exception | null>(null);
  const [status, setStatus] = useState('');
  const [carrier, setCarrier] = useState('');

  const shown = useMemo(() => ramps.flatMap((r) => byRamp.get(r.id) ?? []), [ramps, byRamp]);
  const waitingIds = useMemo(() => new Set(yard.flatMap((e) => (e.assignment ? [e.assignment.id] : []))), [yard]);
  const flags = useMemo(() => new Map(shown.map((a) => [a.id, flagsOf(a, now)])), [shown, now]);

  const counts = useMemo(() => {
    let late = 0;
    let overdue = 0;
    for (const f of flags.values()) {
      if (f.late) late++;
      if (f.overdue) overdue++;
    }
    // Every truck in the yard panel, with a block or not (a truck checked in without a ramp waits too).
    return { late, overdue, waiting: yard.length };
  }, [flags, yard.length]);

  const carriers = useMemo(() => {
    const names = new Set(shown.flatMap((a) => (a.load.carrier ? [a.load.carrier] : [])));
    if (carrier) names.add(carrier);
    return [...names].sort((a, b) => a.localeCompare(b));
  }, [shown, carrier]);

  const needle = search.trim().toLowerCase();
  const matches = useMemo(() => {
    if (!needle && !exception && !status && !carrier) return null;
    const keep = (a: Assignment) =>
      (!needle || loadMatches(a.load, needle)) &&
      (!status || a.status.code === status) &&
      (!carrier || a.load.carrier === carrier) &&
      (exception === null || (exception === 'waiting' ? waitingIds.has(a.id) : !!flags.get(a.id)?.[exception]));
    return new Set(shown.filter(keep).map((a) => a.id));
  }, [shown, needle, exception, status, carrier, flags, waitingIds]);

  return {
    exception,
    toggleException: (e) => setException((current) => (current === e ? null : e)),
    status,
    setStatus,
    carrier,
    setCarrier,
    active: exception !== null || !!status || !!carrier,
    clear: () => {
      setException(null);
      setStatus('');
      setCarrier('');
    },
    counts,
    carriers,
    matches,
    total: shown.length,
    key: [needle, exception, status, carrier].join('\u0000'),
  };
}
