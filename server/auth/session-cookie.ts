import { decode } from 'next-auth/jwt';

const COOKIE_NAMES = ['__Secure-next-auth.session-token', 'next-auth.session-token'];

function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) cookies.set(part.slice(0, eq).trim(), decodeURIComponent(part.slice(eq + 1).trim()));
  }
  return cookies;
}

export type BrowserSession = { userId: number; exp: number; tokenVersion: number; authTime: number };

/**
 * When the session was signed in (seconds). Sessions from before `auth_time`
 * existed count from their `iat`, which next-auth renews on every refresh; the
 * jwt callback then pins it, so they too reach their absolute end.
 */
export function sessionAuthTime(payload: Record<string, unknown>): number | null {
  const t = payload.auth_time ?? payload.iat;
  return typeof t === 'number' && Number.isFinite(t) ? t : null;
}

/** Whether a session signed in at `authTime` is still within its absolute lifetime. */
export const withinSessionLifetime = (authTime: number, maxSeconds: number) => Date.now() / 1000 < authTime + maxSeconds;

/**
 * The user, token version and expiry of a browser's next-auth session cookie,
 * or null (none, tampered, expired, or older than `maxSeconds` since sign-in).
 */
export async function sessionFromCookie(cookieHeader: string | undefined, secret: string, maxSeconds: number): Promise<BrowserSession | null> {
  const cookies = parseCookies(cookieHeader);
  for (const name of COOKIE_NAMES) {
    // next-auth splits large cookies into name.0, name.1, …
    let token = cookies.get(name);
    if (!token && cookies.has(`${name}.0`)) {
      token = '';
      for (let i = 0; cookies.has(`${name}.${i}`); i++) token += cookies.get(`${name}.${i}`);
    }
    if (!token) continue;
    try {
      const payload = await decode({ token, secret });
      if (!payload || typeof payload.uid !== 'number' || typeof payload.exp !== 'number') continue;
      const authTime = sessionAuthTime(payload);
      if (authTime === null || !withinSessionLifetime(authTime, maxSeconds)) return null;
      const tokenVersion = payload.tv === undefined ? 1 : payload.tv;
      if (typeof tokenVersion !== 'number') return null;
      return { userId: payload.uid, exp: payload.exp, tokenVersion, authTime };
    } catch {
      /* tampered or from another secret */
    }
  }
  return null;
}
