// The rules both socket kinds (raw /api/ws and Socket.IO /board) follow: who may connect, how fast a
// connection may talk, which events it gets, and which internal events end it. Each kind only words them.
import { DISPLAY_CHANGED_EVENT, DISPLAY_REVOKED_EVENT, type Direction } from '@/lib/realtime';
import type { DisplayLink } from '@/lib/schemas/displays';
import type { Actor } from '@/server/auth/actor';
import { loadActiveActor } from '@/server/auth/resolve-actor';
import { sessionFromCookie } from '@/server/auth/session-cookie';
import { verifyAccessToken } from '@/server/auth/tokens';
import type { Config } from '@/server/config';
import type { Db } from '@/server/db/client';
import { findActiveDisplay } from '@/server/displays/displays';
import { eventWithoutPeople } from '@/server/displays/without-people';
import type { BoardOutbound, SocketEffect } from '@/server/events/outbound-event';
import { MessageBucket, withDeadline } from '@/server/realtime/guards';

/** Token → user lookup: past this, the client is told to try again (the database is slow or away). */
const AUTH_DEADLINE_MS = 5_000;
/** The `since` replay: past this, the socket closes with "try again later" rather than stay open and silent. */
export const CATCH_UP_DEADLINE_MS = 15_000;
/** Live events held for one replaying socket; past this it reconnects instead. */
export const MAX_HELD = 10_000;
/** Refused messages after which a connection is closed: whatever floods this long is not a screen. */
const MAX_REFUSED_MESSAGES = 200;
/** A flooding connection is told at its first refused message and every this many after. */
const TELL_EVERY = 20;

/** How a user's socket says who it is: an API token, or the browser's session cookie. */
type UserCredentials = { token: string | null } | { cookie: string | undefined };

type UserAdmission = { actor: Actor /** When the token or session ends (ms since epoch). */; expiresAtMs: number };

/** Why credentials will not do. A database that cannot answer is not one of these: the admit functions throw. */
export type UserRefusal = 'missing_token' | 'unauthorized';
export type Refusal = UserRefusal | 'display_link_revoked';

type Deps = { config: Config; db: Db };

/** The user behind a token or session, or why not; throws when the database cannot say (then: try again later, not a refusal). */
export async function admitUser(deps: Deps, credentials: UserCredentials): Promise<UserAdmission | { refused: UserRefusal }> {
  const { config, db } = deps;
  let user: { id: number; tokenVersion: number; expSeconds: number } | null;
  if ('token' in credentials) {
    if (!credentials.token) return { refused: 'missing_token' };
    const claims = await verifyAccessToken(credentials.token, config.authSecret);
    user = claims && { id: claims.user_id, tokenVersion: claims.tv, expSeconds: claims.exp };
  } else {
    const session = await sessionFromCookie(credentials.cookie, config.authSecret, config.sessionMaxSeconds);
    // A browser session also ends at its absolute lifetime.
    user = session && {
      id: session.userId,
      tokenVersion: session.tokenVersion,
      expSeconds: Math.min(session.exp, session.authTime + config.sessionMaxSeconds),
    };
  }
  const actor = user ? await withDeadline(loadActiveActor(db, user.id, user.tokenVersion), AUTH_DEADLINE_MS) : null;
  if (!user || !actor) return { refused: 'unauthorized' };
  return { actor, expiresAtMs: user.expSeconds * 1000 };
}

/** The live display link behind a token, or why not; throws when the database cannot say. */
export async function admitDisplay(deps: Deps, token: string): Promise<{ display: DisplayLink } | { refused: 'display_link_revoked' }> {
  const display = await withDeadline(findActiveDisplay(deps.db, token), AUTH_DEADLINE_MS);
  return display ? { display } : { refused: 'display_link_revoked' };
}

type RateVerdict = 'accept' | 'refuse' | 'refuse_and_tell' | 'disconnect';

