import { randomBytes } from 'node:crypto';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { displayLinks } from '@/drizzle/schema';
import type { DisplayLink, DisplayLinkCreate, DisplayLinkUpdate } from '@/lib/schemas/displays';
import type { Actor } from '@/server/auth/actor';
import type { Db, DbOrTx } from '@/server/db/client';
import { inWriteTransaction } from '@/server/db/write';
import { notFound } from '@/server/errors';
import { appendEvent } from '@/server/events/append-event';

type Row = typeof displayLinks.$inferSelect;

export const toDisplay = (r: Row): DisplayLink => ({
  id: r.id,
  name: r.name,
  token: r.token,
  url: `/tv/${r.token}`,
  direction: r.direction ?? null,
  page_seconds: r.pageSeconds,
  hide_free_ramps: r.hideFreeRamps,
  created_at: r.createdAt.toISOString(),
  revoked_at: r.revokedAt?.toISOString() ?? null,
});

/** What the event log keeps of a display link: never its token. */
const eventPayload = (d: DisplayLink) => ({
  id: d.id,
  name: d.name,
  direction: d.direction,
  page_seconds: d.page_seconds,
  hide_free_ramps: d.hide_free_ramps,
  revoked: d.revoked_at !== null,
});

export async function listDisplays(db: DbOrTx): Promise<DisplayLink[]> {
  return (await db.select().from(displayLinks).orderBy(desc(displayLinks.id))).map(toDisplay);
}

/** The live (not revoked) link behind a token, or null. */
export async function findActiveDisplay(db: DbOrTx, token: string): Promise<DisplayLink | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const [row] = await db
    .select()
    .from(displayLinks)
    .where(and(eq(displayLinks.token, token), isNull(displayLinks.revokedAt)));
  return row ? toDisplay(row) : null;
}

export async function createDisplay(db: Db, actor: Actor, data: DisplayLinkCreate): Promise<DisplayLink> {
  return inWriteTransaction(db, async (tx, rawSql) => {
    const [row] = await tx
      .insert(displayLinks)
      .values({
        name: data.name,
        direction: data.direction,
        pageSeconds: data.page_seconds,
        hideFreeRamps: data.hide_free_ramps,
        token: randomBytes(24).toString('base64url'),
        createdBy: actor.id,
      })
      .returning();
    const display = toDisplay(row!);
    await appendEvent(rawSql, { entity: 'display', action: 'created', entityId: display.id, direction: null, actor, payload: eventPayload(display) });
    return display;
  });
}

export async function updateDisplay(db: Db, actor: Actor, id: number, data: DisplayLinkUpdate): Promise<DisplayLink> {
  return inWriteTransaction(db, async (tx, rawSql) => {
    const [row] = await tx
      .update(displayLinks)
      .set({
        name: data.name,
        direction: data.direction,
        pageSeconds: data.page_seconds,
        hideFreeRamps: data.hide_free_ramps,
        id: sql`${displayLinks.id}`,
      })
      .where(eq(displayLinks.id, id))
      .returning();
    if (!row) throw notFound('Display link');
    const display = toDisplay(row);
    await appendEvent(rawSql, { entity: 'display', action: 'updated', entityId: id, direction: null, actor, payload: eventPayload(display) });
    return display;
  });
}

/** Revokes for good: TVs on the link lose their socket and their data within seconds. */
export async function revokeDisplay(db: Db, actor: Actor, id: number): Promise<void> {
  await inWriteTransaction(db, async (tx, rawSql) => {
    const [row] = await tx
      .update(displayLinks)
      .set({ revokedAt: sql`coalesce(${displayLinks.revokedAt}, now())` })
      .where(eq(displayLinks.id, id))
      .returning();
    if (!row) throw notFound('Display link');
    const display = toDisplay(row);
    await appendEvent(rawSql, { entity: 'display', action: 'deleted', entityId: id, direction: null, actor, payload: eventPayload(display) });
  });
}
