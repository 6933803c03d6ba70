/**
 * The two things bench/writes.ts sends its mutations to: the REST API over
 * keep-alive HTTP, and the BASELINE, the same transactions written by hand
 * and sent straight through the `postgres` driver (no HTTP, no auth, no
 * validation, no ORM).
 */
import type postgres from 'postgres';
import type { KeepAliveClient } from '@/bench/lib-util';
import { inPipelinedTransaction } from '@/server/db/pipelined';

export type Outcome = { kind: 'ok' | 'conflict' | 'gone' | 'rejected' | 'error'; version?: number; id?: number; detail?: string };
export type Change = { status_id?: number; eta_in?: string; eta_out?: string };

export interface Target {
  name: 'rest' | 'baseline';
  patch(worker: number, id: number, version: number, change: Change): Promise<Outcome>;
  create(worker: number, rampId: number, loadId: number, w: { eta_in: string; eta_out: string }): Promise<Outcome>;
  remove(worker: number, id: number, version: number): Promise<Outcome>;
}

export function restTarget(client: KeepAliveClient, tokens: string[]): Target {
  const token = (w: number) => tokens[w % tokens.length]!;
  const answer = (r: { status: number; text: string; error?: string }, okStatus: number): Outcome => {
    if (r.status === okStatus) {
      if (!r.text) return { kind: 'ok' };
      const body = JSON.parse(r.text) as { id: number; version: number };
      return { kind: 'ok', id: body.id, version: body.version };
    }
    if (r.status === 409) {
      const body = JSON.parse(r.text) as { current_version?: number; detail?: string };
      if (typeof body.current_version === 'number') return { kind: 'conflict', version: body.current_version };
      return { kind: 'rejected', detail: `409 ${body.detail}` };
    }
    if (r.status === 404) return { kind: 'gone' };
    if (r.status >= 400 && r.status < 500) return { kind: 'rejected', detail: `${r.status} ${r.text.slice(0, 200)}` };
    return { kind: 'error', detail: `${r.status} ${r.error ?? r.text.slice(0, 200)}` };
  };
  return {
    name: 'rest',
    patch: async (w, id, version, change) => answer(await client.send('PATCH', `/api/assignments/${id}`, token(w), { version, ...change }), 200),
    create: async (w, rampId, loadId, win) =>
      answer(await client.send('POST', '/api/assignments', token(w), { ramp_id: rampId, load_id: loadId, ...win }), 201),
    remove: async (w, id, version) => answer(await client.send('DELETE', `/api/assignments/${id}?version=${version}`, token(w)), 204),
  };
}

export type Actor = { id: number; email: string };

