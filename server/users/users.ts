import { asc, eq, sql } from 'drizzle-orm';
import { users } from '@/drizzle/schema';
import { userCreateSchema, userUpdateSchema, type User } from '@/lib/schemas/users';
import { ADMIN_ONLY, requireRole, type Actor } from '@/server/auth/actor';
import { hashPassword } from '@/server/auth/passwords';
import type { Db, Tx } from '@/server/db/client';
import { inWriteTransaction } from '@/server/db/write';
import { HttpError, notFound, parseOrThrow } from '@/server/errors';
import { appendEvent } from '@/server/events/append-event';

type Row = typeof users.$inferSelect;

/** Never includes the password hash. */
export const toUser = (u: Row): User => ({
  id: u.id,
  email: u.email,
  full_name: u.fullName,
  role: u.role,
  is_active: u.isActive,
  created_at: u.createdAt.toISOString(),
  updated_at: u.updatedAt.toISOString(),
});

export async function getMe(db: Tx, actor: Actor): Promise<User> {
  const [row] = await db.select().from(users).where(eq(users.id, actor.id));
  if (!row) throw notFound('User');
  return toUser(row);
}

export async function listUsers(db: Tx, actor: Actor): Promise<User[]> {
  requireRole(actor, ADMIN_ONLY);
  const rows = await db.select().from(users).orderBy(asc(users.id));
  return rows.map(toUser);
}

export async function getUser(db: Tx, actor: Actor, id: number): Promise<User> {
  requireRole(actor, ADMIN_ONLY);
  const [row] = await db.select().from(users).where(eq(users.id, id));
  if (!row) throw notFound('User');
  return toUser(row);
}

export async function createUser(db: Db, actor: Actor, input: unknown): Promise<User> {
  requireRole(actor, ADMIN_ONLY);
  const data = parseOrThrow(userCreateSchema, input);
  const passwordHash = await hashPassword(data.password);
  return inWriteTransaction(db, async (tx) => {
    const [row] = await tx
      .insert(users)
      .values({ email: data.email, fullName: data.full_name, passwordHash, role: data.role, isActive: data.is_active })
      .returning();
    const user = toUser(row!);
    await appendEvent(tx, { entity: 'user', action: 'created', entityId: user.id, direction: null, actor, payload: user });
    return user;
  });
}

export async function updateUser(db: Db, actor: Actor, id: number, input: unknown): Promise<User> {
  requireRole(actor, ADMIN_ONLY);
  const data = parseOrThrow(userUpdateSchema, input);
  if (id === actor.id && (data.is_active === false || (data.role && data.role !== 'ADMIN'))) {
    throw new HttpError(400, 'You cannot deactivate yourself or take away your own admin role');
  }
  const passwordHash = data.password ? await hashPassword(data.password) : undefined;
  return inWriteTransaction(db, async (tx) => {
    const [old] = await tx.select().from(users).where(eq(users.id, id)).for('update');
    if (!old) throw notFound('User');
    const [row] = await tx
      .update(users)
      .set({ email: data.email, fullName: data.full_name, passwordHash, role: data.role, isActive: data.is_active, updatedAt: sql`now()` })
      .where(eq(users.id, id))
      .returning();
    const user = toUser(row!);
    await appendEvent(tx, { entity: 'user', action: 'updated', entityId: id, direction: null, actor, payload: user, before: toUser(old) });
    return user;
  });
}

export async function deleteUser(db: Db, actor: Actor, id: number): Promise<void> {
  requireRole(actor, ADMIN_ONLY);
  if (id === actor.id) throw new HttpError(400, 'You cannot delete your own account');
  await inWriteTransaction(db, async (tx) => {
    const [row] = await tx.delete(users).where(eq(users.id, id)).returning();
    if (!row) throw notFound('User');
    const user = toUser(row);
    await appendEvent(tx, { entity: 'user', action: 'deleted', entityId: id, direction: null, actor, payload: user, before: user });
  });
}
