import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Db } from '@/server/db/client';
import { findAnswer, pruneAnswers, storeAnswer, type IdempotencyScope, type StoredAnswer } from '@/server/db/idempotency';
import { HttpError } from '@/server/errors';

/**
 * `Idempotency-Key` on authenticated writes (SPEC §7 "Safe retries"): a repeat
 * with the same key by the same actor within 24 h gets the first answer and
 * changes nothing. The answer of a write that committed is recorded in its
 * own transaction (server/db/write.ts, server/db/pipelined.ts); a 4xx is
 * stored after the fact; a 5xx never, so a retry runs the write again.
 */
export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const REPLAYED_HEADER = 'Idempotent-Replayed';

/** 1–255 printable ASCII characters, no surrounding spaces. */
const KEY_PATTERN = /^[\x21-\x7e](?:[\x20-\x7e]{0,253}[\x21-\x7e])?$/;

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export type IdempotentStart = { scope: IdempotencyScope; replay?: undefined } | { replay: StoredAnswer; scope?: undefined };

const keyError = (msg: string) => new HttpError(422, [{ loc: ['header', 'Idempotency-Key'], msg, type: 'idempotency_key' }]);

/** The request's fingerprint: the same key with another request is refused. */
function requestHash(method: string, path: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method}\n${path}\n${JSON.stringify(body ?? null)}`)
    .digest('hex');
}

/**
 * For a write with a key: the stored answer to replay, or the scope to run the
 * write in. Undefined when the request carries no key or is not a write.
 */
export async function startIdempotent(
  db: Db,
  req: IncomingMessage,
  method: string,
  actorId: number,
  successStatus: number,
  body: unknown,
): Promise<IdempotentStart | undefined> {
  if (!WRITES.has(method)) return undefined;
  const raw = req.headers[IDEMPOTENCY_HEADER];
  if (raw === undefined) return undefined;
  const key = Array.isArray(raw) ? raw.join(', ') : raw;
  if (!KEY_PATTERN.test(key)) throw keyError('Idempotency-Key must be 1 to 255 printable ASCII characters');
  const path = req.url ?? '/';
  const scope: IdempotencyScope = { actorId, key, method, path, requestHash: requestHash(method, path, body), status: successStatus };
  const stored = await findAnswer(db.$client, actorId, key);
  pruneAnswers(db.$client);
  if (!stored) return { scope };
  if (stored.requestHash !== scope.requestHash) throw keyError('This Idempotency-Key was already used for a different request');
  return { replay: stored };
}

/**
 * The same for a server action (server/actions/run-action.ts), which has no
 * request: `name` (and the record's id) stands for method and path. `key` is
 * what the browser sent, untrusted; the answer is recorded with status 200 so
 * that a deletion's answer keeps its body.
 */
export async function startIdempotentAction(db: Db, actorId: number, key: unknown, name: string, input: unknown): Promise<IdempotentStart | undefined> {
  if (key === undefined || key === null) return undefined;
  if (typeof key !== 'string' || !KEY_PATTERN.test(key)) throw keyError('Idempotency-Key must be 1 to 255 printable ASCII characters');
  const method = 'ACTION';
  const path = `action:${name}`;
  const scope: IdempotencyScope = { actorId, key, method, path, requestHash: requestHash(method, path, input), status: 200 };
  const stored = await findAnswer(db.$client, actorId, key);
  pruneAnswers(db.$client);
  if (!stored) return { scope };
  if (stored.requestHash !== scope.requestHash) throw keyError('This Idempotency-Key was already used for a different request');
  return { replay: stored };
}

/** The first answer again, marked as a replay. */
export function sendStoredAnswer(res: ServerResponse, answer: StoredAnswer, headers: Record<string, string>): void {
  if (res.headersSent) return;
  const common = { ...headers, [REPLAYED_HEADER]: 'true' };
  if (answer.body === null) {
    res.writeHead(answer.status, { ...common, 'Content-Length': '0' });
    res.end();
    return;
  }
  res.writeHead(answer.status, { ...common, 'Content-Length': String(Buffer.byteLength(answer.body)) });
  res.end(answer.body);
}

/**
 * The answer of a concurrent request with the same key that committed first,
 * if there is one. Asked after this request failed: on the key itself
 * (IdempotencyRace), or with a 4xx because the winner's write took the same
 * row first (a unique reference, the same load).
 */
export async function winnerAnswer(db: Db, scope: IdempotencyScope): Promise<StoredAnswer | null> {
  const stored = await findAnswer(db.$client, scope.actorId, scope.key);
  if (stored && stored.requestHash !== scope.requestHash) throw keyError('This Idempotency-Key was already used for a different request');
  return stored;
}

/**
 * Stores an answer no transaction recorded: a 4xx (the write changed nothing),
 * or a success of a route whose write did not go through a write helper.
 * Best effort; 5xx answers are never stored.
 */
export async function storeAfterTheFact(db: Db, scope: IdempotencyScope, status: number, body: unknown): Promise<void> {
  if (status >= 500 || (status < 400 && scope.recorded)) return;
  await storeAnswer(db.$client, scope, status, body).catch(() => {});
}