/** The write path by hand: the same statements in the same pipelined transaction, straight through the driver. */
export function baselineTarget(sql: postgres.Sql, actors: Actor[]): Target {
  const actor = (w: number) => actors[w % actors.length]!;
  // `changed`: read the rows of a data-modifying or locking CTE named `a`, as the write path does.
  const joined = (changed?: postgres.PendingQuery<postgres.Row[]>) => sql`
    ${changed ?? sql``}
    SELECT a.id, a.ramp_id, a.load_id, a.status_id, a.eta_in, a.eta_out, a.version, a.created_by, a.updated_by, a.created_at, a.updated_at,
           r.code AS r_code, r.description AS r_description, r.kind AS r_kind,
           l.reference AS l_reference, l.direction AS l_direction, l.planned_arrival AS l_planned_arrival,
           l.planned_departure AS l_planned_departure, l.notes AS l_notes,
           s.code AS s_code, s.label AS s_label, s.color AS s_color,
           c.email AS c_email, c.full_name AS c_full_name, u.email AS u_email, u.full_name AS u_full_name
    FROM ${changed ? sql`a` : sql`assignments a`}
    JOIN ramps r ON r.id = a.ramp_id JOIN loads l ON l.id = a.load_id JOIN statuses s ON s.id = a.status_id
    LEFT JOIN users c ON c.id = a.created_by LEFT JOIN users u ON u.id = a.updated_by`;
  const locked = (tx: postgres.Sql, id: number) => tx`${joined(tx`WITH a AS MATERIALIZED (SELECT * FROM assignments WHERE id = ${id} FOR UPDATE)`)}`;
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  const shape = (x: postgres.Row) => ({
    id: x.id,
    ramp_id: x.ramp_id,
    load_id: x.load_id,
    status_id: x.status_id,
    eta_in: iso(x.eta_in),
    eta_out: iso(x.eta_out),
    version: x.version,
    created_by: x.created_by,
    updated_by: x.updated_by,
    created_at: iso(x.created_at),
    updated_at: iso(x.updated_at),
    ramp: { id: x.ramp_id, code: x.r_code, description: x.r_description, kind: x.r_kind },
    load: {
      id: x.load_id,
      reference: x.l_reference,
      direction: x.l_direction,
      planned_arrival: iso(x.l_planned_arrival),
      planned_departure: iso(x.l_planned_departure),
      notes: x.l_notes,
    },
    status: { id: x.status_id, code: x.s_code, label: x.s_label, color: x.s_color },
    creator: x.created_by === null ? null : { id: x.created_by, email: x.c_email, full_name: x.c_full_name },
    updater: x.updated_by === null ? null : { id: x.updated_by, email: x.u_email, full_name: x.u_full_name },
  });
  // The event append as the write path sends it: the notification carries the event when it fits.
  const append = (tx: postgres.Sql, type: string, entityId: number, direction: string | null, a: Actor, payload: unknown, before: unknown) => tx`
    WITH c AS (UPDATE event_counter SET seq = seq + 1 WHERE id = 1 RETURNING seq),
    e AS (
      INSERT INTO board_events (seq, type, entity, entity_id, direction, actor_id, actor_email, payload, before)
      SELECT c.seq, ${type}, 'assignment', ${entityId}, ${direction}, ${a.id}, ${a.email}, ${JSON.stringify(payload)}::jsonb, ${before === null ? null : JSON.stringify(before)}::jsonb
      FROM c RETURNING seq, type, entity, entity_id, direction, actor_id, actor_email, payload, created_at
    ),
    n AS (
      SELECT e.seq, json_build_object('seq', e.seq, 'type', e.type, 'entity', e.entity, 'entityId', e.entity_id, 'direction', e.direction,
             'actorId', e.actor_id, 'actorEmail', e.actor_email, 'payload', e.payload, 'createdAt', e.created_at)::text AS event
      FROM e
    )
    SELECT n.seq, pg_notify('board_events', CASE WHEN octet_length(n.event) <= 7000 THEN n.event ELSE n.seq::text END) FROM n`;
  class Gone extends Error {}
  class Conflict extends Error {
    constructor(readonly current: ReturnType<typeof shape>) {
      super('version conflict');
    }
  }
  const failed = async (error: unknown, a: Actor, provided: number): Promise<Outcome> => {
    if (error instanceof Gone) return { kind: 'gone' };
    if (error instanceof Conflict) {
      const message = {
        type: 'conflict_detected',
        assignment_id: error.current.id,
        current_version: error.current.version,
        attempted_version: provided,
        current_data: error.current,
      };
      await sql`SELECT pg_notify('board_conflicts', ${JSON.stringify({ user_id: a.id, message })})`.catch(() => {});
      return { kind: 'conflict', version: error.current.version };
    }
    const code = (error as { code?: string }).code;
    if (code === '23P01' || code === '23505' || code === '23514') return { kind: 'rejected', detail: `${code} ${(error as Error).message}` };
    return { kind: 'error', detail: error instanceof Error ? error.message : String(error) };
  };
  return {
    name: 'baseline',
    patch: async (w, id, version, change) => {
      const a = actor(w);
      try {
        return await inPipelinedTransaction(sql, async (tx, commitWith) => {
          const [row0] = await locked(tx, id);
          if (!row0) throw new Gone();
          const before = shape(row0);
          const [row] = await tx`${joined(tx`WITH a AS (
            UPDATE assignments SET status_id = COALESCE(${change.status_id ?? null}::int, status_id),
                   eta_in = COALESCE(${change.eta_in ?? null}::timestamptz, eta_in), eta_out = COALESCE(${change.eta_out ?? null}::timestamptz, eta_out),
                   version = version + 1, updated_by = ${a.id}, updated_at = now()
            WHERE id = ${id} AND version = ${version} RETURNING *)`)}`;
          if (!row) throw new Conflict(before);
          const after = shape(row);
          await commitWith(
            append(tx, 'assignment_updated', id, after.load.direction === before.load.direction ? after.load.direction : null, a, after, before),
          );
          return { kind: 'ok', id, version: after.version } as Outcome;
        });
      } catch (error) {
        return failed(error, a, version);
      }
    },
    create: async (w, rampId, loadId, win) => {
      const a = actor(w);
      try {
        return await inPipelinedTransaction(sql, async (tx, commitWith) => {
          const [row] = await tx`${joined(tx`WITH a AS (
            INSERT INTO assignments (ramp_id, load_id, status_id, eta_in, eta_out, created_by, updated_by)
            VALUES (${rampId}, ${loadId}, (SELECT id FROM statuses WHERE code = 'PLANNED'), ${win.eta_in}, ${win.eta_out}, ${a.id}, ${a.id})
            RETURNING *)`)}`;
          const created = shape(row!);
          await commitWith(append(tx, 'assignment_created', created.id, created.load.direction, a, created, null));
          return { kind: 'ok', id: created.id, version: created.version } as Outcome;
        });
      } catch (error) {
        return failed(error, a, 0);
      }
    },
    remove: async (w, id, version) => {
      const a = actor(w);
      try {
        return await inPipelinedTransaction(sql, async (tx, commitWith) => {
          const [row0] = await locked(tx, id);
          if (!row0) throw new Gone();
          const before = shape(row0);
          const deleted = await tx`DELETE FROM assignments WHERE id = ${id} AND version = ${version} RETURNING id`;
          if (deleted.length === 0) throw new Conflict(before);
          await commitWith(append(tx, 'assignment_deleted', id, before.load.direction, a, before, before));
          return { kind: 'ok', id } as Outcome;
        });
      } catch (error) {
        return failed(error, a, version);
      }
    },
  };
}
