import 'server-only';
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { CLIENT_IP_HEADER } from '@/server/auth/client-ip';
import { authenticate } from '@/server/auth/login';
import { HttpError } from '@/server/errors';
import { getRuntime } from '@/server/runtime';


/** Browser sessions: credentials checked by the same code as POST /api/auth/login, kept in a JWT cookie. */
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
            return { id: String(actor.id), email: actor.email, name: actor.fullName, role: actor.role };
          } catch (error) {
            if (error instanceof HttpError && error.status === 429) throw new Error('RateLimited');
            if (error instanceof HttpError) return null;
            throw error;
          }
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          token.uid = Number(user.id);
          token.role = (user as { role?: string }).role;
        }
        return token;
      },
      session({ session, token }) {
        if (session.user) Object.assign(session.user, { id: token.uid, role: token.role });
        return session;
      },
    },
  };
}
