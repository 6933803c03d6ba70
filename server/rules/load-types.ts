import type { LoadType, LoadTypeCreate, LoadTypeUpdate } from '@/lib/schemas/rules';
import type { Actor } from '@/server/auth/actor';
import type { Db } from '@/server/db/client';
import { inWriteTransaction } from '@/server/db/write';
import { notFound } from '@/server/errors';
import { appendEvent } from '@/server/events/append-event';

type Row = { id: number; name: string; duration_minutes: number; ramp_kinds: LoadType['ramp_kinds'] | string };

// postgres.js hands back an enum array as its text form ("{IB,BOTH}") when it does not know the type.
const kindsOf = (v: Row['ramp_kinds']): LoadType['ramp_kinds'] =>
  Array.isArray(v) ? v : (v.replace(/[{}]/g, '').split(',').filter(Boolean) as LoadType['ramp_kinds']);
const toLoadType = (r: Row): LoadType => ({ id: r.id, name: r.name, duration_minutes: r.duration_minutes, ramp_kinds: kindsOf(r.ramp_kinds) });
const COLUMNS = 'id, name, duration_minutes, ramp_kinds::text[] AS ramp_kinds';

export async function listLoadTypes(db: Db): Promise<LoadType[]> {
  const rows = await db.$client.unsafe<Row[]>(`SELECT ${COLUMNS} FROM load_types ORDER BY lower(name)`);
  return rows.map(toLoadType);
}

export async function getLoadType(db: Db, id: number): Promise<LoadType> {
  const [row] = await db.$client.unsafe<Row[]>(`SELECT ${COLUMNS} FROM load_types WHERE id = $1`, [id]);
  if (!row) throw notFound('Load type');
  return toLoadType(row);
}

// Every write appends its event last, as ramps' do. Internal events (lib/realtime.ts): they are in
// history and audit, and screens pick a changed type up through their load-types query.
export async function createLoadType(db: Db, actor: Actor, data: LoadTypeCreate): Promise<LoadType> {
  return inWriteTransaction(db, async (_tx, sql) => {
    const [row] = await sql.unsafe<Row[]>(
      `INSERT INTO load_types (name, duration_minutes, ramp_kinds) VALUES ($1, $2, $3::text[]::ramp_kind[]) RETURNING ${COLUMNS}`,
      [data.name, data.duration_minutes, [...new Set(data.ramp_kinds)]],
    );
    const created = toLoadType(row!);
    await appendEvent(sql, { entity: 'load_type', action: 'created', entityId: created.id, direction: null, actor, payload: created });
    return created;
  });
}

export async function updateLoadType(db: Db, actor: Actor, id: number, data: LoadTypeUpdate): Promise<LoadType> {
  return inWriteTransaction(db, async (_tx, sql) => {
    const [old] = await sql.unsafe<Row[]>(`SELECT ${COLUMNS} FROM load_types WHERE id = $1 FOR UPDATE`, [id]);
    if (!old) throw notFound('Load type');
    const [row] = await sql.unsafe<Row[]>(
      `UPDATE load_types SET name = COALESCE($2, name), duration_minutes = COALESCE($3, duration_minutes),
         ramp_kinds = COALESCE($4::text[]::ramp_kind[], ramp_kinds), updated_at = now()
       WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, data.name ?? null, data.duration_minutes ?? null, data.ramp_kinds ? [...new Set(data.ramp_kinds)] : null],
    );
    const updated = toLoadType(row!);
    await appendEvent(sql, { entity: 'load_type', action: 'updated', entityId: id, direction: null, actor, payload: updated, before: toLoadType(old) });
    return updated;
  });
}

export async function deleteLoadType(db: Db, actor: Actor, id: number): Promise<void> {
  await inWriteTransaction(
    db,
    async (_tx, sql) => {
      const [row] = await sql.unsafe<Row[]>(`DELETE FROM load_types WHERE id = $1 RETURNING ${COLUMNS}`, [id]);
      if (!row) throw notFound('Load type');
      const deleted = toLoadType(row);
      await appendEvent(sql, { entity: 'load_type', action: 'deleted', entityId: id, direction: null, actor, payload: deleted, before: deleted });
    },
    'Loads use this load type; clear it from them first',
  );
}
