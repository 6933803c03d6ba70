import { sql } from 'drizzle-orm';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { users } from '@/drizzle/schema';
import { loginSchema } from '@/lib/schemas/users';
import type { Config } from '@/server/config';
import type { Tx } from '@/server/db/client';
import { HttpError, parseOrThrow } from '@/server/errors';
import { verifyAgainstDummy, verifyPassword } from '@/server/auth/passwords';
import { signAccessToken } from '@/server/auth/tokens';
import type { Actor } from '@/server/auth/actor';

export type LoginGuard = { perIp: RateLimiterMemory; perAccount: RateLimiterMemory };

/** Per-IP attempts and per-account failures; both answer 429 when spent. */
export function createLoginGuard(config: Config): LoginGuard {
  return {
    perIp: new RateLimiterMemory({ keyPrefix: 'login_ip', points: config.loginMaxPerIpPerMinute, duration: 60 }),
    perAccount: new RateLimiterMemory({
      keyPrefix: 'login_account',
      points: config.loginMaxFailuresPerAccount,
      duration: config.loginFailureWindowSeconds,
    }),
  };
}

const tooMany = (res: RateLimiterRes) =>
  new HttpError(429, 'Too many login attempts; try again later', {}, { 'Retry-After': String(Math.max(1, Math.ceil(res.msBeforeNext / 1000))) });

/** Checks credentials under the rate limits; returns the active user or throws 401/429. */
export async function authenticate(db: Tx, guard: LoginGuard, input: unknown, ip: string): Promise<Actor> {
  const { email, password } = parseOrThrow(loginSchema, input);
  const account = email.toLowerCase();
  try {
    await guard.perIp.consume(ip);
  } catch (res) {
    if (res instanceof RateLimiterRes) throw tooMany(res);
    throw res;
  }
  const spent = await guard.perAccount.get(account);
  if (spent && spent.consumedPoints >= guard.perAccount.points) throw tooMany(spent);

  const [user] = await db.select().from(users).where(sql`lower(${users.email}) = ${account}`);
  const ok = user ? await verifyPassword(user.passwordHash, password) : (await verifyAgainstDummy(password), false);
  if (!user || !ok) {
    await guard.perAccount.penalty(account, 1);
    throw new HttpError(401, 'Incorrect email or password', {}, { 'WWW-Authenticate': 'Bearer' });
  }
  if (!user.isActive) throw new HttpError(401, 'This account is inactive');
  await guard.perAccount.delete(account);
  return { id: user.id, email: user.email, fullName: user.fullName, role: user.role };
}

export async function issueToken(actor: Actor, config: Config): Promise<{ access_token: string; token_type: 'bearer' }> {
  const access_token = await signAccessToken({ user_id: actor.id, email: actor.email, role: actor.role }, config.authSecret, config.tokenTtlSeconds);
  return { access_token, token_type: 'bearer' };
}
