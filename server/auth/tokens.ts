import { jwtVerify, SignJWT } from 'jose';
import { roleSchema, type Role } from '@/lib/schemas/users';

export type TokenClaims = { user_id: number; email: string; role: Role };

const key = (secret: string) => new TextEncoder().encode(secret);

/** The API's bearer token: HS256 with user_id, email, role and an expiry. */
export async function signAccessToken(claims: TokenClaims, secret: string, ttlSeconds: number): Promise<string> {
  return new SignJWT({ user_id: claims.user_id, email: claims.email, role: claims.role })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(String(claims.user_id))
    .setIssuedAt()
    .setIssuer('dcdock')
    .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
    .sign(key(secret));
}

/** Returns the claims and expiry, or null for any token that is malformed, wrongly signed or expired. */
export async function verifyAccessToken(token: string, secret: string): Promise<(TokenClaims & { exp: number }) | null> {
  try {
    const { payload } = await jwtVerify(token, key(secret), { algorithms: ['HS256'], issuer: 'dcdock' });
    const role = roleSchema.safeParse(payload.role);
    if (typeof payload.user_id !== 'number' || typeof payload.email !== 'string' || !role.success || typeof payload.exp !== 'number') {
      return null;
    }
    return { user_id: payload.user_id, email: payload.email, role: role.data, exp: payload.exp };
  } catch {
    return null;
  }
}
