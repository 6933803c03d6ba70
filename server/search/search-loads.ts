import type postgres from 'postgres';
import type { Direction } from '@/lib/realtime';
import type { SearchAnswer, SearchField, SearchQuery, SearchResult } from '@/lib/schemas/search';
import { dayBounds, dayOf } from '@/lib/zoned-time';
import type { Db } from '@/server/db/client';

const DAY_S = 86_400;

type Row = {
  id: number;
  reference: string;
  direction: Direction;
  planned_arrival: Date | string | null;
  planned_departure: Date | string | null;
  notes: string | null;
  carrier: string | null;
  arrived_at: Date | string | null;
  created_at: Date | string;
  updated_at: Date | string;
  assignment_id: number | null;
  ramp_id: number | null;
  ramp_code: string | null;
  ramp_description: string | null;
  eta_in: Date | string | null;
  eta_out: Date | string | null;
  status_id: number | null;
  status_code: string | null;
  status_label: string | null;
  status_color: string | null;
  at: Date | string | null;
};

/** `text` matched literally inside a LIKE pattern (backslash is PostgreSQL's default escape). */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * The statement behind GET /api/search, also EXPLAINed by its test. Loads
 * match on reference, carrier or notes through the expression of
 * loads_search_trgm_idx (migration 0007, written the same way so the planner
 * uses it), or through the ramp of their live assignment (code or
 * description; ramps are few). Order: the day `today` (and loads without any
 * time: today's backlog) first, then by whole days away from it, then by time.
 */
export function searchStatement(sql: postgres.Sql, q: { text: string; direction?: Direction; limit: number }, today: { start: Date; end: Date }) {
  const p = likePattern(q.text);
  const start = sql`${today.start.toISOString()}::timestamptz`;
  const end = sql`${today.end.toISOString()}::timestamptz`;
  return sql<Row[]>`
    WITH hit AS (
      SELECT l.id FROM loads l
       WHERE (l.reference || E'\n' || coalesce(l.carrier, '') || E'\n' || coalesce(l.notes, '')) ILIKE ${p}
      UNION
      SELECT a.load_id FROM assignments a JOIN ramps r ON r.id = a.ramp_id
       WHERE NOT a.cancelled AND (r.code ILIKE ${p} OR r.description ILIKE ${p})
    ), found AS (
      SELECT l.*, a.id AS assignment_id, a.ramp_id, r.code AS ramp_code, r.description AS ramp_description, a.eta_in, a.eta_out,
             s.id AS status_id, s.code AS status_code, s.label AS status_label, s.color AS status_color,
             coalesce(a.eta_in, l.planned_arrival) AS at
        FROM hit JOIN loads l ON l.id = hit.id
        LEFT JOIN assignments a ON a.load_id = l.id AND NOT a.cancelled
        LEFT JOIN ramps r ON r.id = a.ramp_id
        LEFT JOIN statuses s ON s.id = a.status_id
       ${q.direction ? sql`WHERE l.direction = ${q.direction}` : sql``}
    )
    SELECT * FROM found
     ORDER BY CASE WHEN at IS NULL OR (at >= ${start} AND at < ${end}) THEN 0
                   WHEN at < ${start} THEN ceil(date_part('epoch', ${start} - at) / ${DAY_S})
                   ELSE 1 + floor(date_part('epoch', at - ${end}) / ${DAY_S}) END,
              at NULLS LAST, id
     LIMIT ${q.limit + 1}`;
}

// drizzle's driver hands timestamps of raw queries back as PostgreSQL's text ("2026-12-01 09:00:00+00"), which Date parses.
const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

function matchedFields(r: Row, needle: string): SearchField[] {
  const has = (v: string | null) => !!v && v.toLowerCase().includes(needle);
  const fields: SearchField[] = [];
  if (has(r.reference)) fields.push('reference');
  if (has(r.carrier)) fields.push('carrier');
  if (has(r.notes)) fields.push('notes');
  if (has(r.ramp_code) || has(r.ramp_description)) fields.push('ramp');
  return fields;
}

function toResult(r: Row, timeZone: string, needle: string): SearchResult {
  return {
    load: {
      id: r.id,
      reference: r.reference,
      direction: r.direction,
      planned_arrival: iso(r.planned_arrival),
      planned_departure: iso(r.planned_departure),
      notes: r.notes,
      carrier: r.carrier,
      arrived_at: iso(r.arrived_at),
      created_at: iso(r.created_at)!,
      updated_at: iso(r.updated_at)!,
    },
    assignment:
      r.assignment_id === null
        ? null
        : {
            id: r.assignment_id,
            ramp_id: r.ramp_id!,
            ramp_code: r.ramp_code!,
            eta_in: iso(r.eta_in)!,
            eta_out: iso(r.eta_out)!,
            status: { id: r.status_id!, code: r.status_code!, label: r.status_label!, color: r.status_color! },
          },
    date: r.at ? dayOf(new Date(r.at), timeZone) : null,
    matched: matchedFields(r, needle),
  };
}

/**
 * Loads on any day whose reference, carrier, notes or ramp contains `q` (any
 * case), each with its live assignment and the site day it is on; today's
 * first, then the nearest days; at most `limit`, `more` saying whether others match.
 */
export async function searchLoads(db: Db, timeZone: string, query: SearchQuery, now = new Date()): Promise<SearchAnswer> {
  if (!query.q) return { results: [], more: false };
  const today = dayBounds(dayOf(now, timeZone), timeZone);
  const rows = await searchStatement(db.$client, { text: query.q, direction: query.direction, limit: query.limit }, today);
  const needle = query.q.toLowerCase();
  return { results: rows.slice(0, query.limit).map((r) => toResult(r, timeZone, needle)), more: rows.length > query.limit };
}
