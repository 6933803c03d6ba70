// The Plan dialog's rules, pure and zod-free: which ramps can take a load in a
// window (kind vs direction, in use, open then, free of that ramp's other assignments),
// the window to start from, and the server's refusals in plain words.
import { isFreed } from '@/lib/board-rules';
import { closedRefusal } from '@/lib/ramp-hours';
import type { Assignment } from '@/lib/schemas/assignments';
import type { Load } from '@/lib/schemas/loads';
import type { Ramp } from '@/lib/schemas/ramps';
import { DEFAULT_LOCALE, formatClock } from '@/lib/zoned-time';

const QUARTER = 15 * 60_000;
const DEFAULT_DURATION = 2 * 3_600_000;

export type RampChoice = { ramp: Ramp; free: boolean; reason: string | null };
export type Placed = Pick<Assignment, 'id' | 'ramp_id' | 'load_id' | 'eta_in' | 'eta_out'> & { status: { code: string }; load: { reference: string } };

const DIRECTION_WORD = { IB: 'inbound', OB: 'outbound' } as const;

/** Why `ramp` cannot take `load` in [from, to), or null when it can; `assignments` are the ones known (the board's day). */
export function whyNot(
  ramp: Ramp,
  load: Pick<Load, 'id' | 'direction'>,
  from: number,
  to: number,
  assignments: readonly Placed[],
  timeZone: string,
  locale: string = DEFAULT_LOCALE,
) {
  if (!ramp.is_active) return `${ramp.code} is not in use`;
  if (ramp.kind !== 'BOTH' && ramp.kind !== load.direction) return `${ramp.code} takes ${DIRECTION_WORD[ramp.kind]} loads only`;
  // Hours and closures (SPEC §9), in the server's words and order: a closed ramp is not offered as free.
  const closed = closedRefusal(ramp.code, ramp.rules, from, to);
  if (closed) return closed;
  // Cancelled slots free their window (the database's exclusion constraint skips them); the load's own slot is not in the way.
  const taken = assignments.find(
    (a) => a.ramp_id === ramp.id && a.load_id !== load.id && !isFreed(a) && Date.parse(a.eta_in) < to && Date.parse(a.eta_out) > from,
  );
  if (taken)
    return `${ramp.code} is taken ${formatClock(taken.eta_in, timeZone, locale)}–${formatClock(taken.eta_out, timeZone, locale)} by ${taken.load.reference}`;
  return null;
}

/** Every ramp with whether it can take the load then: the free ones first, each group in the board's order. */
export function rampChoices(
  ramps: readonly Ramp[],
  load: Pick<Load, 'id' | 'direction'>,
  from: number,
  to: number,
  assignments: readonly Placed[],
  timeZone: string,
  locale: string = DEFAULT_LOCALE,
): RampChoice[] {
  const all = ramps.map((ramp) => {
    const reason = Number.isFinite(from) && Number.isFinite(to) && to > from ? whyNot(ramp, load, from, to, assignments, timeZone, locale) : null;
    return { ramp, free: reason === null, reason };
  });
  return [...all.filter((c) => c.free), ...all.filter((c) => !c.free)];
}

/**
 * The window to offer: the load's planned times; else its arrival plus its load type's duration (SPEC §9) or 2 h;
 * else the next quarter hour after `now`, as long.
 */
export function defaultWindow(load: Pick<Load, 'planned_arrival' | 'planned_departure'>, now: number, typeMinutes?: number): { from: number; to: number } {
  const arrival = load.planned_arrival ? Date.parse(load.planned_arrival) : null;
  const departure = load.planned_departure ? Date.parse(load.planned_departure) : null;
  if (arrival !== null && departure !== null && departure > arrival) return { from: arrival, to: departure };
  const from = arrival ?? Math.ceil((now + 1) / QUARTER) * QUARTER;
  return { from, to: from + (typeMinutes ? typeMinutes * 60_000 : DEFAULT_DURATION) };
}

/** A refusal of the plan as the dialog says it: the server's 409 and 422 words turned into the operator's. */
export function planRefusal(error: { status?: number; message: string }, ramp: Pick<Ramp, 'code' | 'kind'> | undefined, reference: string): string {
  const m = error.message;
  if (/already occupied|overlaps/i.test(m)) return `${ramp?.code ?? 'The ramp'} is already taken in that time; choose another ramp or time.`;
  if (/already has an active assignment/i.test(m)) return `${reference} already has a ramp: someone planned it meanwhile.`;
  if (/direction mismatch/i.test(m) && ramp && ramp.kind !== 'BOTH') return `${ramp.code} takes ${DIRECTION_WORD[ramp.kind]} loads only.`;
  if (/eta_out must be after eta_in/i.test(m)) return 'ETA out must be after ETA in.';
  if (error.status === 403) return 'You can view the board; only operators and administrators plan loads.';
  return m || 'The plan was not saved.';
}
