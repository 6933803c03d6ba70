import { CSRF_HEADER } from '@/lib/roles';
import type { Actor } from '@/server/auth/actor';
import { sessionFromCookie } from '@/server/auth/session-cookie';
import { verifyAccessToken } from '@/server/auth/tokens';
import type { Db } from '@/server/db/client';
import { HttpError } from '@/server/errors';

const unauthorized = (detail: string) => new HttpError(401, detail, {}, { 'WWW-Authenticate': 'Bearer' });

/**
 * The current, active user behind a token or session of `tokenVersion`; role,
 * activity and version are read fresh, never trusted from the token. A token of
 * an older version (revoked by a password, role or activity change, or "sign
 * out everywhere") resolves to null.
 */
export async function loadActiveActor(db: Db, userId: number, tokenVersion: number): Promise<Actor | null> {
  // Every authenticated request runs this: a prepared statement.
  const [row] = await db.$client<
    {
      id: number;
      email: string;
      full_name: string;
      role: Actor['role'];
      is_active: boolean;
      token_version: number;
      carrier_id: number | null;
      overdue_alerts: boolean;
    }[]
  >`
    SELECT id, email, full_name, role, is_active, token_version, carrier_id, overdue_alerts FROM users WHERE id = ${userId}`;
  if (!row?.is_active || row.token_version !== tokenVersion) return null;
  return {
    id: row.id,
    email: row.email,
    fullName: row.full_name,
    role: row.role,
    tokenVersion: row.token_version,
    carrierId: row.carrier_id,
    overdueAlerts: row.overdue_alerts,
  };
}

export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}

/** The header a signed-in page adds to its writes; a cross-site form cannot. */

/**
 * Resolves `Authorization: Bearer …` to an actor, or else the browser's session
 * cookie (writes with a cookie must carry the CSRF header); throws 401/403.
 */
export async function actorFromRequest(
  db: Db,
  headers: { authorization?: string; cookie?: string; [CSRF_HEADER]?: string | string[] },
  method: string,
  config: { authSecret: string; sessionMaxSeconds: number },
): Promise<Actor> {
  if (!headers.authorization && headers.cookie) {
    const session = await sessionFromCookie(headers.cookie, config.authSecret, config.sessionMaxSeconds);
    if (session) {
      if (method !== 'GET' && headers[CSRF_HEADER] !== '1') throw new HttpError(403, `Writes from a browser session need the ${CSRF_HEADER} header`);
      if (session.exp * 1000 < Date.now()) throw unauthorized('Session expired');
      const actor = await loadActiveActor(db, session.userId, session.tokenVersion);
      if (!actor) throw unauthorized('Session revoked, or the user is inactive or no longer exists');
      return actor;
    }
  }
  return actorFromAuthorization(db, headers.authorization, config.authSecret);
}

/** Resolves `Authorization: Bearer …` to an actor, or throws 401. */
export async function actorFromAuthorization(db: Db, header: string | undefined, secret: string): Promise<Actor> {
  if (!header) throw unauthorized('Not authenticated');
  const token = bearerToken(header);
  if (!token) throw unauthorized('Could not validate credentials');
  const claims = await verifyAccessToken(token, secret);
  if (!claims) throw unauthorized('Could not validate credentials');
  const actor = await loadActiveActor(db, claims.user_id, claims.tv);
  if (!actor) throw unauthorized('Token revoked, or the user is inactive or no longer exists');
  return actor;
}
