// Why a ramp refuses a load, in the operators' words; shared by the board (before a drop) and the server (after one).

type RampKind = 'IB' | 'OB' | 'BOTH';

const ONLY: Record<'IB' | 'OB', string> = { IB: 'inbound', OB: 'outbound' };

/** "R5 takes inbound loads only" when a ramp of one direction is given a load of the other; null when it takes it. */
export function directionRefusal(ramp: { code: string; kind: RampKind }, direction: 'IB' | 'OB'): string | null {
  return ramp.kind === 'BOTH' || ramp.kind === direction ? null : `${ramp.code} takes ${ONLY[ramp.kind]} loads only`;
}
