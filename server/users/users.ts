import { and, asc, eq, sql } from 'drizzle-orm';
import { users } from '@/drizzle/schema';
import type { MeUpdate, User, UserCreate, UserUpdate } from '@/lib/schemas/users';
import type { Actor } from '@/server/auth/actor';
import { assertStrongPassword } from '@/server/auth/password-strength';
import { hashPassword } from '@/server/auth/passwords';
import type { Db, DbOrTx } from '@/server/db/client';
import { inWriteTransaction } from '@/server/db/write';
import { HttpError, notFound } from '@/server/errors';
import { appendEvent } from '@/server/events/append-event';

type Row = typeof users.$inferSelect;

/** Never includes the password hash. */
export const toUser = (u: Row): User => ({
  id: u.id,
  email: u.email,
  full_name: u.fullName,
  role: u.role,
  is_active: u.isActive,
  carrier_id: u.carrierId,
  overdue_alerts: u.overdueAlerts,
  created_at: u.createdAt.toISOString(),
  updated_at: u.updatedAt.toISOString(),
});

/** What the (internal, never broadcast) user events carry: the token version tells sockets of older ones to close. */
const eventPayload = (u: Row) => ({ ...toUser(u), token_version: u.tokenVersion });

const lastAdmin = () => new HttpError(409, 'At least one active admin must remain');

/**
 * Locks every active admin row, in id order, and returns their ids. Any
 * change that may take an admin away takes these locks first (and in the same
 * order), so of two concurrent demotions the second waits, then sees the
 * first one's result and is refused if it would leave no active admin.
 */
async function lockActiveAdmins(tx: DbOrTx): Promise<number[]> {
  const rows = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, 'ADMIN'), eq(users.isActive, true)))
    .orderBy(asc(users.id))
    .for('update');
  return rows.map((r) => r.id);
}

export async function getMe(db: DbOrTx, actor: Actor): Promise<User> {
  const [row] = await db.select().from(users).where(eq(users.id, actor.id));
  if (!row) throw notFound('User');
  return toUser(row);
}

export async function listUsers(db: DbOrTx): Promise<User[]> {
  const rows = await db.select().from(users).orderBy(asc(users.id));
  return rows.map(toUser);
}

export async function getUser(db: DbOrTx, id: number): Promise<User> {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  if (!row) throw notFound('User');
  return toUser(row);
}

export async function createUser(db: Db, actor: Actor, data: UserCreate): Promise<User> {
  assertStrongPassword(data.password, [data.email, data.full_name]);
  const passwordHash = await hashPassword(data.password);
  return inWriteTransaction(db, async (tx, rawSql) => {
    const [row] = await tx
      .insert(users)
      .values({
        email: data.email,
        fullName: data.full_name,
        passwordHash,
        role: data.role,
        isActive: data.is_active,
        carrierId: data.carrier_id,
        overdueAlerts: data.overdue_alerts,
      })
      .returning();
    const user = toUser(row!);
    await appendEvent(rawSql, { entity: 'user', action: 'created', entityId: user.id, direction: null, actor, payload: eventPayload(row!) });
    return user;
  });
}

/**
 * A password, role or activity change raises the user's token version:
 * their earlier tokens and browser sessions stop working and their sockets close.
 */
export async function updateUser(db: Db, actor: Actor, id: number, data: UserUpdate): Promise<User> {
  if (id === actor.id && (data.is_active === false || (data.role && data.role !== 'ADMIN'))) {
    throw new HttpError(400, 'You cannot deactivate yourself or take away your own admin role');
  }
  if (data.password) {
    const [current] = await db.select({ email: users.email, fullName: users.fullName }).from(users).where(eq(users.id, id));
    assertStrongPassword(data.password, [data.email ?? current?.email ?? '', data.full_name ?? current?.fullName ?? '']);
  }
  const passwordHash = data.password ? await hashPassword(data.password) : undefined;
  const mayRemoveAdmin = data.is_active === false || (data.role !== undefined && data.role !== 'ADMIN');
  return inWriteTransaction(db, async (tx, rawSql) => {
    const admins = mayRemoveAdmin ? await lockActiveAdmins(tx) : [];
    const [old] = await tx.select().from(users).where(eq(users.id, id)).for('update');
    if (!old) throw notFound('User');
    if (admins.includes(id) && admins.length <= 1) throw lastAdmin();
    // A carrier user moved to another carrier must not keep a session that reads the old one's loads.
    const carrierId = data.role !== undefined && data.role !== 'CARRIER' ? null : data.carrier_id;
    const revoke =
      passwordHash !== undefined ||
      (data.role !== undefined && data.role !== old.role) ||
      (data.is_active !== undefined && data.is_active !== old.isActive) ||
      (carrierId !== undefined && carrierId !== old.carrierId);
    const [row] = await tx
      .update(users)
      .set({
        email: data.email,
        fullName: data.full_name,
        passwordHash,
        role: data.role,
        isActive: data.is_active,
        carrierId,
        overdueAlerts: data.overdue_alerts,
        tokenVersion: revoke ? sql`${users.tokenVersion} + 1` : undefined,
        updatedAt: sql`now()`,
      })
      .where(eq(users.id, id))
      .returning();
    const user = toUser(row!);
    await appendEvent(rawSql, { entity: 'user', action: 'updated', entityId: id, direction: null, actor, payload: eventPayload(row!), before: toUser(old) });
    return user;
  });
}

/**
 * A staff user's own overdue alerts (PATCH /api/users/me): the same update, and
 * the same user event, as an admin's edit; no password, role or activity
 * change, so it signs no one out.
 */
export const updateMe = (db: Db, actor: Actor, data: MeUpdate): Promise<User> => updateUser(db, actor, actor.id, data);

/**
 * "Sign out everywhere": raises the user's token version, so every token and
 * browser session issued so far is refused and their sockets close. The
 * boundary decides who may: anyone for themselves, an admin for anyone.
 */
export async function revokeSessions(db: Db, actor: Actor, id: number): Promise<void> {
  await inWriteTransaction(db, async (tx, rawSql) => {
    const [row] = await tx
      .update(users)
      .set({ tokenVersion: sql`${users.tokenVersion} + 1`, updatedAt: sql`now()` })
      .where(eq(users.id, id))
      .returning();
    if (!row) throw notFound('User');
    await appendEvent(rawSql, { entity: 'user', action: 'updated', entityId: id, direction: null, actor, payload: eventPayload(row) });
  });
}

export async function deleteUser(db: Db, actor: Actor, id: number): Promise<void> {
  if (id === actor.id) throw new HttpError(400, 'You cannot delete your own account');
  await inWriteTransaction(db, async (tx, rawSql) => {
    const admins = await lockActiveAdmins(tx);
    if (admins.includes(id) && admins.length <= 1) throw lastAdmin();
    const [row] = await tx.delete(users).where(eq(users.id, id)).returning();
    if (!row) throw notFound('User');
    const user = toUser(row);
    await appendEvent(rawSql, { entity: 'user', action: 'deleted', entityId: id, direction: null, actor, payload: eventPayload(row), before: user });
  });
}
