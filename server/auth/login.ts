import { sql } from 'drizzle-orm';
import { RateLimiterDrizzle, RateLimiterRes } from 'rate-limiter-flexible';
import { rateLimits, users } from '@/drizzle/schema';
import { loginSchema } from '@/lib/schemas/users';
import type { Config } from '@/server/config';
import type { Db, DbOrTx } from '@/server/db/client';
import { HttpError, parseOrThrow } from '@/server/errors';
import { verifyAgainstDummy, verifyPassword } from '@/server/auth/passwords';
import { signAccessToken } from '@/server/auth/tokens';
import type { Actor } from '@/server/auth/actor';

/**
 * Login throttling, counted in PostgreSQL so every instance shares it:
 * attempts per client address, and failures per (account, address), so a
 * stranger spending an account's budget from elsewhere locks out only
 * themselves.
 */
export type LoginGuard = { perIp: RateLimiterDrizzle; perAccountIp: RateLimiterDrizzle };

export function createLoginGuard(config: Config, db: Db): LoginGuard {
  const store = { storeClient: db, schema: rateLimits };
  return {
    perIp: new RateLimiterDrizzle({ ...store, keyPrefix: 'login_ip', points: config.loginMaxPerIpPerMinute, duration: 60 }),
    perAccountIp: new RateLimiterDrizzle({
      ...store,
      keyPrefix: 'login_fail',
      points: config.loginMaxFailuresPerAccount,
      duration: config.loginFailureWindowSeconds,
    }),
  };
}

const tooMany = (res: RateLimiterRes) =>
  new HttpError(429, 'Too many login attempts; try again later', {}, { 'Retry-After': String(Math.max(1, Math.ceil(res.msBeforeNext / 1000))) });

/** Takes a point (one upsert, atomic in the database) or throws 429 when the budget is spent. */
async function spend(limiter: RateLimiterDrizzle, key: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (res) {
    if (res instanceof RateLimiterRes) throw tooMany(res);
    throw res;
  }
}

/**
 * Checks credentials under the rate limits; returns the active user or throws 401/429.
 * A failure point is taken before the password is checked, so concurrent
 * attempts can never check more passwords than the budget; a success gives it back.
 */
export async function authenticate(db: DbOrTx, guard: LoginGuard, input: unknown, ip: string): Promise<Actor> {
  const { email, password } = parseOrThrow(loginSchema, input);
  const account = email.toLowerCase();
  await spend(guard.perIp, ip);
  const pair = `${account}|${ip}`;
  await spend(guard.perAccountIp, pair);

  const [user] = await db.select().from(users).where(sql`lower(${users.email}) = ${account}`);
  // Without a user, a dummy verification: the answer takes as long as for a real one.
  let ok = false;
  if (user) ok = await verifyPassword(user.passwordHash, password);
  else await verifyAgainstDummy(password);
  if (!user || !ok) throw new HttpError(401, 'Incorrect email or password', {}, { 'WWW-Authenticate': 'Bearer' });
  await guard.perAccountIp.delete(pair);
  if (!user.isActive) throw new HttpError(401, 'This account is inactive');
  return { id: user.id, email: user.email, fullName: user.fullName, role: user.role, tokenVersion: user.tokenVersion };
}

export async function issueToken(actor: Actor, config: Config): Promise<{ access_token: string; token_type: 'bearer' }> {
  const access_token = await signAccessToken(
    { user_id: actor.id, email: actor.email, role: actor.role, tv: actor.tokenVersion ?? 1 },
    config.authSecret,
    config.tokenTtlSeconds,
  );
  return { access_token, token_type: 'bearer' };
}
