import { ACTUAL_FIELDS } from '@/lib/board-rules';
import { actualOrderMessage } from '@/lib/schemas/assignments';
import { HttpError } from '@/server/errors';

type PgError = { code?: string; constraint_name?: string; constraint?: string; message?: string; detail?: string };

function pgError(error: unknown): PgError | null {
  // drizzle wraps driver errors; the PostgreSQL fields are on the cause.
  let e: unknown = error;
  for (let i = 0; i < 3 && e && typeof e === 'object'; i++) {
    const candidate = e as PgError & { cause?: unknown };
    if (typeof candidate.code === 'string' && /^[0-9A-Z]{5}$/.test(candidate.code)) return candidate;
    e = candidate.cause;
  }
  return null;
}

/** assignments_<later>_after_<earlier> (0005_operations.sql), one per pair of actual times: a 422 on the later field. */
function actualOrderConstraints() {
  const out: Record<string, { status: number; detail: string; field: string }> = {};
  ACTUAL_FIELDS.forEach((later, i) => {
    for (const earlier of ACTUAL_FIELDS.slice(0, i)) {
      const name = `assignments_${later.replace('_at', '')}_after_${earlier.replace('_at', '')}`;
      out[name] = { status: 422, detail: actualOrderMessage(later, earlier), field: later };
    }
  });
  return out;
}

const CONSTRAINT_MESSAGES: Record<string, { status: number; detail: string; field?: string }> = {
  assignments_no_overlap: { status: 409, detail: 'The ramp is already occupied in that time window' },
  assignments_one_live_per_load: { status: 409, detail: 'This load already has an active assignment' },
  assignments_eta_order: { status: 422, detail: 'eta_out must be after eta_in', field: 'eta_out' },
  assignments_ramp_id_ramps_id_fk: { status: 422, detail: 'Ramp does not exist', field: 'ramp_id' },
  assignments_load_id_loads_id_fk: { status: 422, detail: 'Load does not exist', field: 'load_id' },
  assignments_status_id_statuses_id_fk: { status: 422, detail: 'Status does not exist', field: 'status_id' },
  ...actualOrderConstraints(),
  users_email_lower_key: { status: 409, detail: 'A user with this email already exists' },
  ramps_code_key: { status: 409, detail: 'A ramp with this code already exists' },
  statuses_code_key: { status: 409, detail: 'A status with this code already exists' },
  loads_reference_key: { status: 409, detail: 'A load with this reference already exists' },
  load_types_name_key: { status: 409, detail: 'A load type with this name already exists' },
  loads_load_type_id_fk: { status: 422, detail: 'Load type does not exist', field: 'load_type_id' },
  ramp_hours_no_overlap: { status: 422, detail: 'Opening hours of one day must not overlap', field: 'hours' },
  statuses_cancelled_fixed: { status: 409, detail: 'The PLANNED, REQUESTED, DECLINED and CANCELLED statuses cannot be renamed or deleted' },
  carriers_name_key: { status: 409, detail: 'A carrier with this name already exists' },
  users_carrier_id_fk: { status: 422, detail: 'Carrier does not exist', field: 'carrier_id' },
  users_carrier_role: { status: 422, detail: 'A carrier user needs a carrier, and only carrier users have one', field: 'carrier_id' },
  loads_carrier_id_fk: { status: 422, detail: 'Carrier does not exist', field: 'carrier_id' },
};

/** The trigger's "ramp of kind IB cannot take a OB load" in plain words (server/assignments adds the ramp's code). */
function rampOnlyMessage(message: string | undefined): string {
  const kind = /ramp of kind (IB|OB)\b/.exec(message ?? '')?.[1];
  return kind ? `The ramp takes ${kind === 'IB' ? 'inbound' : 'outbound'} loads only` : 'The ramp does not take loads of this direction';
}

/**
 * Turns a constraint violation into the client error it stands for; anything
 * else is rethrown as it is (a real 500).
 */
export function mapPgError(error: unknown, inUse?: string): never {
  const pg = pgError(error);
  if (!pg?.code) throw error;
  if ((pg.code === '23503' || pg.code === '23001') && inUse) throw new HttpError(409, inUse);
  const constraint = pg.constraint_name ?? pg.constraint ?? '';
  const known = CONSTRAINT_MESSAGES[constraint];
  if (pg.code === '23514' && constraint === 'loads_direction_assigned') {
    throw new HttpError(422, [
      {
        loc: ['body', 'direction'],
        msg: `Direction conflict: ${pg.message ?? 'the load is assigned to a ramp of the other direction'}`,
        type: 'direction_mismatch',
      },
    ]);
  }
  if (pg.code === '23514' && constraint === 'ramps_kind_assigned') {
    throw new HttpError(422, [
      { loc: ['body', 'kind'], msg: `Kind conflict: ${pg.message ?? 'the ramp has assignments of the other direction'}`, type: 'direction_mismatch' },
    ]);
  }
  if (pg.code === '23514' && constraint === 'assignments_ramp_kind_direction') {
    throw new HttpError(422, [{ loc: ['body', 'ramp_id'], msg: rampOnlyMessage(pg.message), type: 'direction_mismatch' }]);
  }
  // SPEC §9: the ramp's hours, closures and load types (0011_rules.sql, 0014_load_type_rules.sql) speak for themselves.
  if (pg.code === '23514' && ['assignments_ramp_open', 'assignments_load_type_fit', 'loads_load_type_fit', 'load_types_ramp_fit'].includes(constraint)) {
    throw new HttpError(409, pg.message ?? 'The ramp is closed at that time');
  }
  if (known) {
    if (known.field) throw new HttpError(known.status, [{ loc: ['body', known.field], msg: known.detail, type: 'constraint' }]);
    throw new HttpError(known.status, known.detail);
  }
  switch (pg.code) {
    case '23P01':
      throw new HttpError(409, 'The change overlaps with an existing one');
    case '23505':
      throw new HttpError(409, 'A record with these values already exists');
    case '23503':
    case '23001':
      // On delete: still referenced; on insert/update: the reference is missing.
      throw new HttpError(409, 'This record is referenced by others or refers to a missing record');
    case '22007':
    case '22008':
    case '22P02':
    case '22003':
    case '22021':
      throw new HttpError(422, 'A value is out of range or malformed');
    case '40001':
    case '40P01':
      throw new HttpError(503, 'The database was busy; please retry', {}, { 'Retry-After': '1' });
    default:
      throw error;
  }
}

/** SQLSTATEs that mean the session is gone or the server is not taking work: retry later. */
const CONNECTION_SQLSTATES = /^(08|57P0[1-5]|53300|25P03)/;
/** Socket errors and the driver's own codes for a connection that failed, closed or never opened. */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENOENT',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
]);

/** A statement cut off by statement_timeout (or a cancel): the database is too busy to answer in time. */
const TIMEOUT_SQLSTATES = new Set(['57014', '55P03']);

/** True for errors that say the database is unreachable or dropped the connection, not that the request was wrong. */
export function isConnectionError(error: unknown): boolean {
  let e: unknown = error;
  for (let i = 0; i < 4 && e && typeof e === 'object'; i++) {
    const { code, errors, cause } = e as { code?: unknown; errors?: unknown; cause?: unknown };
    if (typeof code === 'string' && (CONNECTION_CODES.has(code) || CONNECTION_SQLSTATES.test(code) || TIMEOUT_SQLSTATES.has(code))) return true;
    // Node reports a refused connection to a host with several addresses as an AggregateError.
    if (Array.isArray(errors) && errors.some((x) => isConnectionError(x))) return true;
    e = cause;
  }
  return false;
}