/** The per-connection message limit: a token bucket, and when to tell or drop a client that floods. */
export class MessageRateLimit {
  private readonly bucket: MessageBucket;

  constructor(config: Pick<Config, 'wsMessagesPerSecond' | 'wsMessageBurst'>) {
    this.bucket = new MessageBucket(config.wsMessagesPerSecond, config.wsMessageBurst);
  }

  take(): RateVerdict {
    if (this.bucket.take()) return 'accept';
    const refused = this.bucket.refused;
    if (refused > MAX_REFUSED_MESSAGES) return 'disconnect';
    return refused % TELL_EVERY === 1 ? 'refuse_and_tell' : 'refuse';
  }
}

/** The direction filter: a socket subscribed to IB or OB gets that direction's events and those of no direction. */
export const matchesDirection = (want: Direction | undefined, event: Direction | null): boolean => !want || !event || event === want;

/** The user whose sockets an effect may end, if any. */
export const userOf = (effect: SocketEffect): number | null =>
  effect.kind === 'user_deactivated' || effect.kind === 'user_token_version' ? effect.userId : null;

/** Why an effect ends a signed-in user's socket, or null when the socket stays. */
export function sessionEndedBy(effect: SocketEffect, actor: Actor): 'User deactivated' | 'Session revoked' | null {
  if (userOf(effect) !== actor.id) return null;
  if (effect.kind === 'user_deactivated') return 'User deactivated';
  // Revoked sessions: sockets of an older token version go; newer sessions stay.
  if (effect.kind === 'user_token_version' && (actor.tokenVersion ?? 1) < effect.tokenVersion) return 'Session revoked';
  return null;
}

/** Which display link's sockets an effect ends, and what they are told first; null when it is not about a link. */
export function displayNoticeOf(effect: SocketEffect): { displayId: number; event: typeof DISPLAY_REVOKED_EVENT | typeof DISPLAY_CHANGED_EVENT } | null {
  if (effect.kind === 'display_revoked') return { displayId: effect.displayId, event: DISPLAY_REVOKED_EVENT };
  if (effect.kind === 'display_changed') return { displayId: effect.displayId, event: DISPLAY_CHANGED_EVENT };
  return null;
}

/**
 * The carrier whose load an event is about (SPEC §9): an assignment's load, or the load itself; null for ramps,
 * statuses and loads of no carrier. A deleted assignment's data is as it was, so its carrier still counts.
 */
export function eventCarrier(event: BoardOutbound): number | null {
  const m = event.message;
  if (m.entity === 'assignment') return m.data.load?.carrier_id ?? null;
  if (m.entity === 'load') return m.data.carrier_id ?? null;
  return null;
}

/**
 * What a carrier user's socket makes of a board event: its own carrier's load or assignment, people stripped
 * (`own`); a status, which names no one (`status`); any other assignment or ramp change, which only tells the
 * portal that free windows may have changed (`availability`, Socket.IO only); nothing else (other carriers' loads).
 */
export type CarrierView = 'own' | 'status' | 'availability' | null;
export function carrierView(event: BoardOutbound, carrierId: number, eventCarrierId = eventCarrier(event)): CarrierView {
  const entity = event.message.entity;
  if (entity === 'status') return 'status';
  if (eventCarrierId !== null && eventCarrierId === carrierId) return 'own';
  return entity === 'assignment' || entity === 'ramp' ? 'availability' : null;
}

/** The raw /api/ws text of an assignment event without people, built once per event however many carrier sockets get it. */
const carrierSeedTexts = new WeakMap<BoardOutbound, string>();
export function carrierSeedJson(event: BoardOutbound): string {
  let json = carrierSeedTexts.get(event);
  if (json === undefined) {
    const { entity: _entity, entity_id: _entityId, ...seed } = eventWithoutPeople(event.message);
    json = JSON.stringify(seed);
    carrierSeedTexts.set(event, json);
  }
  return json;
}
