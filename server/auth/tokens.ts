import { jwtVerify, SignJWT } from 'jose';
import { roleSchema, type Role } from '@/lib/schemas/users';

/** `tv`: the user's token version when it was issued; a bump (password, role, deactivation, sign out everywhere) revokes it. */
export type TokenClaims = { user_id: number; email: string; role: Role; tv?: number };

const key = (secret: string) => new TextEncoder().encode(secret);

/** The API's bearer token: HS256 with user_id, email, role, token version and an expiry. */
export async function signAccessToken(claims: TokenClaims, secret: string, ttlSeconds: number): Promise<string> {
  return new SignJWT({ user_id: claims.user_id, email: claims.email, role: claims.role, tv: claims.tv ?? 1 })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(String(claims.user_id))
    .setIssuedAt()
    .setIssuer('dcdock')
    .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
    .sign(key(secret));
}

export type VerifiedClaims = TokenClaims & { tv: number; exp: number };

/**
 * Per secret: the HMAC key imported once, and the tokens already verified.
 * A token's signature cannot change, so a verified token stays valid until its
 * `exp` (checked on every use); the role, activity and token version it names
 * are still compared with the database on every request. Bounded: cleared when full.
 */
type Verifier = { key: Promise<CryptoKey>; verified: Map<string, VerifiedClaims> };
const verifiers = new Map<string, Verifier>();
const MAX_VERIFIED = 10_000;

function verifierFor(secret: string): Verifier {
  let v = verifiers.get(secret);
  if (!v) {
    const keyPromise = crypto.subtle.importKey('raw', key(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
    v = { key: keyPromise, verified: new Map() };
    if (verifiers.size >= 8) verifiers.clear();
    verifiers.set(secret, v);
  }
  return v;
}

/** Returns the claims and expiry, or null for any token that is malformed, wrongly signed or expired. */
export async function verifyAccessToken(token: string, secret: string): Promise<VerifiedClaims | null> {
  const verifier = verifierFor(secret);
  const known = verifier.verified.get(token);
  if (known) return known.exp * 1000 > Date.now() ? known : null;
  try {
    const { payload } = await jwtVerify(token, await verifier.key, { algorithms: ['HS256'], issuer: 'dcdock' });
    const role = roleSchema.safeParse(payload.role);
    if (typeof payload.user_id !== 'number' || typeof payload.email !== 'string' || !role.success || typeof payload.exp !== 'number') {
      return null;
    }
    // Tokens issued before token versions existed count as version 1.
    const tv = payload.tv === undefined ? 1 : payload.tv;
    if (typeof tv !== 'number' || !Number.isSafeInteger(tv)) return null;
    const claims = { user_id: payload.user_id, email: payload.email, role: role.data, tv, exp: payload.exp };
    if (verifier.verified.size >= MAX_VERIFIED) verifier.verified.clear();
    verifier.verified.set(token, claims);
    return claims;
  } catch {
    return null;
  }
}
