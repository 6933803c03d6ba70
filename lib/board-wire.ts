// The board as the page hands it to the browser. A client component's props
// are written into the HTML as the page's flight data, and every assignment
// repeats its ramp, status and people and carries a dozen fields that are
// mostly null. Packed, a day's blocks take between half and two thirds of the
// bytes; unpacked in the browser it is the API's Board again, field for field
// (tests/api/board-wire.test.ts). Zod-free: the board's browser code imports it.
import type { Assignment } from '@/lib/schemas/assignments';
import type { Board } from '@/lib/schemas/board';

type Person = NonNullable<Assignment['creator']>;
type AssignmentLoad = Assignment['load'];

/** Fields that are left out when null, and put back as null. */
const NULLABLE = [
  'arrived_at',
  'started_at',
  'completed_at',
  'departed_at',
  'called_at',
  'created_by',
  'updated_by',
] as const satisfies readonly (keyof Assignment)[];
const LOAD_NULLABLE = ['planned_arrival', 'planned_departure', 'notes', 'carrier'] as const satisfies readonly (keyof AssignmentLoad)[];

type Nullable = (typeof NULLABLE)[number];
type LoadNullable = (typeof LOAD_NULLABLE)[number];

type PackedAssignment = Omit<Assignment, 'ramp' | 'status' | 'creator' | 'updater' | 'load' | Nullable> &
  Partial<Pick<Assignment, Nullable>> & {
    load: Omit<AssignmentLoad, LoadNullable> & Partial<Pick<AssignmentLoad, LoadNullable>>;
    /** The ramp and status when the board's own lists lack them (they never should: a safety net). */
    ramp?: Assignment['ramp'];
    status?: Assignment['status'];
  };

export type PackedBoard = Omit<Board, 'assignments'> & { assignments: PackedAssignment[]; people: Person[] };

function withoutNulls<T extends object, K extends keyof T>(value: T, keys: readonly K[]): Omit<T, K> & Partial<Pick<T, K>> {
  const out = { ...value };
  for (const k of keys) if (out[k] === null) delete out[k];
  return out;
}

function withNulls<T extends object, K extends PropertyKey>(value: T, keys: readonly K[]): T & Record<K, unknown> {
  const out: Record<PropertyKey, unknown> = { ...(value as Record<PropertyKey, unknown>) };
  for (const k of keys) if (!(k in out)) out[k] = null;
  return out as T & Record<K, unknown>;
}

const sameRamp = (a: Assignment['ramp'], r: Board['ramps'][number] | undefined) =>
  !!r && r.code === a.code && r.description === a.description && r.kind === a.kind;
const sameStatus = (a: Assignment['status'], s: Board['statuses'][number] | undefined) =>
  !!s && s.code === a.code && s.label === a.label && s.color === a.color;

/** The board without what the browser can rebuild: per block, its ramp, status and people, and its null fields. */
export function packBoard(board: Board): PackedBoard {
  const ramps = new Map(board.ramps.map((r) => [r.id, r]));
  const statuses = new Map(board.statuses.map((s) => [s.id, s]));
  const people = new Map<number, Person>();
  const assignments = board.assignments.map((a): PackedAssignment => {
    const { ramp, status, creator, updater, load, ...rest } = a;
    if (creator) people.set(creator.id, creator);
    if (updater) people.set(updater.id, updater);
    return {
      ...withoutNulls(rest, NULLABLE),
      load: withoutNulls(load, LOAD_NULLABLE),
      ...(sameRamp(ramp, ramps.get(a.ramp_id)) ? {} : { ramp }),
      ...(sameStatus(status, statuses.get(a.status_id)) ? {} : { status }),
    };
  });
  return { ...board, assignments, people: [...people.values()] };
}

/** The API's Board from a packed one. */
export function unpackBoard(packed: PackedBoard): Board {
  const { people: list, assignments, ...board } = packed;
  const ramps = new Map(board.ramps.map((r) => [r.id, { id: r.id, code: r.code, description: r.description, kind: r.kind }]));
  const statuses = new Map(board.statuses.map((s) => [s.id, { id: s.id, code: s.code, label: s.label, color: s.color }]));
  const people = new Map(list.map((p) => [p.id, p]));
  return {
    ...board,
    assignments: assignments.map((p): Assignment => {
      const a = withNulls(p, NULLABLE) as Omit<Assignment, 'ramp' | 'status' | 'creator' | 'updater' | 'load'>;
      return {
        ...a,
        load: withNulls(p.load, LOAD_NULLABLE) as AssignmentLoad,
        ramp: p.ramp ?? ramps.get(p.ramp_id)!,
        status: p.status ?? statuses.get(p.status_id)!,
        creator: a.created_by === null ? null : (people.get(a.created_by) ?? null),
        updater: a.updated_by === null ? null : (people.get(a.updated_by) ?? null),
      };
    }),
  };
}
