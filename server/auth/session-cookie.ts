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

/** The user id and expiry of a browser's next-auth session cookie, or null. */
export async function sessionFromCookie(cookieHeader: string | undefined, secret: string): Promise<{ userId: number; exp: number } | null> {
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
      if (payload && typeof payload.uid === 'number' && typeof payload.exp === 'number') return { userId: payload.uid, exp: payload.exp };
    } catch {
      /* tampered or from another secret */
    }
  }
  return null;
}
