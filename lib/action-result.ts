// What a server action answers, shared by the server (server/actions/run-action.ts) and the browser.
// An action never throws into the page: every outcome is one of these, in the REST API's words.

export type FieldErrors = Record<string, string>;

/** One 422 message as the REST API sends it: `loc` is [where, field, …]. */
export type FieldIssue = { loc: (string | number)[]; msg: string; type?: string };

export type ActionFailure<C = unknown> =
  /** A version conflict: what the record is now, to show beside the user's change. */
  | { ok: false; kind: 'conflict'; status: 409; message: string; current: C }
  /** The input was refused: messages by field (as the REST API's 422 `detail`). */
  | { ok: false; kind: 'invalid'; status: 422; message: string; fieldErrors: FieldErrors; issues: FieldIssue[] }
  /** No session, an expired or revoked one, or an inactive user. */
  | { ok: false; kind: 'signed-out'; status: 401; message: string }
  /** The database is away or did not answer in time: retry with the same idempotency key. */
  | { ok: false; kind: 'unavailable'; status: 503; message: string; retryAfterMs: number; outcomeUnknown: boolean }
  /** Any other refusal (403, 404, 409 without a version, 400, 500). */
  | { ok: false; kind: 'refused'; status: number; message: string };

export type ActionResult<T, C = unknown> = { ok: true; value: T } | ActionFailure<C>;

/** 422 messages keyed by field name, the first per field; `_` for the input as a whole. */
export function fieldErrorsOf(issues: FieldIssue[]): FieldErrors {
  const out: FieldErrors = {};
  for (const d of issues) out[String(d.loc[1] ?? '_')] ??= d.msg;
  return out;
}

/** One sentence for a list of 422 messages: "eta_out: eta_out must be after eta_in; …". */
export function summarizeIssues(issues: FieldIssue[]): string {
  return issues.map((d) => `${fieldLabel(d.loc.slice(1))}: ${d.msg}`).join('; ');
}

/** The words the screens use for the API's fields ("ETA in", not eta_in), for messages a person reads. */
const FIELD_LABELS: Record<string, string> = {
  ramp_id: 'Ramp',
  load_id: 'Load',
  status_id: 'Status',
  eta_in: 'ETA in',
  eta_out: 'ETA out',
  arrived_at: 'Arrived',
  started_at: 'Started',
  completed_at: 'Completed',
  departed_at: 'Departed',
  planned_arrival: 'Planned arrival',
  planned_departure: 'Planned departure',
  full_name: 'Name',
  sort_order: 'Sort order',
  is_active: 'Active',
};

function fieldLabel(path: (string | number)[]): string {
  const last = path.at(-1);
  if (last === undefined) return 'Input';
  const name = String(last);
  return FIELD_LABELS[name] ?? name.charAt(0).toUpperCase() + name.slice(1).replaceAll('_', ' ');
}

/**
 * A failed action as an Error, for `useMutation` (whose `onError` rolls back)
 * and the forms and dialogs that show `message`, `status` and field errors.
 */
export class ActionError<C = unknown> extends Error {
  constructor(readonly result: ActionFailure<C>) {
    super(result.message);
  }

  get status(): number {
    return this.result.status;
  }

  get fieldErrors(): FieldErrors {
    return this.result.kind === 'invalid' ? this.result.fieldErrors : {};
  }

  /** The current record when the failure is a version conflict. */
  get current(): C | undefined {
    return this.result.kind === 'conflict' ? this.result.current : undefined;
  }
}
