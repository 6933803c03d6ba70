import 'server-only';
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { safeRedirectUrl } from '@/lib/auth/safe-callback';
import { CLIENT_IP_HEADER } from '@/server/auth/client-ip';
import { authenticate } from '@/server/auth/login';
import { loadActiveActor } from '@/server/auth/resolve-actor';
import { sessionAuthTime, withinSessionLifetime } from '@/server/auth/session-cookie';
import { HttpError } from '@/server/errors';
import { getRuntime } from '@/server/runtime';

/** Thrown by the jwt callback: next-auth then clears the cookie instead of renewing it. */
class SessionEnded extends Error {}

/**
 * Browser sessions: credentials checked by the same code as POST /api/auth/login,
 * kept in a JWT cookie that carries the user's token version (`tv`) and the
 * sign-in time (`auth_time`). A refresh renews the cookie only while the
 * session is within SESSION_MAX_HOURS of sign-in and not revoked.
 */
export function authOptions(): NextAuthOptions {
  const { config } = getRuntime();
  return {
    secret: config.authSecret,
    session: { strategy: 'jwt', maxAge: config.tokenTtlSeconds },
    jwt: { maxAge: config.tokenTtlSeconds },
    pages: { signIn: '/login', error: '/login' },
    providers: [
      CredentialsProvider({
        name: 'Email',
        credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
        async authorize(credentials, req) {
          const { db, loginGuard } = getRuntime();
          const header = req?.headers?.[CLIENT_IP_HEADER];
          const ip = typeof header === 'string' ? header : 'unknown';
          try {
            const actor = await authenticate(db, loginGuard, { email: credentials?.email ?? '', password: credentials?.password ?? '' }, ip);
            return { id: String(actor.id), email: actor.email, name: actor.fullName, role: actor.role, tv: actor.tokenVersion };
          } catch (error) {
            if (error instanceof HttpError && error.status === 429) throw new Error('RateLimited');
            if (error instanceof HttpError) return null;
            throw error;
          }
        },
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user) {
          token.uid = Number(user.id);
          token.role = (user as { role?: string }).role;
          token.tv = (user as { tv?: number }).tv ?? 1;
          token.auth_time = Math.floor(Date.now() / 1000);
          return token;
        }
        const authTime = sessionAuthTime(token);
        if (authTime === null || !withinSessionLifetime(authTime, config.sessionMaxSeconds)) throw new SessionEnded('session past its absolute lifetime');
        token.auth_time = authTime;
        const tv = typeof token.tv === 'number' ? token.tv : 1;
        if (typeof token.uid !== 'number') throw new SessionEnded('no user');
        let actor: Awaited<ReturnType<typeof loadActiveActor>>;
        try {
          actor = await loadActiveActor(getRuntime().db, token.uid, tv);
        } catch {
          // The database is unreachable: keep the session (next-auth would clear the
          // cookie on any error); every page and API call checks it again anyway.
          return token;
        }
        if (!actor) throw new SessionEnded('session revoked');
        return token;
      },
      session({ session, token }) {
        if (session.user) Object.assign(session.user, { id: token.uid, role: token.role, tv: token.tv });
        return session;
      },
      redirect({ url, baseUrl }) {
        return safeRedirectUrl(url, baseUrl);
      },
    },
    logger: {
      error(code, metadata) {
        // An ended session is routine: the cookie is cleared and the user signs in again.
        if (metadata instanceof SessionEnded || (metadata as { error?: unknown })?.error instanceof SessionEnded) return;
        getRuntime().logger.error({ code, err: metadata }, 'next-auth error');
      },
      warn(code) {
        getRuntime().logger.warn({ code }, 'next-auth warning');
      },
      debug() {},
    },
  };
}
